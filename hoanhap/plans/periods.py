"""The periods figures are computed for: a year, a quarter or a month, each a span of days.

Periods are written as the plans' reports name them: ``2024``, ``2024-Q3``, ``2024-05``. A figure is always
"as of the last day of the period": ages, statuses and disability determinations are read on that day, so a
figure for 2020 does not change because a person was re-assessed in 2024.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.models import PeriodType

_PATTERNS = {
    PeriodType.YEAR: re.compile(r"^(\d{4})$"),
    PeriodType.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
    PeriodType.MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}


@dataclass(frozen=True)
class Period:
    type: str
    year: int
    number: int = 0  # the quarter (1–4) or the month (1–12); 0 for a year

    @property
    def start(self) -> date:
        if self.type == PeriodType.QUARTER:
            return date(self.year, 3 * self.number - 2, 1)
        if self.type == PeriodType.MONTH:
            return date(self.year, self.number, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.type == PeriodType.QUARTER:
            month = 3 * self.number
        elif self.type == PeriodType.MONTH:
            month = self.number
        else:
            month = 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.type == PeriodType.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.type == PeriodType.MONTH:
            return f"{self.year}-{self.number:02d}"
        return str(self.year)

    @property
    def quarter(self) -> int:
        """The quarter of the aggregate entries this period reads: 0 (the whole year) for a year."""
        return self.number if self.type == PeriodType.QUARTER else 0

    def __str__(self) -> str:
        return self.label


def year(value: int) -> Period:
    return Period(PeriodType.YEAR, value)


def parse_period(text: str) -> Period:
    """``2024`` → the year, ``2024-Q3`` → the third quarter, ``2024-05`` → May."""
    value = text.strip().upper()
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(value)
        if match:
            number = int(match.group(2)) if kind != PeriodType.YEAR else 0
            return Period(kind, int(match.group(1)), number)
    raise ApplicationError(
        _("Enter a period as a year (2024), a quarter (2024-Q3) or a month (2024-05)."), field="period"
    )
