import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.exchange.reading.identifiers import parse_cccd, parse_phone
from hoanhap.exchange.reading.values import Birth, Parsed, parse_birth, parse_text
from hoanhap.exchange.reading.words import (
    parse_disability_types,
    parse_ethnicity,
    parse_household,
    parse_mark,
    parse_severity,
    parse_sex,
)
from hoanhap.people.models import Household, Sex

TODAY = date(2025, 6, 1)


def cell_datetime(*parts: int) -> datetime:
    """A date-and-time cell as calamine yields it: spreadsheets keep no time zone."""
    return datetime(*parts)  # noqa: DTZ001


HOANHAP = Path(__file__).resolve().parents[3] / "hoanhap"


@pytest.fixture(scope="module")
def province_codes() -> frozenset[str]:
    with (HOANHAP / "geo" / "data" / "units_legacy.csv").open(encoding="utf-8") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle) if not row["parent_code"])


@pytest.fixture(scope="module")
def ethnicities() -> dict[str, str]:
    with (HOANHAP / "people" / "data" / "ethnicities.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


# --- Text --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (None, ""),
        ("  Hoàng   Văn  Thắng ", "Hoàng Văn Thắng"),
        ("Nông Đức\nMạnh", "Nông Đức Mạnh"),
        ("NguyÔn V¨n Hïng", "Nguyễn Văn Hùng"),
        ("Löông Thò Phöôïng", "Lương Thị Phượng"),
        ("Nguye\u0302\u0303n Thi\u0323 Mai", "Nguyễn Thị Mai"),
        ("Thôn\u200b Bản Chắt", "Thôn Bản Chắt"),
        ("'0205 3870 123", "0205 3870 123"),
        (12, "12"),
        (12.0, "12"),
        (1.5, "1.5"),
        (0.1 + 0.2, "0.3"),
        (date(2020, 1, 2), "02/01/2020"),
        (cell_datetime(2020, 1, 2), "02/01/2020"),
        (cell_datetime(2020, 1, 2, 13, 5), "02/01/2020 13:05"),
        (True, "TRUE"),
    ],
)
def test_parse_text_gives_single_spaced_unicode(raw: Any, text: str) -> None:
    assert parse_text(raw) == Parsed(text)


# --- Date of birth -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "birth"),
    [
        (date(1985, 5, 15), Birth(date(1985, 5, 15), 1985)),
        (cell_datetime(1985, 5, 15), Birth(date(1985, 5, 15), 1985)),
        (31182, Birth(date(1985, 5, 15), 1985)),  # a date cell that lost its format
        (31182.75, Birth(date(1985, 5, 15), 1985)),  # with a time of day
        (1985, Birth(None, 1985)),
        (1985.0, Birth(None, 1985)),
        ("1985", Birth(None, 1985)),
        ("15/05/1985", Birth(date(1985, 5, 15), 1985)),
        ("5/8/1962", Birth(date(1962, 8, 5), 1962)),
        ("15-05-1985", Birth(date(1985, 5, 15), 1985)),
        ("15.05.1985", Birth(date(1985, 5, 15), 1985)),
        (" 15 / 05 / 1985 ", Birth(date(1985, 5, 15), 1985)),
        ("'15/05/1985", Birth(date(1985, 5, 15), 1985)),
        ("15/05/1985 00:00:00", Birth(date(1985, 5, 15), 1985)),
        ("1985-05-15", Birth(date(1985, 5, 15), 1985)),
        ("05/1985", Birth(None, 1985)),  # the registry keeps the year only
        ("5/1985", Birth(None, 1985)),
        ("31048", Birth(date(1985, 1, 1), 1985)),
        ("01/06/2025", Birth(date(2025, 6, 1), 2025)),
        ("1900", Birth(None, 1900)),
    ],
)
def test_parse_birth_reads_dates_serials_and_years(raw: Any, birth: Birth) -> None:
    assert parse_birth(raw, today=TODAY) == Parsed(birth)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_parse_birth_of_an_empty_cell_is_nothing_without_a_problem(raw: Any) -> None:
    assert parse_birth(raw, today=TODAY) == Parsed(None)


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("15/05/85", "15/05/85"),  # 1885, 1985 or 2085?
        ("85", "85"),
        ("5/85", "5/85"),
        ("31/02/1985", "31/02/1985"),
        ("15/13/1985", "15/13/1985"),
        ("13/1985", "13/1985"),
        ("02/06/2025", "02/06/2025"),  # tomorrow
        ("2026", "2026"),
        ("1850", "1850"),
        ("01/01/1899", "1899"),
        (1899, "1899"),
        (195, "195"),  # a year with a digit missing, not the serial of a day in 1900
        (70000, "70000"),
        (1985.5, "1985.5"),
        ("năm 85", "năm 85"),
        ("không rõ", "không rõ"),
        (True, "TRUE"),
    ],
)
def test_parse_birth_refuses_what_is_not_a_plausible_birth_and_names_it(raw: Any, named: str) -> None:
    parsed = parse_birth(raw, today=TODAY)
    assert parsed.value is None
    assert parsed.problem is not None
    assert named in str(parsed.problem)


# --- Citizen ID ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cccd"),
    [
        ("020085001234", "020085001234"),  # Lạng Sơn, a man born in 1985
        ("020 085 001 234", "020085001234"),
        ("020.085.001.234", "020085001234"),
        ("020-085-001-234", "020085001234"),
        ("'020085001234", "020085001234"),
        (20085001234, "020085001234"),  # a number cell: the leading zero is gone
        (20085001234.0, "020085001234"),
        (1201004567, "001201004567"),  # Hà Nội: two zeros gone
        ("2.0085001234E+10", "020085001234"),  # the number saved as Excel showed it, with every digit
        (62190004567, "062190004567"),  # Kon Tum, a woman born in 1990
        ("064300123456", "064300123456"),  # Gia Lai, a boy born in 2000
    ],
)
def test_parse_cccd_normalises_and_restores_lost_zeros(
    raw: Any, cccd: str, province_codes: frozenset[str]
) -> None:
    assert parse_cccd(raw, province_codes=province_codes) == Parsed(cccd)


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_parse_cccd_of_an_empty_cell_is_empty(raw: Any, province_codes: frozenset[str]) -> None:
    assert parse_cccd(raw, province_codes=province_codes) == Parsed("")


@pytest.mark.parametrize(("raw", "named"), [("082123456", "082123456"), (82123456, "82123456")])
def test_parse_cccd_says_an_old_identity_card_number_is_not_a_citizen_id(
    raw: Any, named: str, province_codes: frozenset[str]
) -> None:
    parsed = parse_cccd(raw, province_codes=province_codes)
    assert parsed.value == ""
    assert "CMND" in str(parsed.problem)
    assert named in str(parsed.problem)


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("1.20085E+10", "1.20085E+10"),  # rounded for display: the last digits are lost
        ("02008500123", "02008500123"),  # typed text: a missing digit is not a lost zero
        ("999085001234", "999085001234"),  # no province or country has the code 999
        (999085001234, "999085001234"),
        ("020 085 001 23x", "020 085 001 23x"),
        (12.5, "12.5"),
        (date(1985, 5, 15), "15/05/1985"),
        (True, "TRUE"),
    ],
)
def test_parse_cccd_refuses_what_cannot_be_a_citizen_id_and_names_it(
    raw: Any, named: str, province_codes: frozenset[str]
) -> None:
    parsed = parse_cccd(raw, province_codes=province_codes)
    assert parsed.value == ""
    assert parsed.problem is not None
    assert named in str(parsed.problem)


# --- Sex -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "sex"),
    [
        *[(word, Sex.MALE) for word in ("Nam", "nam", "NAM", " Nam ", "M", "male", "Nam giới", "trai")],
        *[(word, Sex.FEMALE) for word in ("Nữ", "nữ", "NỮ", "nu", "Nu", "F", "female", "nữ giới", "Gái")],
        ("N÷", Sex.FEMALE),  # TCVN3
        ("Nöõ", Sex.FEMALE),  # VNI
    ],
)
def test_parse_sex_reads_the_words_officers_write(raw: str, sex: str) -> None:
    assert parse_sex(raw) == Parsed(sex)


def test_parse_sex_of_an_empty_cell_is_nothing() -> None:
    assert parse_sex(None) == parse_sex("") == Parsed(None)


@pytest.mark.parametrize("raw", ["N", "Nam/Nữ", "1", 1, "Ông", True])
def test_parse_sex_refuses_anything_else(raw: Any) -> None:
    parsed = parse_sex(raw)
    assert parsed.value is None
    assert parsed.problem is not None
    assert "Nam" in str(parsed.problem)


# --- Severity ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "severity"),
    [
        *[
            (word, Severity.PARTICULARLY_SEVERE)
            for word in (
                "Đặc biệt nặng",
                "ĐBN",
                "DBN",
                "đbn",
                "dac biet nang",
                "Đặc biệt nặng (ĐBN)",
                "KT đặc biệt nặng",
                "ĐẶC BIỆT NẶNG",
                "§Æc biÖt nÆng",
            )
        ],
        *[(word, Severity.SEVERE) for word in ("Nặng", "nang", "NẶNG", "KT nặng", "Khuyết tật nặng")],
        *[(word, Severity.MILD) for word in ("Nhẹ", "nhe", "KT nhẹ", "mức độ nhẹ", "Nheï")],
    ],
)
def test_parse_severity_reads_the_words_officers_write(raw: str, severity: str) -> None:
    assert parse_severity(raw) == Parsed(severity)


@pytest.mark.parametrize("raw", ["rất nặng", "nặng, nhẹ", "KT", "Vận động", "2", 2, date(2020, 1, 1)])
def test_parse_severity_refuses_unknown_or_ambiguous_words_and_names_them(raw: Any) -> None:
    parsed = parse_severity(raw)
    assert parsed.value is None
    assert parsed.problem is not None
    assert "Đặc biệt nặng" in str(parsed.problem)
    if isinstance(raw, str):
        assert raw in str(parsed.problem)


# --- Disability types ----------------------------------------------------------------------------------

MOBILITY = DisabilityType.MOBILITY.value
HEARING = DisabilityType.HEARING_SPEECH.value
VISION = DisabilityType.VISION.value
PSYCHOSOCIAL = DisabilityType.PSYCHOSOCIAL.value
INTELLECTUAL = DisabilityType.INTELLECTUAL.value
OTHER = DisabilityType.OTHER.value


@pytest.mark.parametrize(
    ("raw", "types"),
    [
        *[((word,), (MOBILITY,)) for word in ("Vận động", "VĐ", "van dong", "KT vận động", "bại liệt")],
        *[((word,), (HEARING,)) for word in ("Nghe, nói", "Nghe nói", "câm điếc", "điếc", "khiếm thính")],
        *[((word,), (VISION,)) for word in ("Nhìn", "mù", "khiếm thị", "Mù lòa")],
        *[((word,), (PSYCHOSOCIAL,)) for word in ("Thần kinh, tâm thần", "TK-TT", "tâm thần", "động kinh")],
        *[
            ((word,), (INTELLECTUAL,))
            for word in ("Trí tuệ", "chậm phát triển trí tuệ", "thiểu năng trí tuệ", "TRÍ TUỆ")
        ],
        (("Khác",), (OTHER,)),
        (("Vận động, Nghe nói",), (MOBILITY, HEARING)),
        (("Vận động + Nghe, nói",), (MOBILITY, HEARING)),
        (("Nhìn; vận động\ntrí tuệ",), (MOBILITY, VISION, INTELLECTUAL)),
        (("trí tuệ và vận động",), (MOBILITY, INTELLECTUAL)),
        (("vận động - nhìn",), (MOBILITY, VISION)),
        (("VĐ/TK",), (MOBILITY, PSYCHOSOCIAL)),
        (("Vận động, vận động",), (MOBILITY,)),
        (("Đa tật: vận động, nghe nói",), (MOBILITY, HEARING)),
        (("VËn ®éng, nghe nãi",), (MOBILITY, HEARING)),  # TCVN3
        (("Vaän ñoäng",), (MOBILITY,)),  # VNI
    ],
)
def test_parse_disability_types_reads_one_or_several_types_in_legal_order(
    raw: tuple[str], types: tuple[str, ...]
) -> None:
    assert parse_disability_types(raw[0]) == Parsed(types)


def test_parse_disability_types_of_an_empty_cell_is_no_type() -> None:
    assert parse_disability_types(None) == parse_disability_types(" ") == Parsed(())


def test_parse_disability_types_names_the_words_it_does_not_know() -> None:
    parsed = parse_disability_types("Vận động, tự kỷ")
    assert parsed.value == ()
    assert "“tự kỷ”" in str(parsed.problem)


def test_multiple_disabilities_without_the_types_go_to_the_officer() -> None:
    parsed = parse_disability_types("Đa tật")
    assert parsed.value == ()
    assert parsed.problem is not None
    assert "Đa tật" in str(parsed.problem)


@pytest.mark.parametrize("raw", ["KT", 3, True, date(2020, 1, 1)])
def test_parse_disability_types_refuses_cells_naming_no_type(raw: Any) -> None:
    parsed = parse_disability_types(raw)
    assert parsed.value == ()
    assert parsed.problem is not None


# --- Marks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["x", "X", " x ", "✓", "✔", "√", "v", "V", "1", "có", "Có", "ü", True, 1, 1.0]
)
def test_parse_mark_reads_ticks(raw: Any) -> None:
    assert parse_mark(raw) == Parsed(True)


@pytest.mark.parametrize("raw", [None, "", "  ", "0", "không", "Không", "-", False, 0])
def test_parse_mark_reads_blanks(raw: Any) -> None:
    assert parse_mark(raw) == Parsed(False)


@pytest.mark.parametrize("raw", ["2", 2, "Nặng", "yes?", date(2024, 1, 1)])
def test_parse_mark_refuses_anything_else(raw: Any) -> None:
    parsed = parse_mark(raw)
    assert parsed.value is False
    assert parsed.problem is not None


# --- Household -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "household"),
    [
        *[
            (word, Household.POOR)
            for word in ("Hộ nghèo", "nghèo", "HN", "hn", "HN 2024", "Hộ nghèo năm 2023")
        ],
        *[(word, Household.NEAR_POOR) for word in ("Cận nghèo", "hộ cận nghèo", "CN", "HCN", "Hé cËn nghÌo")],
        *[(word, Household.NONE) for word in ("không", "Không", "", "-", "0", "thoát nghèo", "Bình thường")],
        (None, Household.NONE),
        (0, Household.NONE),
    ],
)
def test_parse_household_reads_the_words_officers_write(raw: Any, household: str) -> None:
    assert parse_household(raw) == Parsed(household)


@pytest.mark.parametrize("raw", ["Nghèo, cận nghèo", "khá", "1", 1, "2024", True])
def test_parse_household_refuses_anything_else(raw: Any) -> None:
    parsed = parse_household(raw)
    assert parsed.value == Household.NONE
    assert parsed.problem is not None


# --- Ethnicity -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        *[(word, "01") for word in ("Kinh", "kinh", "KINH", "Việt", "1", "01", 1)],
        *[(word, "02") for word in ("Tày", "Tay", "TÀY", "dân tộc Tày", "DT Tày", "Tµy", "Taøy")],
        *[(word, "07") for word in ("Nùng", "Nung", "Nïng", "Nùng Phàn Slình", "Nùng Cháo", "người Nùng")],
        *[(word, "09") for word in ("Dao", "Dao Đỏ", "Dao Tiền", "Mán")],
        *[(word, "08") for word in ("Mông", "H'Mông", "Hmông", "HMông", "H’Mông", "Mèo", "Mông Hoa")],
        *[(word, "15") for word in ("Sán Chay", "Cao Lan", "Sán Chỉ")],
        ("Hoa", "04"),
        *[(word, "13") for word in ("Ba Na", "Bana", "Ba-na", "Bahnar")],
        *[(word, "14") for word in ("Xơ Đăng", "Xê Đăng", "Sedang", "Xơ-đăng")],
        *[(word, "12") for word in ("Ê Đê", "Êđê", "Ê-đê", "Ede", "Rhade")],
        *[(word, "10") for word in ("Gia Rai", "Gia-rai", "Jrai", "Jarai")],
        *[(word, "27") for word in ("Giẻ Triêng", "Gié Triêng", "Giẻ-Triêng")],
        ("Brâu", "52"),
        ("Rơ Măm", "54"),
        ("Người nước ngoài", "55"),
    ],
)
def test_parse_ethnicity_reads_official_and_other_names(
    raw: Any, code: str, ethnicities: dict[str, str]
) -> None:
    assert parse_ethnicity(raw, ethnicities=ethnicities) == Parsed(code)


def test_parse_ethnicity_of_an_empty_cell_is_nothing(ethnicities: dict[str, str]) -> None:
    assert parse_ethnicity(None, ethnicities=ethnicities) == Parsed(None)


@pytest.mark.parametrize("raw", ["Kinh Tày", "Ksor", "77", 77, date(2020, 1, 1)])
def test_parse_ethnicity_refuses_unknown_names(raw: Any, ethnicities: dict[str, str]) -> None:
    parsed = parse_ethnicity(raw, ethnicities=ethnicities)
    assert parsed.value is None
    assert parsed.problem is not None


def test_parse_ethnicity_uses_only_the_groups_it_is_given() -> None:
    only_two = {"01": "Kinh", "02": "Tày"}
    assert parse_ethnicity("Tày", ethnicities=only_two) == Parsed("02")
    assert parse_ethnicity("Mèo", ethnicities=only_two).problem is not None


# --- Phone ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("(+84) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        (912345678, "0912345678"),  # a number cell dropped the zero
        (912345678.0, "0912345678"),
        ("368123456", "0368123456"),
        ("01688123456", "0388123456"),  # renumbered in 2018
        (1238123456, "0838123456"),
        ("0205 3870 123", "02053870123"),  # a landline in Lạng Sơn
        (2053870123, "02053870123"),
        ("'0912345678", "0912345678"),
        (None, ""),
        ("", ""),
    ],
)
def test_parse_phone_gives_the_digits_from_zero(raw: Any, phone: str) -> None:
    assert parse_phone(raw) == Parsed(phone)


@pytest.mark.parametrize(
    "raw", ["12345", "0912345", "091234567890", "0253870123", "số 0912345678", 12.5, date(2020, 1, 1), True]
)
def test_parse_phone_refuses_what_is_not_a_phone_number(raw: Any) -> None:
    parsed = parse_phone(raw)
    assert parsed.value == ""
    assert parsed.problem is not None


@pytest.mark.parametrize(
    "raw", ["0912345678 / 0987654321", "0912345678 - 0205 3870 123", "0912345678; 0987654321"]
)
def test_parse_phone_leaves_the_choice_between_two_numbers_to_the_officer(raw: str) -> None:
    parsed = parse_phone(raw)
    assert parsed.value == ""
    assert raw in str(parsed.problem)


# --- Every parser, every raw type ----------------------------------------------------------------------

ODD_CELLS = [
    None,
    "",
    " ",
    "\n",
    "©",
    "Lò Văn Xoan",
    0,
    -1,
    10**20,
    0.0,
    float("nan"),
    float("inf"),
    -3.5,
    True,
    False,
    date(1, 1, 1),
    cell_datetime(9999, 12, 31, 23, 59),
    time(8, 30),
    timedelta(days=2),
]


@pytest.mark.parametrize("raw", ODD_CELLS, ids=repr)
def test_no_parser_raises_on_any_cell(
    raw: Any, province_codes: frozenset[str], ethnicities: dict[str, str]
) -> None:
    results = [
        parse_text(raw),
        parse_birth(raw, today=TODAY),
        parse_cccd(raw, province_codes=province_codes),
        parse_sex(raw),
        parse_severity(raw),
        parse_disability_types(raw),
        parse_mark(raw),
        parse_household(raw),
        parse_ethnicity(raw, ethnicities=ethnicities),
        parse_phone(raw),
    ]
    for result in results:
        assert isinstance(result, Parsed)
        assert result.problem is None or str(result.problem)
