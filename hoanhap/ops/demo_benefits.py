"""Demo data for the allowances: decisions for the eligible persons of the demo commune, last month's
payment list approved and this month's prepared, so the pages show real runs with arrears.

Recorded through the services, as the commune officer would: every figure comes from the rules in force
(``hoanhap.benefits``), none is written here.
"""

from __future__ import annotations

from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.assessments.models import DisabilityDetermination
from hoanhap.benefits.decisions import benefit_decision_record
from hoanhap.benefits.engine import ELIGIBLE
from hoanhap.benefits.models import BenefitDecision, BenefitKind, DecisionAction
from hoanhap.benefits.parameters import add_months, first_of_month
from hoanhap.benefits.payments import payment_run_approve, payment_run_prepare
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, PersonStatus

# One eligible person in this many is decided late: the decision signed this month takes effect three
# months earlier, so this month's draft list shows arrears.
LATE_EVERY = 12
LATE_MONTHS = 3


def demo_benefits(*, officer: User, commune: AdminUnit) -> int:
    """Allowance decisions and payment runs for ``commune``, only when it has no decision yet (running the
    demo again adds nothing); how many decisions were recorded."""
    if BenefitDecision.objects.filter(unit_path__startswith=commune.path).exists():
        return 0
    this_month = first_of_month(timezone.localdate())
    start = add_months(this_month, -6)
    eligible = _eligible_persons(commune)
    for index, person in enumerate(eligible, start=1):
        late = index % LATE_EVERY == 0
        benefit_decision_record(
            actor=officer,
            person=person,
            kind=BenefitKind.MONTHLY_ALLOWANCE,
            action=DecisionAction.START,
            number=f"{index}/QĐ-UBND",
            signed_on=min(timezone.localdate(), this_month.replace(day=2)) if late else start.replace(day=5),
            effective_from=add_months(this_month, -LATE_MONTHS) if late else start,
        )
    last_month = add_months(this_month, -1)
    payment_run_approve(
        actor=officer,
        run=payment_run_prepare(
            actor=officer, commune=commune, month=last_month, kind=BenefitKind.MONTHLY_ALLOWANCE
        ),
    )
    payment_run_prepare(actor=officer, commune=commune, month=this_month, kind=BenefitKind.MONTHLY_ALLOWANCE)
    return len(eligible)


def _eligible_persons(commune: AdminUnit) -> list[Person]:
    """The active persons of the commune whose latest determination is severe or particularly severe."""
    latest: dict[int, str] = {}
    determinations = DisabilityDetermination.objects.filter(
        person__commune=commune, person__status=PersonStatus.ACTIVE, person__merged_into__isnull=True
    ).order_by("person_id", "decided_on", "id")
    for person_id, severity in determinations.values_list("person_id", "severity"):
        latest[person_id] = severity
    chosen = sorted(person_id for person_id, severity in latest.items() if severity in ELIGIBLE)
    return list(Person.objects.filter(pk__in=chosen).order_by("sort_key", "id"))
