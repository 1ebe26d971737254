"""The public allowance calculator page: opens without signing in, computes, explains, shows errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoanhap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

CALCULATOR = "/benefits/calculator/"


def answers(**overrides: Any) -> dict[str, Any]:
    return {
        "birth_date_0": "10",
        "birth_date_1": "5",
        "birth_date_2": "2015",
        "severity": "particularly_severe",
        "month_0": "7",
        "month_1": "2024",
        "children_under_36_months": "0",
        **overrides,
    }


def english() -> Client:
    client = Client()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_calculator_opens_without_signing_in_with_labelled_fields() -> None:
    response = english().get(CALCULATOR)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_birth_date_0"' in html
    assert 'for="id_month_0"' in html
    assert 'name="severity"' in html
    assert "<legend" in html
    assert 'id="result"' not in html


def test_the_sign_in_page_links_to_the_calculator() -> None:
    assert f'href="{CALCULATOR}"' in english().get("/login/").content.decode()


def test_the_calculator_computes_and_explains_in_english() -> None:
    response = english().post(CALCULATOR, answers(pregnant="on", children_under_36_months="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="result"' in html
    assert "1,250,000 VND" in html  # 500,000 × 2.5
    assert "1,000,000 VND" in html  # care support 500,000 × 2.0
    assert "2,250,000 VND" in html
    assert "Nghị định 20/2021/NĐ-CP, Điều 6" in html
    assert "July 2024" in html


def test_the_calculator_formats_amounts_the_vietnamese_way_on_the_vietnamese_page() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="vi").post(CALCULATOR, answers()).content.decode()
    assert "1.250.000 đ" in html
    assert "2,5" in html


def test_a_year_of_birth_alone_is_enough() -> None:
    html = (
        english()
        .post(CALCULATOR, answers(birth_date_0="", birth_date_1="", birth_date_2="1990"))
        .content.decode()
    )
    assert "1,000,000 VND" in html  # 500,000 × 2.0: an adult
    assert "1 January 1990" in html


def test_missing_answers_are_shown_in_the_error_summary_and_on_their_fields() -> None:
    response = english().post(CALCULATOR, {"children_under_36_months": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'href="#id_birth_date_0"' in html
    assert 'href="#id_severity_0"' in html
    assert 'href="#id_month_0"' in html
    assert "Choose the severity." in html
    assert 'id="result"' not in html


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"month_0": "13"}, "id_month_0", "Enter the month as a number from 1 to 12."),
        (
            {"month_0": "12", "month_1": "2013", "birth_date_2": "1990"},
            "id_month_0",
            "No entitlement rules are recorded for",
        ),
        ({"birth_date_2": "2030"}, "id_month_0", "The person is born after the month chosen."),
        ({"children_under_36_months": "x"}, "id_children_under_36_months", "Enter a whole number."),
    ],
)
def test_answers_that_cannot_be_computed_are_refused_on_their_field(
    overrides: dict[str, str], anchor: str, message: str
) -> None:
    html = english().post(CALCULATOR, answers(**overrides)).content.decode()
    assert f'href="#{anchor}"' in html
    assert message in html
    assert 'id="result"' not in html


def test_nothing_is_audited() -> None:
    before = AuditEvent.objects.count()
    english().post(CALCULATOR, answers())
    assert AuditEvent.objects.count() == before


def test_amounts_resting_on_a_secondary_source_carry_a_warning() -> None:
    # 500,000 from July 2024 is from a secondary source; 360,000 in 2021–2024 is in Decree 20/2021 itself.
    secondary = english().post(CALCULATOR, answers()).content.decode()
    confirmed = english().post(CALCULATOR, answers(month_0="7", month_1="2022")).content.decode()
    assert "taken from a secondary source" in secondary
    assert "govuk-warning-text" not in confirmed
    assert "900,000 VND" in confirmed  # 360,000 × 2.5
