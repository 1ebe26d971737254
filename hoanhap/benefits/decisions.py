"""Recording the commune chair's decisions to start, change or stop a person's support.

The amount is computed by the engine from the person's current severity and age for the month the
decision takes effect, and stored as decided: a later change of the rules or of the person does not
rewrite it (``changes_due`` proposes the new decision instead). Decisions are never edited or deleted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.selectors import current_determination
from hoanhap.audit.services import audit_record
from hoanhap.benefits.engine import ELIGIBLE, Amount, carer_household_support, entitlements
from hoanhap.benefits.explain import Line
from hoanhap.benefits.models import BenefitDecision, BenefitKind, DecisionAction, StopReason
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.selectors import MANAGE, add_months, parameters_at
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person, PersonStatus


def _explanation(lines: tuple[Line, ...]) -> dict[str, list[str]]:
    return {language: [line.in_language(language) for line in lines] for language in ("vi", "en")}


def _checked_dates(*, signed_on: date, effective_from: date) -> None:
    today = timezone.localdate()
    if signed_on > today:
        raise ApplicationError(_("The signing date cannot be in the future."), field="signed_on")
    if effective_from.day != 1:
        raise ApplicationError(
            _("A decision takes effect on the first day of a month."), field="effective_from"
        )
    if effective_from > add_months(first_of_month(today), 1):
        raise ApplicationError(
            _("A decision can take effect next month at the latest."), field="effective_from"
        )


def _checked_sequence(*, latest: BenefitDecision | None, action: str, effective_from: date) -> None:
    """A start needs no support in force; a change or a stop needs one, and takes effect no earlier."""
    in_force = latest is not None and latest.action != DecisionAction.STOP
    if action == DecisionAction.START and in_force:
        raise ApplicationError(
            _("This support is already in force: record a change or a stop instead."), field="action"
        )
    if action != DecisionAction.START and not in_force:
        raise ApplicationError(_("This support is not in force: record a start first."), field="action")
    if latest is not None and effective_from < latest.effective_from:
        raise ApplicationError(
            _("The decision in force takes effect from %(month)s: choose that month or a later one.")
            % {"month": f"{latest.effective_from:%m/%Y}"},
            field="effective_from",
        )


def _computed(
    *, person: Person, kind: str, effective_from: date, pregnant: bool, children_under_36_months: int
) -> tuple[str, Amount | None, tuple[Line, ...]]:
    """(severity, the amount, or None for the health-insurance card, and the explanation)."""
    determination = current_determination(person=person)
    severity = determination.severity if determination is not None else ""
    if severity not in ELIGIBLE:
        raise ApplicationError(
            _("Support needs a severe or particularly severe disability: this person's is mild or unknown."),
            code="not_eligible",
        )
    if kind == BenefitKind.FUNERAL and person.status != PersonStatus.DECEASED:
        raise ApplicationError(_("Funeral support is decided only for a deceased person."), field="kind")
    result = entitlements(
        params=parameters_at(month=effective_from, unit_path=person.unit_path),
        month=effective_from,
        severity=severity,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        pregnant=pregnant,
        children_under_36_months=children_under_36_months,
        deceased_in_month=kind == BenefitKind.FUNERAL,
    )
    if kind == BenefitKind.HEALTH_INSURANCE:
        return severity, None, (result.health_insurance_explanation,)
    if kind == BenefitKind.CARER_SUPPORT:
        support = _carer_support(person, severity, effective_from)
        return severity, support, (*result.explanation, *support.explanation)
    amount = {
        BenefitKind.MONTHLY_ALLOWANCE: result.monthly_allowance,
        BenefitKind.CARE_SUPPORT: result.care_support,
        BenefitKind.FUNERAL: result.funeral_support,
    }[BenefitKind(kind)]
    # With a severity that qualifies, only care support can come out empty: nothing to care for.
    if amount is None or not amount.entitled:
        raise ApplicationError(
            _("Care support needs a pregnancy or children under 36 months."), field="children_under_36_months"
        )
    return severity, amount, (*result.explanation, *amount.explanation)


def _carer_support(person: Person, severity: str, effective_from: date) -> Amount:
    """The support paid to whoever directly cares for the person: their household must be on record."""
    if person.carer_id is None and not person.carer_name:
        raise ApplicationError(
            _("Record on the person's page who cares for them: this support is paid to the carer."),
            field="kind",
        )
    amount = carer_household_support(
        params=parameters_at(month=effective_from, unit_path=person.unit_path), severity=severity
    )
    if not amount.entitled:
        raise ApplicationError(
            _("Support to the caring household needs a particularly severe disability."), field="kind"
        )
    return amount


@transaction.atomic
def benefit_decision_record(
    *,
    actor: Any,
    person: Person,
    kind: str,
    action: str,
    number: str,
    signed_on: date,
    effective_from: date,
    reason: str = "",
    pregnant: bool = False,
    children_under_36_months: int = 0,
) -> BenefitDecision:
    """Record a decision for ``person``, an officer who keeps the registry of the person's area acting.

    A start or a change stores the coefficient and amount the engine computes for ``effective_from``; a
    stop stores none and needs a ``reason``. ``pregnant`` and ``children_under_36_months`` matter for care
    support only. Decision numbers are unique within a commune. Audited as ``benefits.decision.recorded``.
    """
    if not actor.has_capability(MANAGE) or not actor.scope.covers(person.unit_path):
        raise PermissionDenied
    if kind not in BenefitKind.values:
        raise ApplicationError(_("Choose the kind of support."), field="kind")
    if action not in DecisionAction.values:
        raise ApplicationError(_("Choose start, change or stop."), field="action")
    number = " ".join(number.split())
    if not number:
        raise ApplicationError(_("Enter the decision number."), field="number")
    if action == DecisionAction.STOP and reason not in StopReason.values:
        raise ApplicationError(_("Choose why the support stops."), field="reason")
    if action != DecisionAction.STOP:
        reason = ""
    if kind == BenefitKind.FUNERAL and action != DecisionAction.START:
        raise ApplicationError(_("Funeral support is paid once: it is only started."), field="action")
    _checked_dates(signed_on=signed_on, effective_from=effective_from)
    # Lock the person so that two officers cannot record clashing decisions at once.
    person = Person.objects.select_for_update().get(pk=person.pk)
    latest = (
        BenefitDecision.objects.filter(person=person, kind=kind).order_by("-effective_from", "-id").first()
    )
    _checked_sequence(latest=latest, action=action, effective_from=effective_from)
    if BenefitDecision.objects.filter(unit_path=person.unit_path, number=number).exists():
        raise ApplicationError(
            _("Decision number %(number)s is already recorded in this commune.") % {"number": number},
            field="number",
        )
    severity, amount = "", None
    lines: tuple[Line, ...] = ()
    if action != DecisionAction.STOP:
        severity, amount, lines = _computed(
            person=person,
            kind=kind,
            effective_from=effective_from,
            pregnant=pregnant,
            children_under_36_months=children_under_36_months,
        )
    decision = BenefitDecision.objects.create(
        person=person,
        unit_path=person.unit_path,
        kind=kind,
        action=action,
        number=number,
        signed_on=signed_on,
        effective_from=effective_from,
        severity=severity,
        coefficient=amount.coefficient if amount is not None else None,
        monthly_amount=amount.dong if amount is not None else None,
        reason=reason,
        explanation=_explanation(lines),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="benefits.decision.recorded",
        obj=decision,
        unit_path=person.unit_path,
        new={
            "person": person.pk,
            "kind": kind,
            "action": action,
            "number": number,
            "signed_on": signed_on,
            "effective_from": effective_from,
            "severity": severity,
            "coefficient": decision.coefficient,
            "monthly_amount": decision.monthly_amount,
            "reason": reason,
        },
    )
    return decision
