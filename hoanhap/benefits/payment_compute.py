"""What a monthly run pays each person, computed in memory from their decisions and the earlier runs.

No database access here: ``hoanhap.benefits.payments`` reads the decisions of every person of the
communes, the standard levels and the lines of earlier runs in a few queries, and calls ``compute_line``
for each person.

What a month is owed is the decision in force in it (the latest taking effect by then, see
``hoanhap.benefits.selectors``) applied to that month's standard level. What a month was already paid is
bookkept: each line of an approved or paid run records every month it paid or recovered. Before the
commune's first approved run (``History.first_run``) nothing is bookkept, and every month is taken to have
been paid under the decisions signed before that run's month — the assumption of ``amounts_due``.

A run pays, for each month, what is owed less what was paid, over the months that can differ: the months
after the last approved run (never paid), and, for a person with decisions that the last approved run did
not know of, every month from the earliest of them. A decision is known to a run when it was signed by the
end of the run's month and recorded before the run was prepared (less ``RECORDING_MARGIN``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _

from hoanhap.benefits.explain import Line, Money, Month
from hoanhap.benefits.levels import StandardLevels, in_force, owed
from hoanhap.benefits.models import BenefitDecision
from hoanhap.benefits.parameters import add_months, last_day_of_month, months_between

# A decision recorded this long before a run was prepared is still looked at again by the next run: its
# transaction may not yet have been visible when the run read the decisions. Looking again costs a few
# months' arithmetic; it never pays twice, since what was paid is bookkept.
RECORDING_MARGIN = timedelta(hours=1)


@dataclass(frozen=True)
class History:
    """The approved or paid runs of a commune and kind before the run being prepared."""

    first_month: date | None = None  # the month of the first approved run: bookkeeping starts there
    last_month: date | None = None  # the month of the latest approved run
    last_prepared_at: datetime | None = None  # when the latest approved run read the decisions

    def knew(self, decision: BenefitDecision, run_month: date) -> bool:
        """Whether what was paid already follows ``decision``."""
        if self.last_month is None or self.last_prepared_at is None:
            return decision.signed_on < run_month
        return (
            decision.signed_on <= last_day_of_month(self.last_month)
            and decision.created_at < self.last_prepared_at - RECORDING_MARGIN
        )

    def first_month_to_look_at(self, decisions: Sequence[BenefitDecision], run_month: date) -> date:
        unpaid_from = add_months(self.last_month, 1) if self.last_month is not None else run_month
        unknown = [d.effective_from for d in decisions if not self.knew(d, run_month)]
        return min([unpaid_from, *unknown])


@dataclass(frozen=True)
class MonthPaid:
    """One month a line pays (positive) or recovers (negative), and the decision it follows."""

    month: date
    dong: int
    decision: BenefitDecision | None


@dataclass
class ComputedLine:
    person_id: int
    decision: BenefitDecision
    regular: int
    adjustments: list[MonthPaid] = field(default_factory=list)

    @property
    def arrears(self) -> int:
        return sum(item.dong for item in self.adjustments if item.dong > 0)

    @property
    def recoveries(self) -> int:
        return -sum(item.dong for item in self.adjustments if item.dong < 0)

    @property
    def total(self) -> int:
        return self.regular + self.arrears - self.recoveries

    def months_json(self, run_month: date) -> list[dict[str, object]]:
        """Every month paid or recovered, oldest first (the run's own month last, when paid)."""
        months = [{"month": item.month.isoformat(), "dong": item.dong} for item in self.adjustments]
        if self.regular:
            months.append({"month": run_month.isoformat(), "dong": self.regular})
        return months

    def explanation(self, run_month: date) -> list[Line]:
        lines = []
        if self.regular:
            lines.append(
                Line(
                    _("%(month)s: %(amount)s by decision %(number)s"),
                    {
                        "month": Month(run_month),
                        "amount": Money(self.regular),
                        "number": self.decision.number,
                    },
                )
            )
        for item in self.adjustments:
            message = (
                _("arrears for %(month)s: %(amount)s by decision %(number)s")
                if item.dong > 0
                else _("recovery for %(month)s: %(amount)s by decision %(number)s")
            )
            number = item.decision.number if item.decision is not None else ""
            lines.append(
                Line(message, {"month": Month(item.month), "amount": Money(abs(item.dong)), "number": number})
            )
        return lines


def compute_line(
    *,
    person_id: int,
    decisions: Sequence[BenefitDecision],
    run_month: date,
    history: History,
    paid: Mapping[date, int],
    levels: StandardLevels,
) -> ComputedLine | None:
    """What the run of ``run_month`` pays one person, or None when nothing.

    ``decisions`` are the person's decisions of the run's kind in the commune signed by the end of the
    month, sorted by ``decision_order``; ``paid`` what the approved runs paid for each month from
    ``history.first_month_to_look_at`` on.
    """
    if not decisions:
        return None
    start = history.first_month_to_look_at(decisions, run_month)
    # Before bookkeeping began, a month was paid under the decisions signed before then.
    bookkept_from = history.first_month or run_month
    settled = [d for d in decisions if d.signed_on < bookkept_from] if start < bookkept_from else []
    adjustments = []
    for month in months_between(start, run_month):
        already = paid.get(month, 0) + (owed(settled, month, levels) if month < bookkept_from else 0)
        difference = owed(decisions, month, levels) - already
        if difference:
            adjustments.append(MonthPaid(month, difference, in_force(decisions, month)))
    regular = owed(decisions, run_month, levels) - paid.get(run_month, 0)
    if not regular and not adjustments:
        return None
    current = in_force(decisions, run_month) or decisions[-1]
    return ComputedLine(person_id=person_id, decision=current, regular=regular, adjustments=adjustments)
