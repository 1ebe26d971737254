"""The words people write in commune lists, turned into the registry's values.

Each parser takes one raw cell as the reader yields it (``str``, ``int``, ``float``, ``bool``, ``date``,
``datetime`` or ``None``; anything else is refused, never raised on) and returns a ``Parsed``: the
normalised value and ``problem``, ``None`` or a translatable message naming the value and saying what is
expected. When there is a problem the value is the field's empty value, so a half-understood cell is never
imported as if it were right. An empty cell is not a problem here: whether a field is required is the
import's rule, not the parser's.

Text goes through ``to_unicode`` first, so legacy TCVN3 and VNI cells are read like Unicode ones, and words
are matched on their folded form (no diacritics, no case), so "nu", "Nữ" and "NỮ" are the same word. A
caller that knows a column's legacy encoding converts its cells with ``to_unicode(cell, prefer=...)``
before parsing: converting again without a preference leaves Unicode text as it is.
Nothing here touches the database: the caller passes what it needs (the ethnicities, the province codes).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Generic, TypeVar

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.core.text import fold, normalize_name
from hoanhap.exchange.reading.encoding import to_unicode
from hoanhap.people.cccd import cccd_problems, normalize_cccd
from hoanhap.people.models import Household, Sex

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

CellValue = str | int | float | bool | date | datetime | None
Problem = str | Promise
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    value: T
    problem: Problem | None = None


@dataclass(frozen=True, slots=True)
class Birth:
    """A full date of birth, or the year alone (``birth_date`` is then ``None``)."""

    birth_date: date | None
    birth_year: int


OLDEST_BIRTH_YEAR = 1900
# Excel counts days from 1899-12-30 (so that its fictitious 29 February 1900 costs nothing after it).
EXCEL_EPOCH = date(1899, 12, 30)
# Four digits are a year; an Excel date serial has five (10000 is 18/05/1927, 60000 is in 2064).
_SERIALS = range(10_000, 60_001)

_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\xad"))


def _once_per_text(parser: Callable[[CellValue], Parsed[T]]) -> Callable[[CellValue], Parsed[T]]:
    """``parser`` remembering what it made of each distinct text.

    A list writes the same few words thousands of times ("Nặng", "Vận động", "x"), and matching them is
    the costly part of a row. Safe because these parsers depend on the cell alone and their messages are
    lazy, translated when shown. Other cells (numbers, dates) are parsed each time.
    """
    remembered = lru_cache(maxsize=4096)(parser)

    @wraps(parser)
    def parse(value: CellValue) -> Parsed[T]:
        return remembered(value) if type(value) is str else parser(value)

    return parse


def parse_text(value: CellValue) -> Parsed[str]:
    """Any cell as single-spaced NFC text: numbers without ".0", dates as dd/mm/yyyy."""
    return Parsed(_text(value))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = normalize_name(to_unicode(value).translate(_INVISIBLE))
        # Excel's marker for "keep this as text" ('0912…) survives in some exports.
        return text[1:].lstrip() if text.startswith("'") else text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.15g}"  # the precision Excel shows; no binary noise such as 0.30000000000000004
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}" if value.time() == time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, timedelta):
        return str(value)
    return normalize_name(str(value))


def _refuse(empty: T, message: StrPromise, value: object, **details: object) -> Parsed[T]:
    """The field's empty value with ``message``, its "{value}" filled with the cell as the officer sees it."""
    return Parsed(empty, format_lazy(message, value=_text(value), **details))


def _folded_words(text: str) -> list[str]:
    """The words of ``text`` folded, punctuation dropped: "Nghe, nói" → ["nghe", "noi"]."""
    return re.findall(r"[a-z0-9]+", fold(text))


# --- Date of birth -----------------------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{2}|\d{4})")
_TIME_OF_DAY = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")


def parse_birth(value: CellValue, *, today: date | None = None) -> Parsed[Birth | None]:
    """A date of birth, or a year alone, from a date cell, a number or a text.

    Accepted: date cells; a number of four digits (a year) or five (an Excel date serial, the date cell
    that lost its format); texts "dd/mm/yyyy", "d/m/yyyy" with "/", "-" or "." between the parts,
    "yyyy-mm-dd", "yyyy" and "mm/yyyy". The registry keeps a full date or a year, so a month and year
    gives the year only. A two-digit year is refused (is "15/05/25" 1925 or 2025?), as are dates in the
    future or before 1900, and numbers below 10000 that are no year: as a serial they would be dates
    before 1928, far likelier a mistyped year than a birth date.
    """
    today = today or timezone.localdate()
    if value is None or isinstance(value, bool):
        return _no_birth(value)
    if isinstance(value, datetime):
        return _birth_date(value.date(), today=today)
    if isinstance(value, date):
        return _birth_date(value, today=today)
    if isinstance(value, int | float):
        return _birth_from_number(value, today=today)
    if not isinstance(value, str):
        return _no_birth(value)
    text = _text(value)
    if not text:
        return Parsed(None)
    compact = _TIME_OF_DAY.sub("", re.sub(r"\s*([/.-])\s*", r"\1", text))
    if compact.isdigit():
        if len(compact) == 2:
            return _two_digit_year(text)
        return _birth_from_number(int(compact), today=today, shown=text)
    if match := _DAY_MONTH_YEAR.fullmatch(compact):
        day, month, year = match.groups()
        if len(year) == 2:
            return _two_digit_year(text)
        return _birth_from_parts(int(year), int(month), int(day), text=text, today=today)
    if match := _YEAR_MONTH_DAY.fullmatch(compact):
        year, month, day = match.groups()
        return _birth_from_parts(int(year), int(month), int(day), text=text, today=today)
    if match := _MONTH_YEAR.fullmatch(compact):
        month, year = match.groups()
        if len(year) == 2:
            return _two_digit_year(text)
        if not 1 <= int(month) <= 12:
            return _no_birth(text)
        return _birth_year(int(year), today=today)
    return _no_birth(text)


def _birth_from_number(number: float, *, today: date, shown: str | None = None) -> Parsed[Birth | None]:
    if not math.isfinite(number) or number < 0:
        return _no_birth(shown or number)
    if not float(number).is_integer() and number < _SERIALS.start:
        return _no_birth(shown or number)
    whole = int(number)  # a serial with a time of day (33970.5) is still that day
    if 1000 <= whole <= 9999:
        return _birth_year(whole, today=today)
    if whole in _SERIALS:
        return _birth_date(EXCEL_EPOCH + timedelta(days=whole), today=today)
    return _no_birth(shown or number)


def _birth_from_parts(year: int, month: int, day: int, *, text: str, today: date) -> Parsed[Birth | None]:
    try:
        born = date(year, month, day)
    except ValueError:
        return _no_birth(text)
    return _birth_date(born, today=today)


def _birth_date(born: date, *, today: date) -> Parsed[Birth | None]:
    if born > today:
        return Parsed(None, format_lazy(_("The date of birth {date} is in the future."), date=_text(born)))
    if born.year < OLDEST_BIRTH_YEAR:
        return Parsed(None, _too_old(born.year))
    return Parsed(Birth(born, born.year))


def _birth_year(year: int, *, today: date) -> Parsed[Birth | None]:
    if year > today.year:
        return Parsed(None, format_lazy(_("The year of birth {year} is in the future."), year=year))
    if year < OLDEST_BIRTH_YEAR:
        return Parsed(None, _too_old(year))
    return Parsed(Birth(None, year))


def _too_old(year: int) -> Problem:
    return format_lazy(_("The year of birth {year} is before {oldest}."), year=year, oldest=OLDEST_BIRTH_YEAR)


def _two_digit_year(text: str) -> Parsed[Birth | None]:
    return _refuse(
        None, _("“{value}” has a two-digit year: write it with four digits, as in 15/05/1985."), text
    )


def _no_birth(value: object) -> Parsed[Birth | None]:
    if value is None:
        return Parsed(None)
    message = _("“{value}” is not a date of birth: write day/month/year (15/05/1985) or the year (1985).")
    return _refuse(None, message, value)


# --- Citizen ID ----------------------------------------------------------------------------------------

# "1.23457E+11": a 12-digit number shown in scientific notation and saved that way, its last digits lost.
_SCIENTIFIC = re.compile(r"(\d)(?:[.,](\d+))?[eE]\+?\d{1,2}")
# Fewer significant digits than this in such a text and the number was rounded for display.
_EXACT_SCIENTIFIC_DIGITS = 10
_CCCD_LENGTH = 12
_CMND_LENGTHS = (8, 9)  # a 9-digit CMND number; 8 when a number cell dropped its leading zero


def parse_cccd(value: CellValue, *, province_codes: frozenset[str]) -> Parsed[str]:
    """A citizen ID (12 digits) from a text with spaces, dots or dashes, or from a number cell.

    A number cell has lost the leading zeros every ID born in a province 001–099 starts with: they are
    put back when the padded number passes the structural check of ``hoanhap.people.cccd`` (province or
    country code in the first three digits). Text is taken as typed: a missing digit there cannot be told
    from a lost zero. ``province_codes`` are the legacy provinces' two-digit codes. The agreement with the
    person's sex and birth year is checked later, with the rest of the record.
    """
    if value is None:
        return Parsed("")
    if isinstance(value, bool | date):
        return _not_a_cccd(value, _("It is not a number."))
    if isinstance(value, float):
        if not value.is_integer() or value < 0:
            return _not_a_cccd(value, _("It is not a whole number."))
        value = int(value)
    if isinstance(value, int):
        return _cccd_from_number(value, province_codes=province_codes)
    if not isinstance(value, str):
        return _not_a_cccd(value, _("It is not a number."))
    text = _text(value)
    if not text:
        return Parsed("")
    if match := _SCIENTIFIC.fullmatch(text):
        lead, decimals = match.groups()
        if len(lead + (decimals or "")) < _EXACT_SCIENTIFIC_DIGITS:
            return _not_a_cccd(
                text, _("Excel showed it in scientific notation and its last digits were lost.")
            )
        try:
            number = int(Decimal(text.replace(",", ".")))
        except InvalidOperation:
            return _not_a_cccd(text, _("It is not a number."))
        return _cccd_from_number(number, province_codes=province_codes)
    digits = normalize_cccd(text)
    if len(digits) == 9 and digits.isdigit():
        return _cmnd(text)
    return _checked_cccd(digits, shown=text, province_codes=province_codes)


def _cccd_from_number(number: int, *, province_codes: frozenset[str]) -> Parsed[str]:
    digits = str(number)
    if len(digits) in _CMND_LENGTHS:
        return _cmnd(digits)
    if _CCCD_LENGTH - 2 <= len(digits) < _CCCD_LENGTH:
        return _checked_cccd(digits.zfill(_CCCD_LENGTH), shown=digits, province_codes=province_codes)
    return _checked_cccd(digits, shown=digits, province_codes=province_codes)


def _checked_cccd(number: str, *, shown: str, province_codes: frozenset[str]) -> Parsed[str]:
    problems = cccd_problems(number, sex="", birth_year=None, province_codes=province_codes)
    if problems:
        return _not_a_cccd(shown, problems[0].message)
    return Parsed(number)


def _cmnd(shown: str) -> Parsed[str]:
    message = _("“{value}” is an old identity card (CMND) number: enter the 12-digit citizen ID (CCCD).")
    return _refuse("", message, shown)


def _not_a_cccd(value: object, reason: Problem) -> Parsed[str]:
    return _refuse("", _("“{value}” is not a valid citizen ID. {reason}"), value, reason=reason)


# --- Words ------------------------------------------------------------------------------------------

_FILLER = "filler"  # a word that says nothing by itself ("KT" for khuyết tật, "và")


def _phrases(meanings: Mapping[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Each meaning's phrases ("đặc biệt nặng"), folded into word tuples, for ``_match``."""
    # str() turns the choices (Sex.MALE) into their plain values ("male").
    return {
        tuple(_folded_words(phrase)): str(meaning)
        for meaning, phrases in meanings.items()
        for phrase in phrases
    }


def _match(words: list[str], phrases: Mapping[tuple[str, ...], str]) -> tuple[list[str], list[int]]:
    """The meanings of the phrases found in ``words``, longest first, and the positions of unknown words."""
    longest = max(map(len, phrases))
    meanings: list[str] = []
    unknown: list[int] = []
    start = 0
    while start < len(words):
        for length in range(min(longest, len(words) - start), 0, -1):
            meaning = phrases.get(tuple(words[start : start + length]))
            if meaning is not None:
                if meaning != _FILLER:
                    meanings.append(meaning)
                start += length
                break
        else:
            unknown.append(start)
            start += 1
    return meanings, unknown


def _cell_words(value: CellValue) -> str | None:
    """The cell's text for word matching; ``None`` for a cell that cannot hold words (a date, a bool)."""
    if isinstance(value, bool | date):
        return None
    return _text(value)


_SEXES = _phrases(
    {
        Sex.MALE: ("nam", "nam giới", "trai", "con trai", "m", "male"),
        Sex.FEMALE: ("nữ", "nữ giới", "gái", "con gái", "f", "female"),
    }
)


@_once_per_text
def parse_sex(value: CellValue) -> Parsed[str | None]:
    """Nam, nữ and their variants ("NAM", "nu", "Nữ giới", "M", "F", "trai", "gái") → a ``Sex`` value."""
    text = _cell_words(value)
    if text == "":
        return Parsed(None)
    sex = None if text is None else _SEXES.get(tuple(_folded_words(text)))
    if sex is None:
        return _refuse(None, _("“{value}” is not a sex: write Nam or Nữ."), value)
    return Parsed(sex)


_SEVERITIES = _phrases(
    {
        Severity.PARTICULARLY_SEVERE: ("đặc biệt nặng", "đặc biệt", "ĐBN", "ĐB nặng"),
        Severity.SEVERE: ("nặng",),
        Severity.MILD: ("nhẹ",),
        _FILLER: ("KT", "khuyết tật", "mức độ", "mức"),
    }
)


@_once_per_text
def parse_severity(value: CellValue) -> Parsed[str | None]:
    """A ``Severity`` value from "Đặc biệt nặng", "ĐBN", "dac biet nang", "KT nặng", "mức độ nhẹ"…

    A cell naming two severities ("nặng, nhẹ") is a problem, as is one naming none.
    """
    text = _cell_words(value)
    if text == "":
        return Parsed(None)
    severities, unknown = ([], [0]) if text is None else _match(_folded_words(text), _SEVERITIES)
    if unknown or len(set(severities)) != 1:
        return _refuse(None, _("“{value}” is not a severity: write Đặc biệt nặng (ĐBN), Nặng or Nhẹ."), value)
    return Parsed(severities[0])


_MULTIPLE = "multiple"
_TYPE_VALUES = tuple(DisabilityType.values)  # read once: ``Choices.values`` is rebuilt at every call
_TYPES = _phrases(
    {
        DisabilityType.MOBILITY: ("vận động", "VĐ", "liệt", "bại liệt", "cụt chân", "cụt tay"),
        DisabilityType.HEARING_SPEECH: ("nghe nói", "nghe", "nói", "câm điếc", "câm", "điếc", "khiếm thính"),
        DisabilityType.VISION: ("nhìn", "mù", "mù lòa", "khiếm thị", "thị lực"),
        DisabilityType.PSYCHOSOCIAL: (
            *("thần kinh tâm thần", "thần kinh", "tâm thần", "TK TT", "TKTT", "TK", "động kinh"),
            *("tâm thần phân liệt", "rối loạn tâm thần"),
        ),
        DisabilityType.INTELLECTUAL: (
            *("trí tuệ", "chậm phát triển trí tuệ", "chậm phát triển", "thiểu năng trí tuệ", "thiểu năng"),
        ),
        DisabilityType.OTHER: ("khác",),
        _MULTIPLE: ("đa tật",),
        _FILLER: ("KT", "khuyết tật", "dạng tật", "dạng", "tật", "và"),
    }
)


@_once_per_text
def parse_disability_types(value: CellValue) -> Parsed[tuple[str, ...]]:
    """One cell naming one or several types → ``DisabilityType`` values, each once, in the legal order.

    Known phrases are matched first, longest first, on the folded words, so "Nghe, nói" is one type and
    the separators ("," ";" "+" "/" "-" "và", new lines) need no rule of their own. "Đa tật" (several
    disabilities) names no type: next to types it adds nothing, alone it is a problem for the officer.
    """
    text = _cell_words(value)
    if text == "":
        return Parsed(())
    found: list[str] = []
    unknown = [_text(value)]  # a date or a bool, or only words such as "KT" or "khuyết tật"
    if text is not None:
        # Matched on the folded words, named to the officer as written.
        written = [word for word in re.findall(r"\w+", text) for _piece in _folded_words(word)]
        found, unknown_at = _match(_folded_words(text), _TYPES)
        if found or unknown_at:
            unknown = list(dict.fromkeys(written[position] for position in unknown_at))
    if unknown:
        message = _(
            "“{value}”: “{words}” is not a disability type. Write vận động, nghe nói, nhìn, "
            "thần kinh tâm thần, trí tuệ or khác."
        )
        return _refuse((), message, value, words=" ".join(unknown))
    types = tuple(kind for kind in _TYPE_VALUES if kind in found)
    if not types:
        message = _("“{value}” does not say which disabilities: write the types, as in “vận động, nghe nói”.")
        return _refuse((), message, value)
    return Parsed(types)


_TICKS = frozenset({"x", "v", "1", "co", "✓", "✔", "√", "☑", "☒"})
_BLANKS = frozenset({"", "0", "khong", "-", "–", "—"})


@_once_per_text
def parse_mark(value: CellValue) -> Parsed[bool]:
    """Whether a cell of a "mark" column is ticked.

    "x", "✓", "√", "v", "1", "có", TRUE and "ü" (the tick of the Wingdings font, read as text) are yes;
    empty, "0", "-" and "không" are no; anything else is a problem.
    """
    if value is None or value is False or value == 0:
        return Parsed(False)
    if value is True or value == 1:
        return Parsed(True)
    if isinstance(value, str):
        raw = value.strip()
        if raw == "ü":  # the tick of the Wingdings font, read as text
            return Parsed(True)
        word = fold(_text(raw))
        if word in _TICKS:
            return Parsed(True)
        if word in _BLANKS:
            return Parsed(False)
    return _refuse(
        False, _("“{value}” is not a mark: write x for yes and leave the cell empty for no."), value
    )


_HOUSEHOLDS = _phrases(
    {
        Household.POOR: ("hộ nghèo", "nghèo", "HN"),
        Household.NEAR_POOR: ("hộ cận nghèo", "cận nghèo", "cận", "HCN", "CN"),
        Household.NONE: ("không", "không nghèo", "thoát nghèo", "hộ thoát nghèo", "bình thường"),
        _FILLER: ("năm",),  # "Hộ nghèo năm 2024"
    }
)


@_once_per_text
def parse_household(value: CellValue) -> Parsed[str]:
    """A ``Household`` value: poor, near-poor, or neither (``Household.NONE``, the empty string).

    "Hộ nghèo", "nghèo", "HN" are poor; "Cận nghèo", "hộ cận nghèo", "HCN", "CN" near-poor; "không",
    "thoát nghèo", "0", "-" and an empty cell neither. A year next to the words ("HN 2024") is ignored.
    HN, HCN and CN are the abbreviations of the household lists of the poverty reviews; in a household
    column they mean nothing else.
    """
    text = _cell_words(value)
    if text is None:
        return _not_a_household(value)
    words = _folded_words(text)
    if words in ([], ["0"]):
        return Parsed(Household.NONE.value)  # empty, a dash, a zero
    words = [word for word in words if not (word.isdigit() and len(word) == 4)]  # "HN 2024"
    found, unknown = _match(words, _HOUSEHOLDS) if words else ([], [0])
    if unknown or len(set(found)) != 1:
        return _not_a_household(value)
    return Parsed(found[0])


def _not_a_household(value: object) -> Parsed[str]:
    message = _("“{value}” is not a household situation: write Hộ nghèo or Cận nghèo, or leave it empty.")
    return _refuse(Household.NONE.value, message, value)


# Other names of the groups of Lạng Sơn, the Central Highlands and their neighbours, as people write them,
# mapped to the official name (as in people/data/ethnicities.csv).
_ETHNICITY_ALIASES = {
    "Kinh": ("Việt",),
    "Mông": ("H'Mông", "Mèo"),
    "Dao": ("Mán",),
    "Sán Chay": ("Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ"),
    "Sán Dìu": ("Sán Dẻo",),
    "Ba Na": ("Bahnar",),
    "Xơ Đăng": ("Xê Đăng", "Sedang", "Ca Dong"),
    "Ê Đê": ("Rhade", "Rađê"),
    "Gia Rai": ("Jrai", "Jarai"),
    "Cơ Ho": ("Kơ Ho", "K'Ho", "Koho"),
    "Xtiêng": ("Stiêng",),
    "Mnông": ("M'Nông",),
    "Khmer": ("Khơ Me",),
    "Cơ Tu": ("Katu",),
    "Bru - Vân Kiều": ("Vân Kiều", "Bru"),
    "Tà Ôi": ("Pa Cô",),
    "Giẻ Triêng": ("Giẻ", "Triêng", "Gié Triêng"),
}
# Groups often written with their branch: "Nùng Phàn Slình", "Dao Đỏ", "Mông Hoa", "Thái Đen".
_GROUPS_WITH_BRANCHES = ("Nùng", "Dao", "Mông", "H'Mông", "Mèo", "Thái")
_ETHNICITY_PREFIXES = (("dan", "toc"), ("dt",), ("nguoi",))


def _ethnicity_key(text: str) -> str:
    """Folded with spaces, hyphens and apostrophes dropped: "Ê Đê", "Êđê" and "E-de" meet at "ede"."""
    return "".join(_folded_words(text))


def parse_ethnicity(value: CellValue, *, ethnicities: Mapping[str, str]) -> Parsed[str | None]:
    """The code of the ethnic group written in the cell; ``ethnicities`` maps each code to its official name.

    Official and other names, with or without diacritics, spaces and hyphens ("Tày", "Tay", "H'Mông",
    "Mèo", "Bahnar", "Êđê"), after "dân tộc", "DT" or "người", or with the group's branch ("Nùng Phàn
    Slình", "Dao Đỏ"). A number or a text of digits is taken as the code itself ("1" or "01" for Kinh).
    """
    text = _cell_words(value)
    if text == "":
        return Parsed(None)
    by_key = _ethnicity_index(tuple(ethnicities.items()))
    code = _ethnicity_code(text, by_key=by_key, codes=ethnicities) if text is not None else None
    if code is None:
        message = _("“{value}” is not one of the ethnic groups of Việt Nam: write the group's name.")
        return _refuse(None, message, value)
    return Parsed(code)


@lru_cache(maxsize=8)
def _ethnicity_index(ethnicities: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Folded key of each official name and of each other name → code."""
    by_key = {_ethnicity_key(name): code for code, name in ethnicities}
    for official, aliases in _ETHNICITY_ALIASES.items():
        code = by_key.get(_ethnicity_key(official))
        if code is not None:
            for alias in aliases:
                by_key.setdefault(_ethnicity_key(alias), code)
    return by_key


def _ethnicity_code(text: str, *, by_key: Mapping[str, str], codes: Mapping[str, str]) -> str | None:
    if text.isdigit():
        code = text.zfill(2)
        return code if code in codes else None
    words = _folded_words(text)
    for prefix in ((), *_ETHNICITY_PREFIXES):
        if tuple(words[: len(prefix)]) != prefix or len(words) == len(prefix):
            continue
        key = "".join(words[len(prefix) :])
        if key in by_key:
            return by_key[key]
        for group in _GROUPS_WITH_BRANCHES:
            group_key = _ethnicity_key(group)
            if key.startswith(group_key) and group_key in by_key:
                return by_key[group_key]
    return None


# Mobile numbers renumbered from 11 to 10 digits in 2018: old prefix → new prefix.
_RENUMBERED_MOBILE_PREFIXES = {
    **{f"016{digit}": f"03{digit}" for digit in "23456789"},  # Viettel
    **{"0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078"},  # MobiFone
    **{"0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082"},  # VinaPhone
    **{"0186": "056", "0188": "058", "0199": "059"},  # Vietnamobile, Gmobile
}
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_SEVERAL_NUMBERS = re.compile(r"[/,;&\n]|\s[-–]\s|\s+(?:hoặc|hoac|or)\s+", re.IGNORECASE)


def parse_phone(value: CellValue) -> Parsed[str]:
    """A Vietnamese phone number as its digits, starting with 0.

    Spaces, dots, dashes and brackets are dropped; "+84", "84" and "0084" become "0"; a number cell that
    lost its leading zero gets it back (9 digits starting 3, 5, 7, 8 or 9 for a mobile, 10 starting 2 for
    a landline); an old 11-digit mobile number (0168…, 0123…) is written with its 2018 prefix. A cell with
    two numbers is a problem: the registry keeps one and the officer chooses which.
    """
    if value is None:
        return Parsed("")
    if isinstance(value, bool | date) or (isinstance(value, float) and not value.is_integer()):
        return _not_a_phone(value)
    text = _text(value)
    if not text:
        return Parsed("")
    if len([part for part in _SEVERAL_NUMBERS.split(text) if part.strip()]) > 1:
        return _refuse("", _("“{value}” holds more than one phone number: keep the one to record."), text)
    digits = re.sub(r"[\s.()\-–]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return _not_a_phone(text)
    for international in ("0084", "84"):
        if digits.startswith(international) and len(digits) - len(international) in (9, 10):
            digits = "0" + digits[len(international) :]
            break
    if not digits.startswith("0"):
        digits = "0" + digits
    if len(digits) == 11 and digits[:4] in _RENUMBERED_MOBILE_PREFIXES:
        digits = _RENUMBERED_MOBILE_PREFIXES[digits[:4]] + digits[4:]
    is_mobile = len(digits) == 10 and digits.startswith(_MOBILE_PREFIXES)
    is_landline = len(digits) == 11 and digits.startswith("02")
    if not (is_mobile or is_landline):
        return _not_a_phone(text)
    return Parsed(digits)


def _not_a_phone(value: object) -> Parsed[str]:
    message = _(
        "“{value}” is not a phone number: a mobile number has 10 digits (09…, 03…), a landline 11 (02…)."
    )
    return _refuse("", message, value)
