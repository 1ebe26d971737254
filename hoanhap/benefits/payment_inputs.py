"""What preparing a payment run reads, in a fixed number of queries whatever the number of persons: each
commune's runs, each person's decisions, and what approved runs already paid."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from hoanhap.benefits.levels import decision_order
from hoanhap.benefits.models import BenefitDecision, PaymentLine, PaymentRun, PaymentRunStatus
from hoanhap.benefits.parameters import last_day_of_month
from hoanhap.benefits.payment_compute import History
from hoanhap.geo.models import AdminUnit

LOCKED_STATUSES = (PaymentRunStatus.APPROVED, PaymentRunStatus.PAID)


@dataclass
class CommuneState:
    commune: AdminUnit
    run: PaymentRun | None = None  # this month's run, if any
    later_locked: bool = False  # a later month is already approved
    history: History = field(default_factory=History)
    previous_run: PaymentRun | None = None
    approved_runs: tuple[PaymentRun, ...] = ()


def commune_states(
    communes: Sequence[AdminUnit], where: Q, run_month: date, kind: str
) -> dict[str, CommuneState]:
    """Each commune's runs of ``kind``, in one query."""
    states = {commune.path: CommuneState(commune) for commune in communes}
    approved: dict[str, list[PaymentRun]] = defaultdict(list)
    for run in PaymentRun.objects.filter(where, kind=kind).order_by("month"):
        state = states.get(run.unit_path)
        if state is None:
            continue
        if run.month == run_month:
            state.run = run
        elif run.status in LOCKED_STATUSES:
            if run.month > run_month:
                state.later_locked = True
            else:
                approved[run.unit_path].append(run)
    for path, runs in approved.items():
        last = runs[-1]
        states[path].history = History(
            first_month=runs[0].month, last_month=last.month, last_prepared_at=last.prepared_at
        )
        states[path].previous_run = last
        states[path].approved_runs = tuple(runs)
    return states


def decisions_by_person(where: Q, kind: str, run_month: date) -> dict[tuple[str, int], list[BenefitDecision]]:
    """Each person's decisions of ``kind`` in each commune, signed by the end of the month, in order."""
    grouped: dict[tuple[str, int], list[BenefitDecision]] = defaultdict(list)
    rows = BenefitDecision.objects.filter(where, kind=kind, signed_on__lte=last_day_of_month(run_month)).only(
        "id",
        "person_id",
        "unit_path",
        "kind",
        "action",
        "number",
        "signed_on",
        "effective_from",
        "severity",
        "coefficient",
        "created_at",
    )
    for decision in rows:
        grouped[(decision.unit_path, decision.person_id)].append(decision)
    for decisions in grouped.values():
        decisions.sort(key=decision_order)
    return grouped


def paid_months(
    states: dict[str, CommuneState], needed: dict[tuple[str, int], date]
) -> dict[tuple[str, int], dict[date, int]]:
    """What the approved runs paid each person of ``needed`` for each month from the month given on, in
    one query (none when no person's months reach back into an approved run)."""
    paid: dict[tuple[str, int], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    if not needed:
        return paid
    earliest = min(needed.values())
    runs = {
        run.pk: path
        for path, state in states.items()
        for run in state.approved_runs
        if any(key[0] == path for key in needed) and run.month >= earliest
    }
    if not runs:
        return paid
    lines = PaymentLine.objects.filter(run_id__in=list(runs))
    persons = {person_id for _path, person_id in needed}
    # A short list of persons narrows the read; a long one would only lengthen the statement.
    if len(persons) <= 500:
        lines = lines.filter(person_id__in=sorted(persons))
    for run_id, person_id, months in lines.values_list("run_id", "person_id", "months"):
        key = (runs[run_id], person_id)
        start = needed.get(key)
        if start is None:
            continue
        for item in months:
            month = date.fromisoformat(item["month"])
            if month >= start:
                paid[key][month] += int(item["dong"])
    return paid
