"""Reading payment runs, their lines, and the persons due a state-paid health-insurance card.

Runs carry totals only; their lines and the health-insurance list name persons, so reading them is
recorded in the audit trail. Everything keeps to the viewer's scope, and only those who prepare or approve
payments see it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from hoanhap.audit.services import audit_record
from hoanhap.benefits.levels import decision_order, in_force
from hoanhap.benefits.models import BenefitDecision, BenefitKind, DecisionAction, PaymentLine, PaymentRun
from hoanhap.benefits.parameters import first_of_month, last_day_of_month
from hoanhap.benefits.payments import APPROVE
from hoanhap.benefits.selectors import MANAGE, add_months
from hoanhap.core.scope import Viewer
from hoanhap.people.models import Person


def _checked_viewer(viewer: Viewer) -> None:
    if not (viewer.has_capability(MANAGE) or viewer.has_capability(APPROVE)):
        raise PermissionDenied


def _scope_unit_path(viewer: Viewer) -> str:
    scope = viewer.scope
    return scope.paths[0] if len(scope.paths) == 1 else ""


def payment_run_list(
    *, viewer: Viewer, month: date | None = None, kind: str = "", status: str = ""
) -> QuerySet[PaymentRun]:
    """The runs of the viewer's area, newest month first, with their commune."""
    _checked_viewer(viewer)
    runs = PaymentRun.objects.filter(viewer.scope.q("unit_path")).select_related("commune")
    if month is not None:
        runs = runs.filter(month=first_of_month(month))
    if kind:
        runs = runs.filter(kind=kind)
    if status:
        runs = runs.filter(status=status)
    return runs.order_by("-month", "unit_path", "kind")


def access_payment_run(*, viewer: Viewer, pk: Any) -> PaymentRun:
    """One run of the viewer's area (``PaymentRun.DoesNotExist`` otherwise, a 404)."""
    _checked_viewer(viewer)
    return (
        PaymentRun.objects.filter(viewer.scope.q("unit_path"))
        .select_related("commune__parent", "prepared_by", "approved_by", "paid_by")
        .get(pk=pk)
    )


def payment_run_lines(*, viewer: Viewer, run: PaymentRun, record_read: bool = True) -> list[PaymentLine]:
    """The lines of ``run`` (fetched with ``access_payment_run``) in list order; the read is recorded."""
    _checked_viewer(viewer)
    if not viewer.scope.covers(run.unit_path):
        raise PermissionDenied
    lines = list(PaymentLine.objects.filter(run=run).select_related("decision").order_by("position"))
    if record_read:
        audit_record(
            actor=viewer,
            action="benefits.payment_run.viewed",
            obj=run,
            unit_path=run.unit_path,
            new={"lines": len(lines)},
        )
    return lines


@dataclass(frozen=True)
class HealthInsuranceDue:
    """A person whose state-paid card covers ``month``; ``starts`` when the month is the first one."""

    person: Person
    decision: BenefitDecision
    starts: bool


def health_insurance_due(
    *, viewer: Viewer, month: date, record_read: bool = True
) -> list[HealthInsuranceDue]:
    """Everyone in the viewer's area with a monthly-allowance decision in force in ``month`` (by the
    decisions signed so far): the allowance brings a state-paid health-insurance card. Those whose
    allowance was not in force the month before are marked ``starts``: their card is to be issued.
    Two queries whatever the number of persons; the read is recorded (unless the caller records an
    export instead)."""
    if not viewer.has_capability(MANAGE):
        raise PermissionDenied
    month = first_of_month(month)
    decisions = BenefitDecision.objects.filter(
        viewer.scope.q("unit_path"),
        kind=BenefitKind.MONTHLY_ALLOWANCE,
        effective_from__lte=last_day_of_month(month),
    ).only(
        "id",
        "person_id",
        "unit_path",
        "kind",
        "action",
        "number",
        "effective_from",
        "coefficient",
        "monthly_amount",
    )
    by_person: dict[int, list[BenefitDecision]] = defaultdict(list)
    for decision in decisions:
        by_person[decision.person_id].append(decision)
    due: dict[int, tuple[BenefitDecision, bool]] = {}
    previous = add_months(month, -1)
    for person_id, items in by_person.items():
        items.sort(key=decision_order)
        current = in_force(items, month)
        if current is None or current.action == DecisionAction.STOP:
            continue
        before = in_force(items, previous)
        due[person_id] = (current, before is None or before.action == DecisionAction.STOP)
    # The persons read by the decisions' subquery: a list of ids could pass SQLite's limit of parameters.
    persons = (
        Person.objects.filter(pk__in=decisions.values("person_id"))
        .select_related("commune")
        .order_by("unit_path", "sort_key", "id")
    )
    result = [HealthInsuranceDue(person, *due[person.pk]) for person in persons if person.pk in due]
    if not record_read:
        return result
    audit_record(
        actor=viewer,
        action="benefits.health_insurance.listed",
        object_type="people.person",
        object_repr="health-insurance cards due",
        unit_path=_scope_unit_path(viewer),
        new={"month": month, "ids": [item.person.pk for item in result]},
    )
    return result
