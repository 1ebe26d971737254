"""The status of a target for a unit and a period: met, on track, at risk or off track.

The rule (the thresholds are effective-dated data in ``data/target_status.csv``, never literals):

- the *floor* of the target is its value (a count or a percentage), or the lower end of a range;
- the *elapsed share* is the part of the target's phase (or, without a phase, of the plan's period) that has
  passed at the last day of the period looked at: 0 before the phase starts, 1 once it has ended;
- the *expected value* is the floor times the elapsed share: the straight path from zero at the start of the
  phase to the target at its end;
- **met**: the value reaches the floor;
- **on track**: not met, the phase has not ended, and the value is at least ``on_track_ratio`` × expected;
- **at risk**: not met, the phase has not ended, and the value is at least ``at_risk_ratio`` × expected;
- **off track**: otherwise, and always when the phase has ended without the target being met;
- no status (``None``) when the value is unknown or withheld (a small count suppressed for the viewer).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.models import Target, TargetKind
from hoanhap.plans.periods import Period

RULES_FILE = Path(__file__).parent / "data" / "target_status.csv"

MET = "met"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"

LABELS = {
    MET: _("Met"),
    ON_TRACK: _("On track"),
    AT_RISK: _("At risk"),
    OFF_TRACK: _("Off track"),
}
# GOV.UK Frontend tag colours, for the templates.
TAG_CLASSES = {
    MET: "govuk-tag--green",
    ON_TRACK: "govuk-tag--blue",
    AT_RISK: "govuk-tag--yellow",
    OFF_TRACK: "govuk-tag--red",
}


@dataclass(frozen=True)
class StatusRule:
    valid_from: date
    valid_to: date | None
    on_track_ratio: Decimal
    at_risk_ratio: Decimal
    legal_basis: str = ""
    note: str = ""

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@cache
def _rules() -> tuple[StatusRule, ...]:
    with RULES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            StatusRule(
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                on_track_ratio=Decimal(row["on_track_ratio"]),
                at_risk_ratio=Decimal(row["at_risk_ratio"]),
                legal_basis=row["legal_basis"],
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        )


def rule_on(day: date, rules: tuple[StatusRule, ...] | None = None) -> StatusRule:
    """The rule in force on ``day`` (the latest starting one when several overlap)."""
    candidates = [rule for rule in (rules if rules is not None else _rules()) if rule.applies_on(day)]
    if not candidates:
        raise ApplicationError(_("No target status rule is recorded for this date."), field="period")
    return max(candidates, key=lambda rule: rule.valid_from)


def floor_of(target: Target) -> Decimal | None:
    """The value a target is reached at: its value, or the lower end of a range."""
    return target.low if target.kind == TargetKind.RANGE else target.value


def span_of(target: Target) -> tuple[int, int]:
    """The first and last year of the target's phase, or of its plan's period."""
    if target.phase is not None:
        return target.phase.start_year, target.phase.end_year
    plan = target.objective.plan
    return plan.period_start, plan.period_end


def elapsed_share(first_year: int, last_year: int, day: date) -> Decimal:
    """The share (0–1) of the years ``first_year``–``last_year`` passed at the end of ``day``."""
    start = date(first_year, 1, 1)
    end = date(last_year, 12, 31)
    if day < start:
        return Decimal(0)
    if day >= end:
        return Decimal(1)
    return Decimal((day - start).days + 1) / Decimal((end - start).days + 1)


def status_of(
    *, floor: Decimal | None, value: Decimal | None, elapsed: Decimal, rule: StatusRule
) -> str | None:
    """The status code for ``value`` against ``floor`` with ``elapsed`` (0–1) of the phase passed."""
    if value is None or floor is None:
        return None
    if value >= floor:
        return MET
    if elapsed >= 1:
        return OFF_TRACK
    expected = floor * elapsed
    if value >= expected * rule.on_track_ratio:
        return ON_TRACK
    if value >= expected * rule.at_risk_ratio:
        return AT_RISK
    return OFF_TRACK


def target_status(
    *, target: Target, value: Decimal | None, period: Period, rule: StatusRule | None = None
) -> str | None:
    """The status of ``target`` for a figure ``value`` of ``period`` (the rule in force at the period's end
    unless given). ``target.phase`` and ``target.objective.plan`` should be loaded with it."""
    first, last = span_of(target)
    return status_of(
        floor=floor_of(target),
        value=value,
        elapsed=elapsed_share(first, last, period.end),
        rule=rule or rule_on(period.end),
    )
