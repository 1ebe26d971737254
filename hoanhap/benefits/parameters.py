"""The rules in force in one month, as plain values: what the engine computes from.

A ``ParameterSet`` is immutable and holds no database object, so it can be computed once (one query, see
``hoanhap.benefits.selectors.parameters_at``) and reused for every person of a monthly run, or kept in a
cache keyed by month and unit.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

from hoanhap.core.exceptions import ApplicationError


def plain_decimal(value: Decimal) -> str:
    """``Decimal("2.5000")`` → ``"2.5"``, ``Decimal("20.0000")`` → ``"20"`` (never exponent notation)."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, stop: date) -> list[date]:
    """The first days of the months from ``start``'s month up to, not including, ``stop``'s month."""
    months = []
    month, end = first_of_month(start), first_of_month(stop)
    while month < end:
        months.append(month)
        month = add_months(month, 1)
    return months


def enclosing_paths(unit_path: str) -> list[str]:
    """``"/c/20/06325/"`` → ``["", "/c/", "/c/20/", "/c/20/06325/"]``: the national scope and every unit
    above and at the path, shortest first."""
    paths = [""]
    parts = [part for part in unit_path.split("/") if part]
    for depth in range(1, len(parts) + 1):
        paths.append("/" + "/".join(parts[:depth]) + "/")
    return paths


@dataclass(frozen=True)
class Parameter:
    """One rule's value in force, with where it comes from."""

    code: str
    value: Decimal | None
    text_value: str
    valid_from: date
    valid_to: date | None
    unit_path: str
    legal_basis: str
    confidence: str

    @property
    def is_national(self) -> bool:
        return not self.unit_path


class MissingRule(ApplicationError):
    """No rule of ``code`` is in force in the month: the month lies before the recorded history, or a rule
    was ended without a successor."""

    def __init__(self, *, code: str, month: date) -> None:
        super().__init__(
            _("No entitlement rules are recorded for %(month)s.") % {"month": f"{month:%m/%Y}"},
            code="no_rules",
            field="month",
        )
        self.rule_code = code
        self.month = month


@dataclass(frozen=True)
class ParameterSet:
    """The rules in force in ``month`` for ``unit_path`` (a province's own rule already chosen over the
    national one)."""

    month: date
    unit_path: str
    rules: Mapping[str, Parameter]

    def __post_init__(self) -> None:
        object.__setattr__(self, "month", first_of_month(self.month))
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))

    def rule(self, code: str) -> Parameter:
        try:
            return self.rules[code]
        except KeyError:
            raise MissingRule(code=code, month=self.month) from None

    def number(self, code: str) -> Decimal:
        value = self.rule(code).value
        if value is None:
            raise MissingRule(code=code, month=self.month)
        return value

    def text(self, code: str) -> str:
        return self.rule(code).text_value
