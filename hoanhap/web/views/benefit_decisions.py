"""A person's support: the decisions recorded, what the rules give today, and recording a decision.

Both pages fetch the person in the viewer's scope (a 404 otherwise) and record the read, as the person's
own page does. Everyone who may read the registry reads the decisions; only officers who keep it
(``MANAGE``) record them, through ``benefit_decision_record``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoanhap.assessments.models import DisabilityDetermination
from hoanhap.assessments.selectors import current_determination
from hoanhap.benefits.decisions import benefit_decision_record
from hoanhap.benefits.engine import Entitlements, entitlements
from hoanhap.benefits.explain import Line, Money, Month, coefficient
from hoanhap.benefits.models import BenefitDecision, BenefitKind, DecisionAction
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.selectors import (
    MANAGE,
    MonthAmount,
    arrears_by_decision,
    decision_history,
    parameters_at,
)
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person
from hoanhap.web.forms_benefits_decisions import DecisionForm, decision_prefill
from hoanhap.web.views.common import signed_in_user
from hoanhap.web.views.persons_common import person_or_404, survivor_or_404


def _posted(request: HttpRequest) -> bool:
    return request.method == "POST"


def _explanation_language() -> str:
    """Decisions keep their explanation in Vietnamese and English, as computed when recorded."""
    return "en" if (translation.get_language() or "vi").startswith("en") else "vi"


@dataclass(frozen=True)
class Correction:
    """One month that a decision taking effect in the past pays again (arrears) or takes back."""

    month: Month
    amount: Money
    recovery: bool


@dataclass(frozen=True)
class DecisionRow:
    decision: BenefitDecision
    in_force: bool
    coefficient: Any
    amount: Money | None
    explanation: list[str]
    corrections: list[Correction]
    corrections_total: Money | None
    corrections_recovered: bool


def _in_force_now(decisions: list[BenefitDecision], month: date) -> set[int]:
    """The ids of the decisions in force in ``month``: of each kind, the latest to take effect by then
    (a stop included: it is what is in force)."""
    latest: dict[str, BenefitDecision] = {}
    for decision in decisions:
        if decision.effective_from > month:
            continue
        held = latest.get(decision.kind)
        if held is None or (decision.effective_from, decision.pk) > (held.effective_from, held.pk):
            latest[decision.kind] = decision
    return {decision.pk for decision in latest.values()}


def _corrections(months: list[MonthAmount]) -> list[Correction]:
    return [
        Correction(Month(item.month), Money(abs(item.dong)), item.dong < 0) for item in months if item.dong
    ]


def decision_rows(decisions: list[BenefitDecision], month: date) -> list[DecisionRow]:
    in_force = _in_force_now(decisions, month)
    late = arrears_by_decision(decisions=decisions)
    language = _explanation_language()
    rows = []
    for decision in decisions:
        corrections = _corrections(late.get(decision.pk, []))
        total = sum(item.dong for item in late.get(decision.pk, []))
        explanation = decision.explanation or {}
        rows.append(
            DecisionRow(
                decision=decision,
                in_force=decision.pk in in_force,
                coefficient=coefficient(decision.coefficient) if decision.coefficient is not None else None,
                amount=Money(decision.monthly_amount) if decision.monthly_amount is not None else None,
                explanation=list(explanation.get(language) or explanation.get("vi") or []),
                corrections=corrections,
                corrections_total=Money(abs(total)) if corrections else None,
                corrections_recovered=total < 0,
            )
        )
    return rows


@dataclass(frozen=True)
class Entitlement:
    """What the rules in force this month give the person, from their current severity and age."""

    month: Month
    result: Entitlements
    allowance: Money
    allowance_coefficient: Any
    lines: list[Line]
    # The monthly allowance in force was decided with another coefficient (or is in force without one).
    differs_from_decision: bool


def current_entitlement(
    *, person: Person, determination: DisabilityDetermination | None, month: date, allowance: Any
) -> tuple[Entitlement | None, str]:
    """(the entitlement, or None with the reason it cannot be computed)."""
    if determination is None:
        return None, _("No disability determination is recorded: the rules cannot be applied yet.")
    if person.birth_date is None and person.birth_year is None:
        return None, _("The date of birth is not recorded: the rules cannot be applied yet.")
    try:
        result = entitlements(
            params=parameters_at(month=month, unit_path=person.unit_path),
            month=month,
            severity=determination.severity,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
        )
    except ApplicationError as error:  # no rules recorded for the month
        return None, str(error.message)
    amount = result.monthly_allowance
    decided = allowance.coefficient if allowance is not None else None
    computed = amount.coefficient if amount.entitled else None
    return (
        Entitlement(
            month=Month(result.month),
            result=result,
            allowance=Money(amount.dong),
            allowance_coefficient=coefficient(computed) if computed is not None else None,
            lines=[*result.explanation, *amount.explanation, result.health_insurance_explanation],
            differs_from_decision=allowance is not None and decided != computed,
        ),
        "",
    )


def _allowance_in_force(rows: list[DecisionRow]) -> BenefitDecision | None:
    for row in rows:
        if row.in_force and row.decision.kind == BenefitKind.MONTHLY_ALLOWANCE:
            return None if row.decision.action == DecisionAction.STOP else row.decision
    return None


@capability_required("personal_data.view")
def person_benefits_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        person = person_or_404(request, person_id)
    except Http404:
        # A record merged into another: its links lead to the same page of the record kept.
        return redirect("web:person_benefits", person_id=survivor_or_404(request, person_id).pk)
    month = first_of_month(timezone.localdate())
    decisions = decision_history(person=person)
    rows = decision_rows(decisions, month)
    determination = current_determination(person=person)
    entitlement, not_computed = current_entitlement(
        person=person,
        determination=determination,
        month=month,
        allowance=_allowance_in_force(rows),
    )
    context = {
        "person": person,
        "rows": rows,
        "determination": determination,
        "entitlement": entitlement,
        "not_computed": not_computed,
        "can_manage": user.has_capability(MANAGE),
    }
    return render(request, "web/benefits/person.html", context)


@capability_required(MANAGE)
def person_benefit_decision_create_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    person = person_or_404(request, person_id, record_read=not _posted(request))
    form = DecisionForm(request.POST if _posted(request) else None, initial=decision_prefill(request.GET))
    if _posted(request) and form.is_valid():
        try:
            decision = benefit_decision_record(actor=user, person=person, **form.decision_values())
        except ApplicationError as error:
            form.show_error(error)
        else:
            messages.success(
                request,
                _("Decision %(number)s for %(name)s was recorded.")
                % {"number": decision.number, "name": person.full_name},
            )
            return redirect("web:person_benefits", person_id=person.pk)
    month = first_of_month(timezone.localdate())
    in_force = [row for row in decision_rows(decision_history(person=person), month) if row.in_force]
    context = {
        "person": person,
        "form": form,
        "in_force": in_force,
        "determination": current_determination(person=person),
    }
    return render(request, "web/benefits/decision_form.html", context)
