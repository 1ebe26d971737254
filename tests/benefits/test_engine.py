"""Golden cases of Decree 20/2021/NĐ-CP (and the standard levels before and after it), computed from the
rules shipped in hoanhap/benefits/data/parameters.csv. Each expected amount is the decree's arithmetic:
standard level × coefficient."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.benefits.codes import AGE_CROSSING_RULE, COEF_PARTICULARLY_SEVERE_CHILD_OR_ELDERLY, CrossingRule
from hoanhap.benefits.engine import carer_household_support, entitlements, foster_support
from hoanhap.benefits.models import Confidence
from hoanhap.benefits.parameters import MissingRule, ParameterSet
from hoanhap.benefits.selectors import parameters_at
from hoanhap.benefits.services import benefit_parameter_add
from hoanhap.geo.models import AdminUnit, Edition
from tests.benefits.conftest import changed, rules
from tests.factories import BAC_SON, LANG_SON, QUANG_NGAI, unit

pytestmark = pytest.mark.django_db

JULY_2024 = date(2024, 7, 1)
ADULT = date(1990, 5, 10)
CHILD = date(2015, 5, 10)
ELDERLY = date(1950, 5, 10)


def allowance(params: ParameterSet, severity: str, birth: date) -> int:
    return entitlements(
        params=params, month=params.month, severity=severity, birth_date=birth
    ).monthly_allowance.dong


# --- Every coefficient of the monthly allowance --------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "birth", "coefficient"),
    [
        ("particularly_severe", ADULT, Decimal("2.0")),
        ("particularly_severe", CHILD, Decimal("2.5")),
        ("particularly_severe", ELDERLY, Decimal("2.5")),
        ("severe", ADULT, Decimal("1.5")),
        ("severe", CHILD, Decimal("2.0")),
        ("severe", ELDERLY, Decimal("2.0")),
    ],
)
def test_each_allowance_coefficient(severity: str, birth: date, coefficient: Decimal) -> None:
    result = entitlements(params=rules(2024, 7), month=JULY_2024, severity=severity, birth_date=birth)
    assert result.monthly_allowance.coefficient == coefficient
    assert result.monthly_allowance.dong == 500_000 * coefficient
    assert result.health_insurance


def test_only_the_single_highest_coefficient_is_paid() -> None:
    child = entitlements(
        params=rules(2024, 7), month=JULY_2024, severity="particularly_severe", birth_date=CHILD
    )
    # Both "particularly severe" (2.0) and "particularly severe child" (2.5) apply: 2.5 alone, not the sum.
    assert child.monthly_allowance.dong == 500_000 * Decimal("2.5")
    with translation.override("en"):
        lines = [str(line) for line in child.monthly_allowance.explanation]
    assert any("2.0" in line and "only the highest one is paid" in line for line in lines)


def test_the_highest_coefficient_wins_whichever_rule_holds_it() -> None:
    # Were a child's coefficient recorded below the base one, the base coefficient would be the highest.
    params = changed(rules(2024, 7), COEF_PARTICULARLY_SEVERE_CHILD_OR_ELDERLY, value=Decimal("1.8"))
    assert allowance(params, "particularly_severe", CHILD) == 500_000 * Decimal("2.0")


# --- The standard level changes ------------------------------------------------------------------------


def test_the_standard_level_changes_in_july_2021() -> None:
    assert allowance(rules(2021, 6), "severe", ADULT) == 270_000 * Decimal("1.5")
    assert allowance(rules(2021, 7), "severe", ADULT) == 360_000 * Decimal("1.5")


def test_the_standard_level_changes_in_july_2024() -> None:
    assert allowance(rules(2024, 6), "particularly_severe", CHILD) == 360_000 * Decimal("2.5")
    assert allowance(rules(2024, 7), "particularly_severe", CHILD) == 500_000 * Decimal("2.5")


def test_a_month_before_the_recorded_rules_is_refused_on_the_month() -> None:
    params = rules(2013, 12)
    with pytest.raises(MissingRule) as refused:
        entitlements(params=params, month=params.month, severity="severe", birth_date=ADULT)
    assert refused.value.field == "month"


# --- Age thresholds and the month in which they are crossed ---------------------------------------------

SIXTEENTH_BIRTHDAY = date(2008, 3, 15)  # turns 16 on 15 March 2024
SIXTIETH_BIRTHDAY = date(1964, 8, 20)  # turns 60 on 20 August 2024


def birthday_month_rule(year: int, month: int) -> ParameterSet:
    return changed(rules(year, month), AGE_CROSSING_RULE, text_value=CrossingRule.BIRTHDAY_MONTH)


def test_turning_16_under_the_default_rule_changes_the_coefficient_the_month_after() -> None:
    assert allowance(rules(2024, 2), "severe", SIXTEENTH_BIRTHDAY) == 360_000 * Decimal("2.0")
    assert allowance(rules(2024, 3), "severe", SIXTEENTH_BIRTHDAY) == 360_000 * Decimal("2.0")
    assert allowance(rules(2024, 4), "severe", SIXTEENTH_BIRTHDAY) == 360_000 * Decimal("1.5")


def test_turning_16_under_the_birthday_month_rule_changes_the_coefficient_that_month() -> None:
    assert allowance(birthday_month_rule(2024, 2), "severe", SIXTEENTH_BIRTHDAY) == 360_000 * Decimal("2.0")
    assert allowance(birthday_month_rule(2024, 3), "severe", SIXTEENTH_BIRTHDAY) == 360_000 * Decimal("1.5")


def test_turning_60_under_the_default_rule_changes_the_coefficient_the_month_after() -> None:
    severe = "particularly_severe"
    assert allowance(rules(2024, 8), severe, SIXTIETH_BIRTHDAY) == 500_000 * Decimal("2.0")
    assert allowance(rules(2024, 9), severe, SIXTIETH_BIRTHDAY) == 500_000 * Decimal("2.5")


def test_turning_60_under_the_birthday_month_rule_changes_the_coefficient_that_month() -> None:
    severe = "particularly_severe"
    assert allowance(birthday_month_rule(2024, 7), severe, SIXTIETH_BIRTHDAY) == 500_000 * Decimal("2.0")
    assert allowance(birthday_month_rule(2024, 8), severe, SIXTIETH_BIRTHDAY) == 500_000 * Decimal("2.5")


def test_a_birthday_on_the_first_of_the_month_still_counts_from_the_month_after() -> None:
    born = date(2008, 4, 1)
    assert allowance(rules(2024, 4), "severe", born) == 360_000 * Decimal("2.0")
    assert allowance(rules(2024, 5), "severe", born) == 360_000 * Decimal("1.5")


def test_with_a_year_of_birth_alone_the_birthday_is_taken_to_be_1_january() -> None:
    def paid(month: int) -> int:
        params = rules(2024, month)
        return entitlements(
            params=params, month=params.month, severity="severe", birth_year=2008
        ).monthly_allowance.dong

    assert paid(1) == 360_000 * Decimal("2.0")  # still 15 on 31 December 2023
    assert paid(2) == 360_000 * Decimal("1.5")
    params = rules(2024, 2)
    result = entitlements(params=params, month=params.month, severity="severe", birth_year=2008)
    with translation.override("en"):
        assert "1 January 2008" in str(result.explanation[1])
    assert "01/01/2008" in result.explanation[1].in_language("vi")


def test_the_month_a_threshold_is_crossed_rests_on_the_unconfirmed_crossing_rule() -> None:
    crossing = entitlements(
        params=rules(2024, 3), month=date(2024, 3, 1), severity="severe", birth_date=SIXTEENTH_BIRTHDAY
    )
    before = entitlements(
        params=rules(2024, 2), month=date(2024, 2, 1), severity="severe", birth_date=SIXTEENTH_BIRTHDAY
    )
    assert crossing.monthly_allowance.confidence == Confidence.NOT_CONFIRMED
    assert before.monthly_allowance.confidence == Confidence.CONFIRMED  # 360,000 and 2.0: Decree 20/2021


# --- Mild disability, care support, health insurance, funeral --------------------------------------------


def test_mild_disability_gives_nothing() -> None:
    result = entitlements(
        params=rules(2024, 7),
        month=JULY_2024,
        severity="mild",
        birth_date=CHILD,
        pregnant=True,
        children_under_36_months=2,
    )
    assert result.monthly_allowance.dong == 0
    assert result.care_support.dong == 0
    assert result.total_per_month == 0
    assert not result.health_insurance
    assert result.monthly_allowance.explanation  # says why


@pytest.mark.parametrize(
    ("pregnant", "children", "coefficient"),
    [
        (True, 0, Decimal("1.5")),
        (False, 1, Decimal("1.5")),
        (True, 1, Decimal("2.0")),
        (False, 2, Decimal("2.0")),
        (False, 3, Decimal("2.0")),
        (True, 2, Decimal("2.0")),
    ],
)
def test_care_support_combinations(pregnant: bool, children: int, coefficient: Decimal) -> None:
    result = entitlements(
        params=rules(2024, 7),
        month=JULY_2024,
        severity="severe",
        birth_date=ADULT,
        pregnant=pregnant,
        children_under_36_months=children,
    )
    assert result.care_support.dong == 500_000 * coefficient
    assert result.total_per_month == 500_000 * Decimal("1.5") + 500_000 * coefficient


def test_no_care_support_without_pregnancy_or_young_children() -> None:
    result = entitlements(
        params=rules(2024, 7), month=JULY_2024, severity="particularly_severe", birth_date=ADULT
    )
    assert result.care_support.dong == 0
    assert result.care_support.explanation == ()


def test_funeral_support_is_20_times_the_standard_level_and_marked_not_confirmed() -> None:
    result = entitlements(
        params=rules(2024, 7), month=JULY_2024, severity="severe", birth_date=ADULT, deceased_in_month=True
    )
    assert result.funeral_support is not None
    assert result.funeral_support.dong == 20 * 500_000
    assert result.funeral_support.confidence == Confidence.NOT_CONFIRMED
    assert result.monthly_allowance.dong == 500_000 * Decimal("1.5")  # the month of death is still paid
    mild = entitlements(
        params=rules(2024, 7), month=JULY_2024, severity="mild", birth_date=ADULT, deceased_in_month=True
    )
    assert mild.funeral_support is not None
    assert mild.funeral_support.dong == 0
    alive = entitlements(params=rules(2024, 7), month=JULY_2024, severity="severe", birth_date=ADULT)
    assert alive.funeral_support is None


def test_support_to_a_caring_household_and_to_someone_taking_a_person_in() -> None:
    params = rules(2024, 7)
    assert carer_household_support(params=params, severity="particularly_severe").dong == 500_000 * Decimal(
        "1.0"
    )
    assert carer_household_support(params=params, severity="severe").dong == 0
    assert foster_support(
        params=params, severity="particularly_severe", birth_date=ADULT
    ).dong == 500_000 * Decimal("1.5")
    assert foster_support(
        params=params, severity="particularly_severe", birth_date=CHILD
    ).dong == 500_000 * Decimal("2.5")
    assert foster_support(params=params, severity="severe", birth_date=CHILD).dong == 0


# --- Rules are data: a province's level, a new row ------------------------------------------------------


def test_a_provinces_higher_level_applies_inside_the_province_from_its_date(admin_user: User) -> None:
    benefit_parameter_add(
        actor=admin_user,
        code="standard_level",
        value=Decimal(600_000),
        unit=unit(LANG_SON),
        valid_from=date(2025, 1, 1),
        legal_basis="Nghị quyết 01/2024/NQ-HĐND tỉnh Lạng Sơn",
        confidence=Confidence.CONFIRMED,
    )
    bac_son = unit(BAC_SON).path
    elsewhere = AdminUnit.objects.get(edition=Edition.CURRENT, code=QUANG_NGAI).path
    assert allowance(rules(2024, 12, bac_son), "severe", ADULT) == 500_000 * Decimal("1.5")
    assert allowance(rules(2025, 1, bac_son), "severe", ADULT) == 600_000 * Decimal("1.5")
    assert allowance(rules(2025, 1, elsewhere), "severe", ADULT) == 500_000 * Decimal("1.5")
    assert allowance(rules(2025, 1), "severe", ADULT) == 500_000 * Decimal("1.5")


def test_adding_a_rule_not_code_changes_the_result_from_its_date_on(admin_user: User) -> None:
    december, january = date(2025, 12, 1), date(2026, 1, 1)
    before = allowance(parameters_at(month=january), "particularly_severe", ADULT)
    benefit_parameter_add(
        actor=admin_user,
        code="standard_level",
        value=Decimal(650_000),
        valid_from=january,
        legal_basis="Nghị định mới",
        confidence=Confidence.CONFIRMED,
    )
    assert before == 500_000 * Decimal("2.0")
    assert allowance(parameters_at(month=december), "particularly_severe", ADULT) == 500_000 * Decimal("2.0")
    assert allowance(parameters_at(month=january), "particularly_severe", ADULT) == 650_000 * Decimal("2.0")


# --- The explanation, in each language -----------------------------------------------------------------


def test_the_explanation_names_the_rules_in_vietnamese_and_english_number_styles() -> None:
    result = entitlements(
        params=rules(2024, 7), month=JULY_2024, severity="particularly_severe", birth_date=CHILD
    )
    level, coefficient = result.explanation[0], result.monthly_allowance.explanation[0]
    assert "500.000 đ" in level.in_language("vi")
    assert "01/07/2024" in level.in_language("vi")
    assert "Nghị định 76/2024/NĐ-CP" in level.in_language("vi")
    assert "500,000 VND" in level.in_language("en")
    assert "1 July 2024" in level.in_language("en")
    assert "2,5" in coefficient.in_language("vi")
    assert "2.5" in coefficient.in_language("en")
    assert "Nghị định 20/2021/NĐ-CP, Điều 6" in coefficient.in_language("en")
    assert "1.250.000 đ" in result.monthly_allowance.explanation[-1].in_language("vi")
