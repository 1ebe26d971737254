import pytest

from hoanhap.geo.models import Edition
from hoanhap.geo.selectors import unit_ancestors, unit_get, unit_search, unit_successions

pytestmark = pytest.mark.django_db


def names(units: object) -> list[str]:
    return [unit.name for unit in units]  # type: ignore[attr-defined]


def test_search_ignores_diacritics_and_case() -> None:
    assert "Xã Bắc Sơn" in names(unit_search(query="bac son"))
    assert "Xã Bắc Sơn" in names(unit_search(query="BẮC SƠN"))


def test_search_finds_dak_lak_province() -> None:
    found = names(unit_search(query="dak lak"))
    assert found[0] == "Tỉnh Đắk Lắk"


def test_search_in_the_legacy_edition_finds_the_old_district() -> None:
    found = names(unit_search(query="bac son", edition=Edition.LEGACY))
    assert "Huyện Bắc Sơn" in found
    assert "Thị trấn Bắc Sơn" in found
    # Districts come before communes.
    assert found.index("Huyện Bắc Sơn") < found.index("Thị trấn Bắc Sơn")


def test_search_by_code_and_within_a_parent() -> None:
    assert names(unit_search(query="06325")) == ["Xã Bắc Sơn"]
    lang_son = unit_get(edition=Edition.CURRENT, code="20")
    within = unit_search(query="son", parent=lang_son)
    assert within.exists()
    assert all(unit.path.startswith(lang_son.path) for unit in within)


def test_a_current_commune_lists_its_legacy_predecessors() -> None:
    bac_son = unit_get(edition=Edition.CURRENT, code="06325")
    predecessors = {s.predecessor.name for s in unit_successions(unit=bac_son)}
    assert predecessors == {"Thị trấn Bắc Sơn", "Xã Long Đống", "Xã Bắc Quỳnh"}


def test_a_legacy_commune_lists_its_successor() -> None:
    old = unit_get(edition=Edition.LEGACY, code="06328")
    assert [s.successor.name for s in unit_successions(unit=old)] == ["Xã Bắc Sơn"]


def test_ancestors_of_a_legacy_commune_are_province_then_district() -> None:
    old = unit_get(edition=Edition.LEGACY, code="06328")
    assert [unit.name for unit in unit_ancestors(unit=old)] == ["Tỉnh Lạng Sơn", "Huyện Bắc Sơn"]
