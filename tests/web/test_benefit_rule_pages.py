"""The entitlement-rules pages: officers read every value with its period, area and legal basis;
administrators record a new value through the form, typed as people write numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hoanhap.accounts.models import User
from hoanhap.benefits.models import BenefitParameter
from tests.web.test_persons_pages import english

pytestmark = pytest.mark.django_db


RULES, NEW_RULE = "/benefits/rules/", "/benefits/rules/new/"


def rule_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "code": "standard_level",
        "unit": "",
        "value": "600.000",
        "valid_from_0": "1",
        "valid_from_1": "2027",
        "legal_basis": "Nghị định 1/2027/NĐ-CP",
        "confidence": "confirmed",
    }
    data.update(overrides)
    return data


def test_officers_read_the_rules_with_their_basis_and_only_administrators_add(
    commune_user: User, admin_user: User, django_assert_max_num_queries: Any
) -> None:
    client = english(commune_user)
    with django_assert_max_num_queries(7):
        html = client.get(RULES).content.decode()
    assert "Standard level of social assistance" in html
    assert "500,000 VND" in html
    assert "Nghị định 76/2024/NĐ-CP" in html
    assert "From a secondary source" in html
    assert "Record a new value" not in html
    filtered = client.get(RULES, {"code": "age.child_below"}).content.decode()
    assert "Nghị định 76/2024/NĐ-CP" not in filtered
    assert "Record a new value" in english(admin_user).get(RULES).content.decode()


def test_an_administrator_records_a_new_standard_level_through_the_form(admin_user: User) -> None:
    client = english(admin_user)
    response = client.post(NEW_RULE, rule_form())
    assert response.status_code == 302
    assert response["Location"] == f"{RULES}?code=standard_level"
    added = BenefitParameter.objects.get(code="standard_level", valid_from=date(2027, 1, 1))
    assert added.value == Decimal(600_000)  # "600.000" as Vietnamese groups the thousands
    assert added.valid_to is None
    superseded = BenefitParameter.objects.get(code="standard_level", valid_from=date(2024, 7, 1))
    assert superseded.valid_to == date(2026, 12, 31)
    assert "600,000 VND from January 2027 was recorded" in client.get(response["Location"]).content.decode()


def test_a_provinces_own_coefficient_with_an_end_month(admin_user: User) -> None:
    response = english(admin_user).post(
        NEW_RULE,
        rule_form(code="coef.severe", value="1,8", unit="20", valid_to_0="6", valid_to_1="2027"),
    )
    assert response.status_code == 302
    added = BenefitParameter.objects.get(code="coef.severe", unit_path="/c/20/")
    assert (added.value, added.valid_to) == (Decimal("1.8"), date(2027, 6, 30))


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"code": ""}, "id_code", "Choose the rule."),
        ({"value": "abc"}, "id_value", "Enter the value as a number"),
        ({"value": "-5"}, "id_value", "Enter a value above zero."),
        ({"valid_from_0": "1", "valid_from_1": "2024"}, "id_valid_from_0", "the periods overlap"),
        ({"code": "age.crossing_rule", "value": ""}, "id_text_value_0", "Choose one of"),
        ({"confidence": ""}, "id_confidence_0", "Choose how sure the value is."),
    ],
)
def test_rule_mistakes_are_shown_on_their_field(
    admin_user: User, overrides: dict[str, str], anchor: str, message: str
) -> None:
    before = BenefitParameter.objects.count()
    html = english(admin_user).post(NEW_RULE, rule_form(**overrides)).content.decode()
    assert "govuk-error-summary" in html
    assert f'href="#{anchor}"' in html
    assert f'id="{anchor}"' in html
    assert message in html
    assert BenefitParameter.objects.count() == before
