"""A task's deadline as data, and the occurrences it gives over the plan's years.

The plans word deadlines as "annually", "before 15/12", "every 6 months and annually", "2018–2019" or a
date. Each is one JSON object:

* ``{"on": "2024-11-01"}`` — once, on that day;
* ``{"every": "year", "before": "12-15"}`` — every year of the plan, due that day (default 31/12);
* ``{"every": "half_year", "before": ["06-15", "12-15"]}`` — twice a year (default the halves' last days):
  "every 6 months and annually" is this, the second report of the year being the annual one;
* ``{"every": "quarter", "before": [...four days]}`` and ``{"every": "month", "day": 25}`` (default the last
  day of the quarter or the month);
* ``{"years": [2018, 2019], "before": "12-31"}`` — once for a span of years, due in its last year.

``"from_year"``/``"to_year"`` narrow a recurrence to part of the plan's period. An occurrence is overdue
from the day after it is due, until it is done.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hoanhap.core.exceptions import ApplicationError

FIELD = "recurrence"
DAY_PATTERN = re.compile(r"^(\d{2})-(\d{2})$")
EVERY = ("year", "half_year", "quarter", "month")
PERIODS_PER_YEAR = {"year": 1, "half_year": 2, "quarter": 4, "month": 12}
KEYS = {"on", "every", "before", "day", "years", "from_year", "to_year"}


@dataclass(frozen=True)
class Due:
    label: str
    due_on: date


def _error(message: str) -> ApplicationError:
    return ApplicationError(message, field=FIELD)


def _month_day(text: Any) -> tuple[int, int]:
    match = DAY_PATTERN.match(text) if isinstance(text, str) else None
    if match is None:
        raise _error(_("Write a day of the year as MM-DD, for example 12-15."))
    month, day = int(match.group(1)), int(match.group(2))
    # 2023 has no 29 February: a yearly deadline must exist every year.
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2023, month)[1]:
        raise _error(_("Write a day of the year as MM-DD, for example 12-15."))
    return month, day


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _period_ends(every: str) -> list[tuple[int, int]]:
    """The last (month, day) of each period of the year, the default deadlines."""
    months = {"year": [12], "half_year": [6, 12], "quarter": [3, 6, 9, 12]}[every]
    return [(month, _last_day(2023, month).day) for month in months]


def _label(every: str, year: int, index: int) -> str:
    if every == "year":
        return str(year)
    if every == "half_year":
        return f"{year}-H{index + 1}"
    if every == "quarter":
        return f"{year}-Q{index + 1}"
    return f"{year}-{index + 1:02d}"


def _year_bound(rule: dict[str, Any], key: str) -> int | None:
    value = rule.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error(_("Enter a year."))
    return value


def _every(rule: dict[str, Any], first: int, last: int) -> list[Due]:
    every = rule["every"]
    if every not in EVERY:
        raise _error(_("Choose every year, every six months, every quarter or every month."))
    first = max(first, _year_bound(rule, "from_year") or first)
    last = min(last, _year_bound(rule, "to_year") or last)
    if every == "month":
        day = rule.get("day")
        if day is not None and (isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31):
            raise _error(_("Enter a day of the month from 1 to 31."))
        return [
            Due(_label(every, year, month - 1), date(year, month, min(day or 31, _last_day(year, month).day)))
            for year in range(first, last + 1)
            for month in range(1, 13)
        ]
    before = rule.get("before")
    if before is None:
        days = _period_ends(every)
    else:
        raw = [before] if isinstance(before, str) else before
        if not isinstance(raw, list) or len(raw) != PERIODS_PER_YEAR[every]:
            raise _error(_("Give one deadline for each period of the year."))
        days = [_month_day(item) for item in raw]
        if days != sorted(days):
            raise _error(_("Give the deadlines in the order of the year."))
    return [
        Due(_label(every, year, index), date(year, month, day))
        for year in range(first, last + 1)
        for index, (month, day) in enumerate(days)
    ]


def _span(rule: dict[str, Any], first: int, last: int) -> list[Due]:
    years = rule["years"]
    if (
        not isinstance(years, list)
        or not 1 <= len(years) <= 2
        or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)
    ):
        raise _error(_("Give the first and the last year."))
    start, end = years[0], years[-1]
    if start > end or start < first or end > last:
        raise _error(_("The years must lie within the plan's period, the first before the last."))
    month, day = _month_day(rule.get("before", "12-31"))
    label = str(start) if start == end else f"{start}–{end}"
    return [Due(label, date(end, month, day))]


def _once(rule: dict[str, Any], first: int, last: int) -> list[Due]:
    try:
        day = date.fromisoformat(rule["on"])
    except (TypeError, ValueError):
        raise _error(_("Write the date as YYYY-MM-DD.")) from None
    if not first <= day.year <= last:
        raise _error(_("The deadline must lie within the plan's period."))
    return [Due(day.isoformat(), day)]


def occurrences(rule: Any, *, first_year: int, last_year: int) -> list[Due]:
    """The occurrences of ``rule`` over the years ``first_year``–``last_year`` (the plan's period), in
    order; ``ApplicationError`` (field ``recurrence``) for a rule that cannot be read."""
    if not isinstance(rule, dict):
        raise _error(_("Choose a deadline or a recurrence."))
    unknown = sorted(set(rule) - KEYS)
    if unknown:
        raise _error(_("Unknown setting “%(name)s”.") % {"name": unknown[0]})
    kinds = [key for key in ("on", "every", "years") if key in rule]
    if len(kinds) != 1:
        raise _error(_("Give either a date, a recurrence or a span of years."))
    reader = {"on": _once, "every": _every, "years": _span}[kinds[0]]
    found = reader(rule, first_year, last_year)
    if not found:
        raise _error(_("The recurrence gives no deadline within the plan's period."))
    return found


def is_overdue(*, due_on: date, done: bool, today: date) -> bool:
    """Overdue from the day after the deadline, until done."""
    return not done and today > due_on
