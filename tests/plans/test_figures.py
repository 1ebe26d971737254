"""Figures as each role sees them: inside their area, small counts withheld from those without access to
personal data, and the persons behind a figure only for those with it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import Edition
from hoanhap.plans.figures import indicator_persons, indicator_preview, indicator_value
from hoanhap.plans.indicator_services import IndicatorData, indicator_definition_create
from hoanhap.plans.models import IndicatorDefinition, SuppressionRule
from hoanhap.plans.periods import year
from hoanhap.plans.suppression import threshold_on
from hoanhap.provision.models import ServiceRecord, ServiceType
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, make_person, unit

YEAR = 2024


@pytest.fixture
def health(db: Any) -> IndicatorDefinition:
    return indicator_definition_create(
        actor=None,
        data=IndicatorData(
            code="health",
            name="Tiếp cận y tế",
            numerator={"source": "service_records", "persons": {}, "services": {"domains": ["health"]}},
            denominator={"source": "persons", "persons": {}},
            disaggregations=["sex", "unit"],
        ),
    )


@pytest.fixture
def registry(db: Any) -> dict[str, list[Any]]:
    """Bắc Sơn: 3 persons, 1 served. Đồng Đăng: 6 women and 2 men, all served."""
    rehab = ServiceType.objects.get(code="rehabilitation")
    people: dict[str, list[Any]] = {BAC_SON: [], DONG_DANG: []}
    for code, sexes in ((BAC_SON, ["female"] * 3), (DONG_DANG, ["female"] * 6 + ["male"] * 2)):
        for number, sex in enumerate(sexes):
            people[code].append(
                make_person(full_name=f"Người {code} {number}", sex=sex, birth_year=1970, commune=unit(code))
            )
    served = people[BAC_SON][:1] + people[DONG_DANG]
    ServiceRecord.objects.bulk_create(
        ServiceRecord(person=p, unit_path=p.unit_path, service_type=rehab, delivered_on=date(YEAR, 5, 1))
        for p in served
    )
    return people


def test_viewers_never_see_a_count_below_the_threshold(
    health: IndicatorDefinition, registry: dict, viewer_user: Any, province_user: Any
) -> None:
    period = year(YEAR)
    seen = indicator_value(viewer=viewer_user, indicator=health, unit=unit(BAC_SON), period=period)
    assert (seen.total.numerator, seen.total.denominator, seen.total.value) == (None, None, None)
    assert seen.total.suppressed
    officer = indicator_value(viewer=province_user, indicator=health, unit=unit(BAC_SON), period=period)
    assert (officer.total.numerator, officer.total.denominator) == (1, 3)
    assert not officer.total.suppressed
    # The threshold is a parameter: at 2, the 3 persons show (the 1 served still does not).
    lower = indicator_value(
        viewer=viewer_user, indicator=health, unit=unit(BAC_SON), period=period, threshold=2
    )
    assert (lower.total.numerator, lower.total.denominator) == (None, 3)
    province = indicator_value(viewer=viewer_user, indicator=health, unit=unit(LANG_SON), period=period)
    counts = [
        count
        for cells in province.breakdowns.values()
        for cell in cells
        for count in (cell.numerator, cell.denominator)
        if count is not None
    ]
    assert counts
    assert min(counts) >= 5


def test_a_withheld_cell_cannot_be_recovered_from_the_total(
    health: IndicatorDefinition, registry: dict, viewer_user: Any
) -> None:
    """Đồng Đăng: 8 persons, 2 men. The 2 are withheld, and so are the 6 women, or 8 − 6 would give them."""
    value = indicator_value(viewer=viewer_user, indicator=health, unit=unit(DONG_DANG), period=year(YEAR))
    assert value.total.denominator == 8
    by_sex = {cell.key: cell for cell in value.breakdowns["sex"]}
    assert by_sex["male"].denominator is None
    assert by_sex["female"].denominator is None
    assert by_sex["female"].suppressed


def test_the_threshold_in_force_is_data(
    health: IndicatorDefinition, registry: dict, viewer_user: Any
) -> None:
    today = timezone.localdate()
    assert threshold_on(today) == 5
    SuppressionRule.objects.filter(valid_to__isnull=True).update(valid_to=today - timedelta(days=1))
    SuppressionRule.objects.create(threshold=10, valid_from=today, legal_basis="Thử nghiệm")
    value = indicator_value(viewer=viewer_user, indicator=health, unit=unit(DONG_DANG), period=year(YEAR))
    assert value.total.denominator is None
    SuppressionRule.objects.all().delete()
    with pytest.raises(ApplicationError):
        threshold_on(today)


def test_figures_stay_inside_the_viewers_area(
    health: IndicatorDefinition,
    registry: dict,
    other_province_user: Any,
    commune_user: Any,
    province_user: Any,
) -> None:
    period = year(YEAR)
    with pytest.raises(PermissionDenied):
        indicator_value(viewer=other_province_user, indicator=health, unit=unit(BAC_SON), period=period)
    # The former district counts the persons of six current communes: a commune officer reaches one.
    with pytest.raises(PermissionDenied):
        indicator_value(
            viewer=commune_user, indicator=health, unit=unit("185", Edition.LEGACY), period=period
        )
    own = indicator_value(viewer=commune_user, indicator=health, unit=unit(BAC_SON), period=period)
    assert own.total.denominator == 3
    former = indicator_value(
        viewer=province_user, indicator=health, unit=unit("06328", Edition.LEGACY), period=period
    )
    assert former.total.denominator == 0


def test_only_those_who_may_see_personal_data_drill_down_to_persons(
    health: IndicatorDefinition, registry: dict, viewer_user: Any, province_user: Any, commune_user: Any
) -> None:
    period = year(YEAR)
    with pytest.raises(PermissionDenied):
        indicator_persons(viewer=viewer_user, indicator=health, unit=unit(LANG_SON), period=period)
    with pytest.raises(PermissionDenied):
        indicator_persons(viewer=commune_user, indicator=health, unit=unit(DONG_DANG), period=period)
    served = indicator_persons(viewer=province_user, indicator=health, unit=unit(LANG_SON), period=period)
    expected = {registry[BAC_SON][0].pk} | {p.pk for p in registry[DONG_DANG]}
    assert set(served.values_list("pk", flat=True)) == expected
    every = indicator_persons(
        viewer=province_user, indicator=health, unit=unit(BAC_SON), period=period, part="denominator"
    )
    assert every.count() == 3


def test_the_editor_preview_checks_the_definition_and_shows_the_value(
    registry: dict, province_user: Any
) -> None:
    period = year(YEAR)
    with pytest.raises(ApplicationError) as error:
        indicator_preview(
            viewer=province_user,
            definition={"numerator": {"source": "persons", "persons": {"age_min": -1}}},
            unit=unit(BAC_SON),
            period=period,
        )
    assert error.value.field == "numerator.persons.age_min"
    value = indicator_preview(
        viewer=province_user,
        definition={"numerator": {"source": "persons", "persons": {"sexes": ["female"]}}},
        unit=unit(DONG_DANG),
        period=period,
    )
    assert value.total.numerator == 6
    assert value.breakdowns == {}


def test_counts_of_units_are_not_withheld(registry: dict, viewer_user: Any) -> None:
    from hoanhap.plans.definitions import parse_indicator
    from hoanhap.plans.figures import indicator_figure

    spec = parse_indicator(
        numerator={"source": "service_records", "count": "child_units"},
        denominator={"source": "child_units"},
        disaggregations=["unit"],
    )
    value = indicator_figure(viewer=viewer_user, spec=spec, unit=unit(LANG_SON), period=year(YEAR))
    assert value.total.numerator == 2  # Bắc Sơn and Đồng Đăng, of Lạng Sơn's 65 communes
    assert value.total.denominator == 65
    by_commune = {cell.key: cell.numerator for cell in value.breakdowns["unit"]}
    assert by_commune[unit(BAC_SON).path] == 1
