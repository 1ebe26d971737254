from hoanhap.core.scope import Scope


def test_scope_covers_its_subtrees_only() -> None:
    scope = Scope(paths=("/c/20/",))
    assert scope.covers("/c/20/")
    assert scope.covers("/c/20/06325/")
    assert not scope.covers("/c/51/23293/")
    assert not scope.covers("/c/2/")
    assert not scope.covers("")
    assert not scope.covers(None)


def test_a_sibling_code_with_the_same_prefix_is_not_covered() -> None:
    # "/c/20/" must not reach "/c/201/..." (the trailing slash is part of every path).
    assert not Scope(paths=("/c/20/",)).covers("/c/201/00001/")


def test_everything_covers_all_and_empty_covers_nothing() -> None:
    assert Scope(everything=True).covers("/l/62/608/23293/")
    assert not Scope().covers("/c/20/")
