"""POST /api/v1/benefits/quote: public, computed from the national rules, explained in the language of the
request; invalid answers → 422 with one message per field; nothing stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.models import BenefitParameter

pytestmark = pytest.mark.django_db

QUOTE = "/api/v1/benefits/quote"


def ask(client: Client, body: Any, language: str = "en") -> Any:
    return client.post(QUOTE, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def errors_of(response: Any) -> dict[str, str]:
    return {item["field"]: item["detail"] for item in response.json()["errors"]}


def test_anyone_gets_a_quote_without_a_token(client: Client) -> None:
    response = ask(
        client,
        {
            "birth_date": "2015-05-10",
            "severity": "particularly_severe",
            "month": "2024-07",
            "pregnant": True,
            "children_under_36_months": 1,
        },
    )
    assert response.status_code == 200
    quote = response.json()
    assert quote["month"] == "2024-07"
    assert quote["age"] == 9
    assert quote["standard_level"]["amount"] == 500_000
    assert quote["standard_level"]["legal_basis"] == "Nghị định 76/2024/NĐ-CP"
    assert quote["monthly_allowance"]["coefficient"] == "2.5"
    assert quote["monthly_allowance"]["amount"] == 500_000 * Decimal("2.5")
    assert quote["care_support"]["coefficient"] == "2.0"
    assert quote["care_support"]["amount"] == 500_000 * Decimal("2.0")
    assert quote["total_per_month"] == 500_000 * Decimal("2.5") + 500_000 * Decimal("2.0")
    assert quote["health_insurance"] is True
    assert quote["monthly_allowance"]["confidence"] == "secondary"  # 500,000 rests on a secondary source
    assert any("2.5" in line for line in quote["monthly_allowance"]["explanation"])


def test_the_explanation_follows_the_language_of_the_request(client: Client) -> None:
    body = {"birth_year": 1990, "severity": "severe", "month": "2024-07"}
    english = ask(client, body, "en").json()
    vietnamese = ask(client, body, "vi").json()
    assert "500,000 VND" in english["explanation"][0]
    assert "500.000 đ" in vietnamese["explanation"][0]
    assert "750.000 đ" in vietnamese["monthly_allowance"]["explanation"][-1]
    assert english["monthly_allowance"]["amount"] == vietnamese["monthly_allowance"]["amount"]


def test_mild_disability_is_quoted_as_nothing(client: Client) -> None:
    quote = ask(client, {"birth_year": 1990, "severity": "mild", "month": "2024-07", "pregnant": True}).json()
    assert quote["monthly_allowance"]["amount"] == 0
    assert quote["monthly_allowance"]["coefficient"] is None
    assert quote["care_support"]["amount"] == 0
    assert quote["health_insurance"] is False


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"severity": "severe", "month": "2024-07"}, {"birth_date"}),
        ({"birth_year": 1990, "severity": "severe", "month": "07/2024"}, {"month"}),
        ({"birth_year": 1990, "severity": "severe", "month": "2024-13"}, {"month"}),
        ({"birth_year": 1990, "severity": "severe", "month": "2013-12"}, {"month"}),  # before the rules
        ({"birth_year": 2030, "severity": "severe", "month": "2024-07"}, {"month"}),  # born after it
        (
            {"birth_date": "1990-05-10", "birth_year": 1991, "severity": "severe", "month": "2024-07"},
            {"birth_year"},
        ),
        ({"birth_year": 1990, "severity": "light", "month": "2024-07"}, {"severity"}),
        ({"birth_year": 1800, "severity": "severe", "month": "2024-07"}, {"birth_year"}),
        (
            {"birth_year": 1990, "severity": "severe", "month": "2024-07", "children_under_36_months": -1},
            {"children_under_36_months"},
        ),
        ({"severity": "severe", "month": "2024"}, {"birth_date", "month"}),  # every problem at once
    ],
)
def test_invalid_answers_are_a_422_with_a_message_per_field(
    client: Client, body: dict[str, Any], fields: set[str]
) -> None:
    response = ask(client, body)
    assert response.status_code == 422
    assert set(errors_of(response)) == fields


def test_errors_are_in_the_language_of_the_request(client: Client) -> None:
    body = {"birth_year": 1990, "severity": "light", "month": "2024-07"}
    english = ask(client, body, "en").json()
    vietnamese = ask(client, body, "vi").json()
    assert english["detail"] == "The request is not valid."
    assert vietnamese["detail"] == "Yêu cầu không hợp lệ."
    assert errors_of_json(english)["severity"] == "Choose one of: particularly_severe, severe, mild."
    assert errors_of_json(vietnamese)["severity"].startswith("Vui lòng chọn một trong các giá trị")
    missing = ask(client, {"severity": "severe", "month": "2024-07"}, "en").json()
    assert errors_of_json(missing)["birth_date"] == "Enter the date of birth, or at least the year."


def errors_of_json(body: dict[str, Any]) -> dict[str, str]:
    return {item["field"]: item["detail"] for item in body["errors"]}


def test_a_quote_stores_and_audits_nothing(client: Client) -> None:
    rules, events = BenefitParameter.objects.count(), AuditEvent.objects.count()
    ask(client, {"birth_year": 1990, "severity": "severe", "month": "2024-07"})
    ask(client, {"severity": "severe", "month": "2024-07"})
    assert (BenefitParameter.objects.count(), AuditEvent.objects.count()) == (rules, events)
