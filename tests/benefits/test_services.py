"""Recording entitlement rules: only administrators, audited, never two values of a rule at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.models import BenefitParameter, Confidence
from hoanhap.benefits.services import benefit_parameter_add
from hoanhap.core.exceptions import ApplicationError
from tests.factories import BAC_SON, LANG_SON, unit

pytestmark = pytest.mark.django_db


def add(actor: User, **overrides: Any) -> BenefitParameter:
    values: dict[str, Any] = {
        "code": "standard_level",
        "value": Decimal(650_000),
        "valid_from": date(2026, 1, 1),
        "legal_basis": "Nghị định mới",
        "confidence": Confidence.CONFIRMED,
    }
    return benefit_parameter_add(actor=actor, **{**values, **overrides})


def national_levels() -> list[tuple[date, date | None]]:
    rows = BenefitParameter.objects.filter(code="standard_level", unit_path="").order_by("valid_from")
    return [(row.valid_from, row.valid_to) for row in rows]


def test_a_new_value_until_further_notice_ends_the_one_in_force_and_both_are_audited(
    admin_user: User,
) -> None:
    current = BenefitParameter.objects.get(code="standard_level", unit_path="", valid_to=None)
    added = add(admin_user)
    assert national_levels()[-2:] == [(date(2024, 7, 1), date(2025, 12, 31)), (date(2026, 1, 1), None)]
    ended = AuditEvent.objects.get(action="benefits.parameter.ended")
    assert ended.object_id == str(current.pk)
    assert ended.new_values == {"valid_to": "2025-12-31"}
    recorded = AuditEvent.objects.get(action="benefits.parameter.added")
    assert recorded.object_id == str(added.pk)
    assert recorded.actor_id == admin_user.pk
    assert recorded.new_values["value"] == "650000"
    assert recorded.new_values["valid_from"] == "2026-01-01"


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "clash"),
    [
        (date(2024, 1, 1), None, "from 01/07/2021 to 30/06/2024"),  # inside the 360,000 period, ended
        (date(2024, 7, 1), None, "from 01/07/2024 until further notice"),  # same start as the one in force
        # A bounded value inside the open one would leave the open one torn in two.
        (date(2026, 1, 1), date(2026, 6, 30), "from 01/07/2024 until further notice"),
        (date(2021, 1, 1), date(2021, 12, 31), "from 01/01/2014 to 30/06/2021"),  # across two periods
    ],
)
def test_overlapping_values_of_a_rule_are_refused(
    admin_user: User, valid_from: date, valid_to: date | None, clash: str
) -> None:
    before = national_levels()
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        add(admin_user, valid_from=valid_from, valid_to=valid_to)
    assert refused.value.code == "overlap"
    assert clash in str(refused.value.message)
    assert national_levels() == before
    assert not AuditEvent.objects.filter(action__startswith="benefits.").exists()


def test_a_province_rule_does_not_overlap_the_national_one(admin_user: User) -> None:
    add(admin_user, unit=unit(LANG_SON), valid_from=date(2025, 1, 1), value=Decimal(600_000))
    add(admin_user, unit=unit(LANG_SON), valid_from=date(2026, 1, 1), value=Decimal(700_000))
    rows = BenefitParameter.objects.filter(code="standard_level", unit_path=unit(LANG_SON).path)
    assert [(row.valid_from, row.valid_to) for row in rows.order_by("valid_from")] == [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), None),
    ]
    assert national_levels()[-1] == (date(2024, 7, 1), None)  # untouched


@pytest.mark.parametrize("role_user", ["province_user", "commune_user", "viewer_user", "agency_user"])
def test_only_administrators_record_rules(role_user: str, request: pytest.FixtureRequest) -> None:
    actor = request.getfixturevalue(role_user)
    before = BenefitParameter.objects.count()
    with pytest.raises(PermissionDenied):
        add(actor)
    assert BenefitParameter.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "standard_levle"}, "code"),
        ({"valid_from": date(2026, 1, 15)}, "valid_from"),
        ({"valid_to": date(2026, 2, 27)}, "valid_to"),
        ({"valid_from": date(2026, 3, 1), "valid_to": date(2026, 1, 31)}, "valid_to"),
        ({"value": Decimal(0)}, "value"),
        ({"value": Decimal("500000.5")}, "value"),
        ({"value": None}, "value"),
        ({"code": "age.child_below", "value": Decimal("16.5")}, "value"),
        ({"code": "age.crossing_rule", "value": None, "text_value": "next_month"}, "text_value"),
        ({"code": "coef.severe", "value": None, "text_value": "1.5"}, "text_value"),
        ({"unit": "commune"}, "unit"),
        ({"confidence": "sure"}, "confidence"),
    ],
)
def test_values_that_make_no_rule_are_refused_on_their_field(
    admin_user: User, overrides: dict[str, Any], field: str
) -> None:
    if overrides.get("unit") == "commune":
        overrides = {**overrides, "unit": unit(BAC_SON)}
    with pytest.raises(ApplicationError) as refused:
        add(admin_user, **overrides)
    assert refused.value.field == field


def test_the_crossing_rule_takes_a_word(admin_user: User) -> None:
    row = add(
        admin_user,
        code="age.crossing_rule",
        value=None,
        text_value="birthday_month",
        valid_from=date(2026, 1, 1),
    )
    assert row.value is None
    assert row.text_value == "birthday_month"
