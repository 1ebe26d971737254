"""The entitlement rules: every value recorded, with its period, area and legal basis, and recording a new
one when a decree or a province changes it, so that no code has to change.

Officers who decide on support read the rules their amounts come from; only administrators
(``benefits.parameters.manage``) record them, through ``benefit_parameter_add``. The rules are public, not
personal data: reading them is not audited, recording them is (by the service).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.benefits import codes as c
from hoanhap.benefits.explain import Money, Month, Number, coefficient
from hoanhap.benefits.models import BenefitParameter
from hoanhap.benefits.selectors import MANAGE, parameter_history
from hoanhap.benefits.services import MANAGE as RULES_MANAGE
from hoanhap.benefits.services import benefit_parameter_add
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.web.forms_benefits_rules import RuleFilterForm, RuleForm, rule_label
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user

CONFIDENCE_TAGS = {
    "confirmed": "govuk-tag--green",
    "secondary": "govuk-tag--yellow",
    "not_confirmed": "govuk-tag--red",
}


def shown_value(row: BenefitParameter) -> Any:
    """The value as the rule means it: an amount, a coefficient, a number of years or a word's label."""
    if row.value is None:
        choices = dict(c.CrossingRule.choices) if row.code == c.AGE_CROSSING_RULE else {}
        return choices.get(row.text_value, row.text_value)
    if row.code in c.AMOUNT_CODES:
        return Money(int(row.value))
    if row.code in c.COEFFICIENT_CODES:
        return coefficient(row.value)
    return Number(row.value)


def _in_force(row: BenefitParameter, today: date) -> bool:
    return row.valid_from <= today and (row.valid_to is None or row.valid_to >= today)


@capability_required(MANAGE)
def benefit_rules_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = RuleFilterForm(request.GET or None)
    code = form.cleaned_data["code"] if form.is_bound and form.is_valid() else ""
    today = timezone.localdate()
    rows = [
        {
            "row": row,
            "label": rule_label(row.code),
            "value": shown_value(row),
            "valid_from": Month(row.valid_from),
            "valid_to": Month(row.valid_to) if row.valid_to else None,
            "in_force": _in_force(row, today),
            "tag": CONFIDENCE_TAGS.get(row.confidence, ""),
        }
        for row in parameter_history(code=code)
    ]
    context = {"form": form, "rows": rows, "can_add": user.has_capability(RULES_MANAGE)}
    return render(request, "web/benefits/rules.html", context)


def _provinces() -> list[AdminUnit]:
    """Today's provinces: the units that may set a rule of their own."""
    return list(AdminUnit.objects.filter(edition=Edition.CURRENT, tier=Tier.PROVINCE).order_by("name"))


@capability_required(RULES_MANAGE)
def benefit_rule_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    posted = request.method == "POST"
    initial = {"confidence": "confirmed"}
    if request.GET.get("code") in c.KNOWN_CODES:
        initial["code"] = request.GET["code"]
    form = RuleForm(request.POST if posted else None, initial=initial, provinces=_provinces())
    if posted and form.is_valid():
        try:
            rule = benefit_parameter_add(actor=user, **form.parameter_values())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(rule)s: %(value)s from %(month)s was recorded.")
                % {
                    "rule": rule_label(rule.code),
                    "value": shown_value(rule),
                    "month": Month(rule.valid_from),
                },
            )
            return redirect(f"{reverse('web:benefit_rules')}?{urlencode({'code': rule.code})}")
    return render(request, "web/benefits/rule_form.html", {"form": form})
