"""The rules in force in a month: one query, a province's own rule over the national one."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoanhap.accounts.models import User
from hoanhap.benefits.codes import KNOWN_CODES
from hoanhap.benefits.models import BenefitParameter, Confidence
from hoanhap.benefits.selectors import enclosing_paths, parameters_at
from hoanhap.benefits.services import benefit_parameter_add
from tests.factories import BAC_SON, LANG_SON, QUANG_NGAI, unit

pytestmark = pytest.mark.django_db


def test_enclosing_paths_run_from_the_nation_down_to_the_unit() -> None:
    assert enclosing_paths("/c/20/06325/") == ["", "/c/", "/c/20/", "/c/20/06325/"]
    assert enclosing_paths("") == [""]


def test_the_rules_of_a_month_are_read_in_one_query() -> None:
    path = unit(BAC_SON).path
    with CaptureQueriesContext(connection) as queries:
        params = parameters_at(month=date(2024, 7, 15), unit_path=path)
    assert len(queries) == 1
    assert params.month == date(2024, 7, 1)
    assert set(params.rules) == KNOWN_CODES


def test_a_provinces_own_rule_wins_inside_the_province_only(admin_user: User) -> None:
    benefit_parameter_add(
        actor=admin_user,
        code="standard_level",
        value=Decimal(600_000),
        unit=unit(LANG_SON),
        valid_from=date(2025, 1, 1),
        legal_basis="Nghị quyết của HĐND tỉnh",
        confidence=Confidence.SECONDARY,
    )
    january = date(2025, 1, 1)
    inside = parameters_at(month=january, unit_path=unit(BAC_SON).path).rule("standard_level")
    province = parameters_at(month=january, unit_path=unit(LANG_SON).path).rule("standard_level")
    outside = parameters_at(month=january, unit_path=unit(QUANG_NGAI).path).rule("standard_level")
    national = parameters_at(month=january).rule("standard_level")
    assert inside.value == province.value == Decimal(600_000)
    assert not inside.is_national
    assert outside.value == national.value == Decimal(500_000)
    # The other rules stay the national ones inside the province.
    assert parameters_at(month=january, unit_path=unit(BAC_SON).path).rule("coef.severe").is_national
    assert (
        parameters_at(month=date(2024, 12, 1), unit_path=unit(BAC_SON).path).rule("standard_level").value
        == 500_000
    )


def test_the_shipped_rules_cover_every_month_since_2014_without_overlap() -> None:
    for code in KNOWN_CODES:
        rows = list(BenefitParameter.objects.filter(code=code, unit_path="").order_by("valid_from"))
        assert rows[0].valid_from == date(2014, 1, 1), code
        assert rows[-1].valid_to is None, code
        for earlier, later in itertools.pairwise(rows):
            assert earlier.valid_to is not None, code
            assert (later.valid_from - earlier.valid_to).days == 1, code
