"""The public entitlement quote. No `from __future__ import annotations` here: django-ninja reads them.

No token: anyone may ask what the national rules give a person of a given age and severity in a month.
The answers name nobody, so nothing is stored and nothing is audited.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from hoanhap.api.schemas import ErrorOut
from hoanhap.api.schemas_persons import InvalidOut
from hoanhap.assessments.models import Severity
from hoanhap.benefits.engine import Amount
from hoanhap.benefits.models import Confidence
from hoanhap.benefits.parameters import plain_decimal
from hoanhap.benefits.quote import (
    MOST_CHILDREN,
    OLDEST_BIRTH_YEAR,
    QuoteRequest,
    benefit_quote,
    parse_month,
    quote_problems,
)
from hoanhap.core.exceptions import ApplicationError

router = Router(tags=["entitlements"])


class QuoteIn(Schema):
    birth_date: date | None = Field(None, description="Date of birth, when known (YYYY-MM-DD).")
    birth_year: int | None = Field(
        None,
        ge=OLDEST_BIRTH_YEAR,
        le=2100,
        description="Year of birth, when the date is not known: the birthday is then taken to be 1 January.",
    )
    severity: Severity = Field(description="Severity of the disability.")
    month: str = Field(max_length=7, description="The month to compute, as YYYY-MM.", examples=["2024-07"])
    pregnant: bool = Field(False, description="The person is pregnant.")
    children_under_36_months: int = Field(
        0, ge=0, le=MOST_CHILDREN, description="Number of the person's own children under 36 months."
    )


class AmountOut(Schema):
    amount: int = Field(description="In đồng per month; 0 when not entitled.")
    coefficient: str | None = Field(description='The coefficient applied, as a decimal number ("2.5").')
    confidence: Confidence = Field(description="How sure the rules behind the amount are: the weakest one.")
    explanation: list[str] = Field(description="The rules and arithmetic, in the language of the request.")


class StandardLevelOut(Schema):
    amount: int = Field(description="In đồng per month.")
    valid_from: date
    legal_basis: str
    confidence: Confidence


class QuoteOut(Schema):
    month: str = Field(description="YYYY-MM.")
    age: int = Field(description="The age that counts in the month.")
    standard_level: StandardLevelOut
    monthly_allowance: AmountOut
    care_support: AmountOut
    total_per_month: int = Field(description="Monthly allowance and care support, in đồng.")
    health_insurance: bool = Field(description="A health-insurance card paid by the state.")
    explanation: list[str] = Field(description="The standard level, the age and the health insurance.")


def _coefficient(amount: Amount) -> str | None:
    if amount.coefficient is None:
        return None
    text = plain_decimal(amount.coefficient)
    return text if "." in text else f"{text}.0"


def _amount(amount: Amount) -> dict[str, Any]:
    return {
        "amount": amount.dong,
        "coefficient": _coefficient(amount),
        "confidence": amount.confidence,
        "explanation": [str(line) for line in amount.explanation],
    }


def _invalid(problems: list[ApplicationError]) -> Status[dict[str, Any]]:
    return Status(
        422,
        {
            "code": "invalid",
            "detail": _("The request is not valid."),
            "errors": [{"field": problem.field, "detail": str(problem.message)} for problem in problems],
        },
    )


@router.post(
    "/benefits/quote",
    response={200: QuoteOut, 400: ErrorOut, 422: InvalidOut},
    summary="What the national rules give a person in a month",
)
def quote_benefits(request: HttpRequest, payload: QuoteIn) -> Status[dict[str, Any]]:
    """Give birth_date, or birth_year alone. The monthly allowance and care support under the national
    rules of the month (a province may pay more), each with its explanation in the language of the request
    (Accept-Language). Not a decision: the commune decides. Nothing is stored."""
    answers = QuoteRequest(
        month=parse_month(payload.month),
        severity=payload.severity,
        birth_date=payload.birth_date,
        birth_year=payload.birth_year,
        pregnant=payload.pregnant,
        children_under_36_months=payload.children_under_36_months,
    )
    problems = quote_problems(answers)
    if problems:
        return _invalid(problems)
    try:
        result = benefit_quote(request=answers)
    except ApplicationError as error:
        return _invalid([error])
    level = result.standard_level
    return Status(
        200,
        {
            "month": f"{result.month:%Y-%m}",
            "age": result.age.years,
            "standard_level": {
                "amount": int(level.value or 0),
                "valid_from": level.valid_from,
                "legal_basis": level.legal_basis,
                "confidence": level.confidence,
            },
            "monthly_allowance": _amount(result.monthly_allowance),
            "care_support": _amount(result.care_support),
            "total_per_month": result.total_per_month,
            "health_insurance": result.health_insurance,
            "explanation": [
                *(str(line) for line in result.explanation),
                str(result.health_insurance_explanation),
            ],
        },
    )
