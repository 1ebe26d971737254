"""Acceptance: every objective of seed 000 and both phases of seed 002 is a target whose indicator is computed
from the data, and each figure equals an independent count by hand over generated data — for the former
district and province that issued the plans, and for today's province and commune."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hoanhap.geo.models import Edition
from hoanhap.plans.areas import area_of
from hoanhap.plans.compute import compute_indicator
from hoanhap.plans.facts.build import facts_build_year
from hoanhap.plans.facts.reading import facts_cover
from hoanhap.plans.models import IndicatorDefinition, Plan, Target
from hoanhap.plans.periods import year
from tests.factories import BAC_SON, LANG_SON, unit
from tests.plans.builders import BAC_SON_DISTRICT, YEAR, World
from tests.plans.reference import Data, Reference, place_of, seed_counts

UNITS = [
    (BAC_SON_DISTRICT, Edition.LEGACY),
    (LANG_SON, Edition.LEGACY),
    (LANG_SON, Edition.CURRENT),
    (BAC_SON, Edition.CURRENT),
]


def test_the_seed_plans_hold_every_objective_as_targets_with_indicators(seeded: dict) -> None:
    district_plan = Plan.objects.get(issuer_unit=unit(BAC_SON_DISTRICT, Edition.LEGACY))
    province_plan = Plan.objects.get(issuer_unit=unit(LANG_SON, Edition.LEGACY))
    assert district_plan.objectives.count() == 8
    assert Target.objects.filter(objective__plan=district_plan).count() == 11
    assert sorted(province_plan.phases.values_list("start_year", "end_year")) == [(2019, 2020), (2021, 2025)]
    for objective in province_plan.objectives.all():
        assert sorted(objective.targets.values_list("phase__start_year", flat=True)) == [2019, 2021]
    screening = Target.objects.get(objective__plan=district_plan, indicator__code="children-0-6-screened")
    assert (screening.kind, screening.low, screening.high) == ("range", Decimal(90), Decimal(95))
    assert district_plan.area_path == "/c/20/"
    assert district_plan.status == "issued"
    used = set(Target.objects.values_list("indicator__code", flat=True))
    assert used == set(seeded)


def test_loading_the_seed_plans_again_changes_nothing(seeded: dict) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_seed_plans", stdout=out)
    assert out.getvalue().strip() == "indicators: 0 added, 0 updated; agencies: 0 added; plans: none added"
    assert Plan.objects.count() == 5


@pytest.mark.parametrize("counted_from", ["records", "facts"])
@pytest.mark.parametrize(("code", "edition"), UNITS)
def test_every_seed_indicator_equals_a_count_by_hand(
    world: World, seeded: dict[str, IndicatorDefinition], code: str, edition: str, counted_from: str
) -> None:
    """Counted from the records (a year whose facts are not built) and from the indicator facts."""
    where = unit(code, edition)
    period = year(YEAR)
    if counted_from == "facts":
        facts_build_year(YEAR)
    assert facts_cover(period) == (counted_from == "facts")
    expected = seed_counts(Reference(Data(), place_of(where), period.start, period.end))
    area = area_of(where)
    computed = {}
    for indicator in seeded.values():
        value = compute_indicator(indicator=indicator, unit=where, period=period, area=area, dimensions=())
        computed[indicator.code] = (value.total.numerator, value.total.denominator)
    # Seed 003's surgery indicator is counted by hand in test_seed_plans_all.py.
    assert set(computed) - set(expected) == {"children-indicated-operated"}
    assert {key: computed[key] for key in expected} == expected
    # The generated data reaches the indicators: no denominator is empty (but a commune has no units below
    # it), and most numerators are not 0.
    empty = {key for key, (_top, bottom) in expected.items() if not bottom}
    assert empty <= ({"units-with-cwd-service-network"} if code == BAC_SON else set())
    assert sum(1 for top, _bottom in expected.values() if top) >= 13


def test_a_figure_for_the_former_district_is_the_sum_over_the_communes_that_kept_its_communes_codes(
    world: World, seeded: dict[str, IndicatorDefinition]
) -> None:
    """A legacy district's figure counts the persons whose commune belonged to it: the persons of the
    current communes that kept the code of one of its communes, and only them."""
    indicator = seeded["pwd-health-services"]
    period = year(YEAR)
    district = compute_indicator(
        indicator=indicator, unit=unit(BAC_SON_DISTRICT, Edition.LEGACY), period=period, dimensions=("unit",)
    )
    by_commune = [
        compute_indicator(indicator=indicator, unit=commune, period=period, dimensions=())
        for commune in world.communes[:-2]  # the two last lie outside the former district
    ]
    assert district.total.denominator == sum(v.total.denominator or 0 for v in by_commune)
    assert district.total.numerator == sum(v.total.numerator or 0 for v in by_commune)
    end = period.end
    by_hand = sum(
        1
        for person in Data().persons.values()
        if person.path in {commune.path for commune in world.communes[:-2]} and person.counts(end)
    )
    assert district.total.denominator == by_hand > 0
    # Split by the former communes of the district, the figure adds up: every person once.
    cells = district.breakdowns["unit"]
    assert sum(cell.denominator or 0 for cell in cells) == district.total.denominator
    assert all(cell.key.startswith("/l/20/185/") or cell.key == "" for cell in cells)


def test_a_province_figure_splits_into_its_communes_and_its_groups(
    world: World, seeded: dict[str, IndicatorDefinition]
) -> None:
    indicator = seeded["pwd-health-services"]
    value = compute_indicator(indicator=indicator, unit=unit(LANG_SON), period=year(YEAR))
    total = value.total
    for dimension in ("sex", "age_group", "severity", "unit"):
        cells = value.breakdowns[dimension]
        assert sum(c.numerator or 0 for c in cells) == total.numerator, dimension
        assert sum(c.denominator or 0 for c in cells) == total.denominator, dimension
    # Several types per person: the type split counts each person under each of their types.
    types = value.breakdowns["type"]
    assert sum(c.denominator or 0 for c in types) >= total.denominator
    assert {c.key for c in value.breakdowns["unit"] if c.denominator} == {c.path for c in world.communes}
    ethnic = value.breakdowns["ethnicity"]
    assert sum(c.denominator or 0 for c in ethnic) == total.denominator
    assert all(c.label and c.label != c.key for c in ethnic)


def test_a_province_year_is_a_few_queries_whatever_the_number_of_persons(
    world: World, seeded: dict[str, IndicatorDefinition], django_assert_max_num_queries: object
) -> None:
    indicator = seeded["pwd-health-services"]
    where = unit(LANG_SON)
    # Area: 3. Whether the year's indicator facts are built: 1 (they are not: counted from the records).
    # Numerator and denominator: the total, then the person's attributes (sex, age, ethnic group), their
    # disability (type, severity) and the units below, one statement each. Ethnic groups' names: 1.
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        compute_indicator(indicator=indicator, unit=where, period=year(YEAR))


def test_status_age_and_disability_are_read_on_the_last_day_of_the_period(
    world: World, seeded: dict[str, IndicatorDefinition]
) -> None:
    """Someone deceased in 2025 counts in 2024; a 2025 determination does not count in 2024."""
    from hoanhap.people.models import Person

    person = Person.objects.filter(status="deceased", status_date__gt=date(YEAR, 12, 31)).first()
    assert person is not None
    period = year(YEAR)
    indicator = seeded["pwd-health-services"]
    before = compute_indicator(indicator=indicator, unit=person.commune, period=period, dimensions=())
    Person.objects.filter(pk=person.pk).update(status_date=date(YEAR, 6, 1))
    after = compute_indicator(indicator=indicator, unit=person.commune, period=period, dimensions=())
    assert after.total.denominator == (before.total.denominator or 0) - 1
