"""A target's status on the dashboards: met, on track, at risk or off track, from thresholds recorded as
effective-dated data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.models import Objective, Phase, Plan, Target, TargetKind
from hoanhap.plans.periods import Period, year
from hoanhap.plans.status import (
    AT_RISK,
    MET,
    OFF_TRACK,
    ON_TRACK,
    RULES_FILE,
    StatusRule,
    _rules,
    elapsed_share,
    rule_on,
    status_of,
    target_status,
)

RULE = StatusRule(date(2000, 1, 1), None, Decimal("1.00"), Decimal("0.80"))


def _target(
    kind: str = TargetKind.PERCENTAGE, *, phase: tuple[int, int] | None = (2021, 2025), **values: object
) -> Target:
    plan = Plan(title="Kế hoạch", period_start=2019, period_end=2025)
    target = Target(objective=Objective(plan=plan, code="1"), kind=kind, **values)
    target.phase = Phase(plan=plan, name="GĐ 2", start_year=phase[0], end_year=phase[1]) if phase else None
    return target


def test_the_shipped_rule_is_dated_and_explained() -> None:
    rules = _rules()
    assert RULES_FILE.name == "target_status.csv"
    rule = rule_on(date(2025, 12, 31))
    assert rule in rules
    assert (rule.on_track_ratio, rule.at_risk_ratio) == (Decimal("1.00"), Decimal("0.80"))
    assert rule.note  # why the values are what they are, with no legal text setting them


def test_a_later_rule_takes_over_from_its_date() -> None:
    later = StatusRule(date(2026, 1, 1), None, Decimal("0.90"), Decimal("0.50"))
    rules = (RULE, later)
    assert rule_on(date(2025, 12, 31), rules) == RULE
    assert rule_on(date(2026, 1, 1), rules) == later
    with pytest.raises(ApplicationError):
        rule_on(date(1999, 1, 1), rules)


def test_elapsed_share_of_the_phase() -> None:
    assert elapsed_share(2021, 2025, date(2020, 12, 31)) == 0
    assert elapsed_share(2021, 2025, date(2025, 12, 31)) == 1
    assert elapsed_share(2021, 2025, date(2030, 1, 1)) == 1
    middle = elapsed_share(2021, 2025, date(2022, 12, 31))
    assert Decimal("0.39") < middle < Decimal("0.41")  # two years of five


@pytest.mark.parametrize(
    ("value", "elapsed", "expected"),
    [
        (Decimal(90), Decimal("0.5"), MET),
        (Decimal(95), Decimal(1), MET),
        (Decimal(45), Decimal("0.5"), ON_TRACK),  # exactly on the straight path to 90
        (Decimal(37), Decimal("0.5"), AT_RISK),  # 37 ≥ 0.8 × 45 = 36
        (Decimal(35), Decimal("0.5"), OFF_TRACK),
        (Decimal(89), Decimal(1), OFF_TRACK),  # the phase is over and the target not met
        (None, Decimal("0.5"), None),  # unknown or withheld: no status
    ],
)
def test_status_of(value: Decimal | None, elapsed: Decimal, expected: str | None) -> None:
    assert status_of(floor=Decimal(90), value=value, elapsed=elapsed, rule=RULE) == expected


def test_the_thresholds_are_parameters() -> None:
    strict = StatusRule(date(2000, 1, 1), None, Decimal("1.20"), Decimal("1.00"))
    assert status_of(floor=Decimal(90), value=Decimal(50), elapsed=Decimal("0.5"), rule=RULE) == ON_TRACK
    assert status_of(floor=Decimal(90), value=Decimal(50), elapsed=Decimal("0.5"), rule=strict) == AT_RISK


def test_target_status_uses_the_phase_the_range_floor_and_the_period_end() -> None:
    ranged = _target(TargetKind.RANGE, low=Decimal(90), high=Decimal(95))
    assert target_status(target=ranged, value=Decimal(91), period=year(2023)) == MET
    # End of 2022: 2 years of 5 passed, expected 36; 30 ≥ 0.8 × 36.
    assert target_status(target=ranged, value=Decimal(30), period=year(2022)) == AT_RISK
    assert target_status(target=ranged, value=Decimal(40), period=year(2022)) == ON_TRACK
    assert target_status(target=ranged, value=Decimal(80), period=year(2025)) == OFF_TRACK
    # A quarter is measured at its own last day: less of the phase has passed than at the year's end.
    assert target_status(target=ranged, value=Decimal(30), period=Period("quarter", 2022, 1)) == ON_TRACK


def test_a_target_without_phase_runs_over_the_plan_period() -> None:
    count = _target(TargetKind.COUNT, value=Decimal(700), phase=None)
    # 2019–2025: after 2021, 3 years of 7 passed (by days, 1096 of 2557), expected about 300.
    assert target_status(target=count, value=Decimal(301), period=year(2021)) == ON_TRACK
    assert target_status(target=count, value=Decimal(200), period=year(2021)) == OFF_TRACK
