"""The monthly-allowance decisions due in an area for a month, for the officer to confirm one by one.

Nothing is decided here: each proposal links to the person's decision form, filled in with what it
proposes, and the officer records the signed decision there. The names shown are personal data: the page
records which persons it listed, as the registry list does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from hoanhap.accounts.models import User
from hoanhap.benefits import codes as c
from hoanhap.benefits.ages import age_in_month
from hoanhap.benefits.explain import Money, Month, Number, coefficient
from hoanhap.benefits.models import DecisionAction, StopReason
from hoanhap.benefits.parameters import ParameterSet, first_of_month
from hoanhap.benefits.selectors import (
    MANAGE,
    ChangeKind,
    ChangeProposal,
    add_months,
    changes_due,
    parameters_by_path,
)
from hoanhap.core.access import capability_required
from hoanhap.core.scope import Scope
from hoanhap.geo.models import AdminUnit
from hoanhap.people.selectors import record_person_list_read
from hoanhap.web.forms_benefits_decisions import ChangesDueForm, link_month
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user


@dataclass(frozen=True)
class AreaViewer:
    """The signed-in user kept to one unit of their area: the selectors then read only that unit."""

    user: User
    area: AdminUnit

    @property
    def pk(self) -> Any:
        return self.user.pk

    @property
    def scope(self) -> Scope:
        return Scope(paths=(self.area.path,))

    def has_capability(self, capability: str) -> bool:
        return self.user.has_capability(capability)

    def get_username(self) -> str:
        return self.user.get_username()


def _age_threshold(proposal: ChangeProposal, params: ParameterSet) -> Number:
    """The age the person reached: the elderly threshold when they are now elderly, else the child one
    (an age change of the coefficient is one of these two crossings)."""
    age = age_in_month(
        params=params, birth_date=proposal.person.birth_date, birth_year=proposal.person.birth_year
    )
    return Number(params.number(c.AGE_ELDERLY_FROM if age.elderly else c.AGE_CHILD_BELOW))


def _summary(proposals: list[ChangeProposal], month: date) -> list[str]:
    """One sentence per kind of change: "12 persons reach the age of 16 by 12/2026: …"."""
    params = parameters_by_path(month=month, unit_paths={p.in_force.unit_path for p in proposals})
    counts: Counter[tuple[str, str]] = Counter()
    for proposal in proposals:
        age = ""
        if proposal.change == ChangeKind.AGE:
            age = str(_age_threshold(proposal, params[proposal.in_force.unit_path]))
        counts[(proposal.change, age)] += 1
    shown = Month(month)
    sentences = []
    for (change, age), count in sorted(counts.items()):
        values = {"count": count, "age": age, "month": shown}
        if change == ChangeKind.AGE:
            text = ngettext(
                "%(count)s person reaches the age of %(age)s by %(month)s: the coefficient changes.",
                "%(count)s persons reach the age of %(age)s by %(month)s: the coefficient changes.",
                count,
            )
        elif change == ChangeKind.SEVERITY:
            text = ngettext(
                "%(count)s person has a re-determined severity: the allowance changes or stops.",
                "%(count)s persons have a re-determined severity: the allowance changes or stops.",
                count,
            )
        elif change == ChangeKind.DECEASED:
            text = ngettext(
                "%(count)s person has died: the allowance stops.",
                "%(count)s persons have died: the allowance stops.",
                count,
            )
        else:
            text = ngettext(
                "%(count)s person has moved away: the allowance stops.",
                "%(count)s persons have moved away: the allowance stops.",
                count,
            )
        sentences.append(text % values)
    return sentences


def decision_form_link(proposal: ChangeProposal) -> str:
    """The person's decision form, filled in with what ``proposal`` proposes."""
    query = {
        "kind": proposal.in_force.kind,
        "action": proposal.action,
        "effective_from": link_month(proposal.effective_from),
    }
    if proposal.reason:
        query["reason"] = proposal.reason
    path = reverse("web:person_benefit_decision_create", kwargs={"person_id": proposal.person.pk})
    return f"{path}?{urlencode(query)}"


def _row(proposal: ChangeProposal) -> dict[str, Any]:
    decided = proposal.in_force
    return {
        "proposal": proposal,
        "in_force_coefficient": coefficient(decided.coefficient) if decided.coefficient is not None else None,
        "coefficient": coefficient(proposal.coefficient) if proposal.coefficient is not None else None,
        "amount": Money(proposal.monthly_amount) if proposal.monthly_amount is not None else None,
        "month": Month(proposal.effective_from),
        "change": ChangeKind(proposal.change).label,
        "action": DecisionAction(proposal.action).label,
        "reason": StopReason(proposal.reason).label if proposal.reason else "",
        "link": decision_form_link(proposal),
    }


@capability_required(MANAGE)
def benefit_changes_due_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ChangesDueForm(request.GET or None, viewer=user)
    month = add_months(first_of_month(timezone.localdate()), 1)
    area: AdminUnit | None = None
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        month = form.cleaned_data["month"] or month
        area = form.cleaned_data["area"]
    proposals = changes_due(viewer=AreaViewer(user, area) if area else user, month=month) if valid else []
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    if valid:
        record_person_list_read(
            viewer=user,
            persons=[proposal.person for proposal in shown],
            filters={"benefit_changes_due": link_month(month), "area": area.code if area else ""},
        )
    context = {
        "form": form,
        "month": Month(month),
        "area": area,
        "summary": _summary(proposals, month) if proposals else [],
        "page": page,
        "rows": [_row(proposal) for proposal in shown],
        "params": query_without_page(request),
    }
    return render(request, "web/benefits/changes_due.html", context)
