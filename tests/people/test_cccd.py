import pytest

from hoanhap.people.cccd import cccd_problems, normalize_cccd

PROVINCES = frozenset({"01", "20", "62"})


def codes(number: str, sex: str = "male", birth_year: int | None = 1985) -> list[str]:
    return [
        problem.code
        for problem in cccd_problems(number, sex=sex, birth_year=birth_year, province_codes=PROVINCES)
    ]


def test_a_valid_number_has_no_problem() -> None:
    assert codes("020085123456") == []  # Lạng Sơn, male, 1985
    assert codes("020185123456", sex="female") == []
    assert codes("062212000001", sex="male", birth_year=2012) == []  # Kon Tum, born 2012


@pytest.mark.parametrize(
    ("number", "problem"),
    [("02008512345", "length"), ("0200851234567", "length"), ("02008512345A", "not_digits")],
)
def test_wrong_length_or_characters(number: str, problem: str) -> None:
    assert codes(number) == [problem]


def test_the_sex_digit_must_agree_with_the_record() -> None:
    assert codes("020185123456", sex="male") == ["sex"]
    assert codes("020085123456", sex="female") == ["sex"]


def test_the_century_and_year_must_agree_with_the_birth_year() -> None:
    assert codes("020285123456", birth_year=1985) == ["birth_year"]  # says 2085
    assert codes("020086123456", birth_year=1985) == ["birth_year"]


def test_a_country_code_for_a_birth_abroad_is_accepted_and_unknown_places_are_not() -> None:
    assert codes("410085123456") == []  # 410: Republic of Korea
    assert codes("099085123456") == ["place"]  # neither a legacy province nor a country


def test_normalize_removes_spaces_and_separators() -> None:
    assert normalize_cccd(" 020 085.123-456 ") == "020085123456"
