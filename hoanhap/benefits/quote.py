"""A quote: what someone may be entitled to, from a few answers and no identity.

Used by the public calculator page and ``POST /api/v1/benefits/quote``. Nothing is stored and nothing is
audited: the answers name nobody (no name, no ID, no address), and the result is computed from the
national rules of the month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import Severity
from hoanhap.benefits.engine import Entitlements, entitlements
from hoanhap.benefits.parameters import first_of_month, last_day_of_month
from hoanhap.benefits.selectors import parameters_at
from hoanhap.core.exceptions import ApplicationError

OLDEST_BIRTH_YEAR = 1900
LAST_MONTH = date(2100, 12, 1)
MOST_CHILDREN = 20


@dataclass(frozen=True)
class QuoteRequest:
    month: date | None  # None: the month given could not be read
    severity: str
    birth_date: date | None = None
    birth_year: int | None = None
    pregnant: bool = False
    children_under_36_months: int = 0


def parse_month(text: str) -> date | None:
    """``"2024-07"`` → 1 July 2024; ``None`` for anything else."""
    year, dash, month = text.strip().partition("-")
    if not (dash and len(year) == 4 and year.isdigit() and len(month) == 2 and month.isdigit()):
        return None
    if not 1 <= int(month) <= 12:
        return None
    return date(int(year), int(month), 1)


def quote_problems(request: QuoteRequest) -> list[ApplicationError]:
    """Every reason the answers cannot be computed, each naming its field, in the order of the form.

    A month without recorded rules is found only when computing (``benefit_quote``).
    """
    problems = []
    birth_year = request.birth_date.year if request.birth_date else request.birth_year
    if birth_year is None:
        problems.append(
            ApplicationError(_("Enter the date of birth, or at least the year."), field="birth_date")
        )
    elif request.birth_date and request.birth_year is not None and request.birth_year != birth_year:
        problems.append(
            ApplicationError(
                _("The year of birth %(year)s does not match the date of birth.")
                % {"year": request.birth_year},
                field="birth_year",
            )
        )
    elif birth_year < OLDEST_BIRTH_YEAR:
        problems.append(
            ApplicationError(
                _("Enter a year of birth from %(year)s on.") % {"year": OLDEST_BIRTH_YEAR},
                field="birth_date" if request.birth_date else "birth_year",
            )
        )
    if request.severity not in Severity.values:
        problems.append(ApplicationError(_("Choose the severity."), field="severity"))
    if request.month is None:
        problems.append(
            ApplicationError(_("Enter the month as YYYY-MM, for example 2024-07."), field="month")
        )
    elif request.month > LAST_MONTH:
        problems.append(
            ApplicationError(
                _("Choose a month until %(month)s.") % {"month": f"{LAST_MONTH:%m/%Y}"}, field="month"
            )
        )
    elif birth_year is not None and _born_after(request, last_day_of_month(request.month)):
        problems.append(ApplicationError(_("The person is born after the month chosen."), field="month"))
    if not 0 <= request.children_under_36_months <= MOST_CHILDREN:
        problems.append(
            ApplicationError(
                _("Enter a number of children from 0 to %(most)s.") % {"most": MOST_CHILDREN},
                field="children_under_36_months",
            )
        )
    return problems


def _born_after(request: QuoteRequest, day: date) -> bool:
    if request.birth_date is not None:
        return request.birth_date > day
    return request.birth_year is not None and request.birth_year > day.year


def benefit_quote(*, request: QuoteRequest) -> Entitlements:
    """The entitlements the answers describe, under the national rules in force in the month.

    Raises the first of ``quote_problems``, or ``MissingRule`` (on ``month``) for a month before the
    recorded rules.
    """
    problems = quote_problems(request)
    if problems or request.month is None:  # a request without a month always has a problem
        raise problems[0]
    month = first_of_month(request.month)
    return entitlements(
        params=parameters_at(month=month),
        month=month,
        severity=request.severity,
        birth_date=request.birth_date,
        birth_year=request.birth_year,
        pregnant=request.pregnant,
        children_under_36_months=request.children_under_36_months,
    )
