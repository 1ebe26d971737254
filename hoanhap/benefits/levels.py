"""What the decisions in force are worth in a month: the standard level of any month in any unit, and the
amount owed under a person's decisions. Shared by the amounts shown for one person (``selectors``) and the
monthly payment runs (``payments``), so both count the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from hoanhap.benefits import codes as c
from hoanhap.benefits.engine import times
from hoanhap.benefits.models import BenefitDecision, BenefitKind, BenefitParameter, DecisionAction
from hoanhap.benefits.parameters import MissingRule, enclosing_paths


class StandardLevels:
    """The standard level of any month in any unit, from rows read once (``code = standard_level``)."""

    def __init__(self, rows: Iterable[BenefitParameter]) -> None:
        self._rows = [row for row in rows if row.code == c.STANDARD_LEVEL]
        self._cache: dict[tuple[date, str], Decimal] = {}

    @classmethod
    def for_units(cls, unit_paths: Iterable[str]) -> StandardLevels:
        """The levels that may apply in ``unit_paths`` (national, provincial …), read in one query."""
        scopes = {scope for path in unit_paths for scope in enclosing_paths(path)}
        return cls(BenefitParameter.objects.filter(code=c.STANDARD_LEVEL, unit_path__in=scopes))

    def at(self, month: date, unit_path: str) -> Decimal:
        key = (month, unit_path)
        level = self._cache.get(key)
        if level is None:
            scopes = set(enclosing_paths(unit_path))
            covering = [
                row
                for row in self._rows
                if row.unit_path in scopes and row.valid_from <= month <= (row.valid_to or date.max)
            ]
            if not covering:
                raise MissingRule(code=c.STANDARD_LEVEL, month=month)
            chosen = max(covering, key=lambda row: len(row.unit_path))
            level = self._cache[key] = chosen.value if chosen.value is not None else Decimal(0)
        return level


def in_force(decisions: Sequence[BenefitDecision], month: date) -> BenefitDecision | None:
    """The decision in force in ``month`` among ``decisions``: the latest to take effect by then."""
    taking_effect = [decision for decision in decisions if decision.effective_from <= month]
    return max(taking_effect, key=decision_order, default=None)


def owed(decisions: Sequence[BenefitDecision], month: date, levels: StandardLevels) -> int:
    """What ``decisions`` (one person's, of one kind) owe for ``month``: the coefficient in force times the
    standard level of that month; funeral support once, in the month it takes effect."""
    decision = in_force(decisions, month)
    if decision is None or decision.action == DecisionAction.STOP or decision.coefficient is None:
        return 0
    if decision.kind == BenefitKind.FUNERAL and decision.effective_from != month:
        return 0
    return times(levels.at(month, decision.unit_path), decision.coefficient)


def decision_order(decision: BenefitDecision) -> tuple[date, int]:
    return (decision.effective_from, decision.pk)
