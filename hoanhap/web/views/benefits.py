"""The public allowance calculator: what the national rules give a person in a month.

Anyone may use it, signed in or not. The answers name nobody and nothing is stored or audited; they are
sent by POST so that a date of birth and a severity stay out of addresses, histories and server logs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hoanhap.benefits.engine import Entitlements, weakest_confidence
from hoanhap.benefits.explain import Money, Month
from hoanhap.benefits.quote import benefit_quote
from hoanhap.core.access import public_view
from hoanhap.core.exceptions import ApplicationError
from hoanhap.web.forms_admin import add_application_error
from hoanhap.web.forms_benefits import CalculatorForm


@public_view
def benefit_calculator_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = CalculatorForm(
        request.POST if posted else None,
        initial={"month": timezone.localdate().replace(day=1), "children_under_36_months": 0},
    )
    result: Entitlements | None = None
    if posted and form.is_valid():
        try:
            result = benefit_quote(request=form.quote_request())
        except ApplicationError as error:  # a month before the recorded rules
            add_application_error(form, error)
    context: dict[str, Any] = {"form": form, "result": result}
    if result is not None:
        context["summary"] = _summary(result)
    return render(request, "web/benefits/calculator.html", context)


def _summary(result: Entitlements) -> dict[str, Any]:
    """The figures and lines the page shows; each formats itself in the language of the page."""
    amounts = [result.monthly_allowance, result.care_support]
    confidence = weakest_confidence(amount.confidence for amount in amounts if amount.entitled)
    return {
        "month": Month(result.month),
        "allowance": Money(result.monthly_allowance.dong),
        "care": Money(result.care_support.dong),
        "total": Money(result.total_per_month),
        "lines": [
            *result.explanation,
            *result.monthly_allowance.explanation,
            *result.care_support.explanation,
            result.health_insurance_explanation,
        ],
        "confidence": confidence,  # the weakest rule behind the amounts paid
    }
