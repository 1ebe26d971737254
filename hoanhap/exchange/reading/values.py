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

This module holds the shared pieces and the date of birth; ``identifiers`` the citizen ID and the phone
number; ``words`` the sex, severity, disability types, marks, household and ethnicity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Generic, TypeVar

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hoanhap.core.text import fold, normalize_name
from hoanhap.exchange.reading.encoding import to_unicode

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


def once_per_text(parser: Callable[[CellValue], Parsed[T]]) -> Callable[[CellValue], Parsed[T]]:
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
    return Parsed(cell_text(value))


def cell_text(value: object) -> str:
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


def refuse(empty: T, message: StrPromise, value: object, **details: object) -> Parsed[T]:
    """The field's empty value with ``message``, its "{value}" filled with the cell as the officer sees it."""
    return Parsed(empty, format_lazy(message, value=cell_text(value), **details))


def folded_words(text: str) -> list[str]:
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
    text = cell_text(value)
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
        return Parsed(
            None, format_lazy(_("The date of birth {date} is in the future."), date=cell_text(born))
        )
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
    return refuse(
        None, _("“{value}” has a two-digit year: write it with four digits, as in 15/05/1985."), text
    )


def _no_birth(value: object) -> Parsed[Birth | None]:
    if value is None:
        return Parsed(None)
    message = _("“{value}” is not a date of birth: write day/month/year (15/05/1985) or the year (1985).")
    return refuse(None, message, value)
