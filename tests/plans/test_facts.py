"""The indicator facts give the same figures as the records, and follow every change to the registry.

Each figure is computed twice over the same generated data — from the facts of 2024 and from the records
(``from_records``) — with every disaggregation, for a current commune and province and for the former
district and province; the two must be equal cell for cell. Some persons received services in a commune
other than their own, so that counting a person served in two communes once is tested too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hoanhap.assessments.models import DisabilityDetermination
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.people.models import Person, PersonSpecialGroup
from hoanhap.plans import definitions as d
from hoanhap.plans.areas import area_of
from hoanhap.plans.compute import Figure, IndicatorValue, compute_figures, compute_spec
from hoanhap.plans.facts import build
from hoanhap.plans.facts.build import (
    built_years,
    facts_build_year,
    facts_rebuild,
    facts_refresh,
)
from hoanhap.plans.facts.models import FactBacklog, FactServiceType, IndicatorFact
from hoanhap.plans.facts.reading import facts_cover, from_records
from hoanhap.plans.models import IndicatorDefinition
from hoanhap.plans.periods import Period, parse_period, year
from hoanhap.provision.models import ServiceRecord, ServiceType
from tests.factories import BAC_SON, LANG_SON, unit
from tests.factories import QUANG_NGAI as OTHER_PROVINCE
from tests.plans.builders import BAC_SON_DISTRICT, YEAR, World

UNITS = [
    (BAC_SON_DISTRICT, Edition.LEGACY),
    (LANG_SON, Edition.LEGACY),
    (LANG_SON, Edition.CURRENT),
    (BAC_SON, Edition.CURRENT),
]


@pytest.fixture
def served_elsewhere(world: World) -> list[int]:
    """Move a tenth of the 2024 services to another commune of the world (a person served away from home),
    then build the facts of 2024. Returns the persons concerned."""
    records = list(
        ServiceRecord.objects.filter(delivered_on__year=YEAR).order_by("pk").values_list("pk", "unit_path")
    )
    paths = [commune.path for commune in world.communes]
    moved = []
    for pk, path in records[::10]:
        other = paths[(paths.index(path) + 1) % len(paths)]
        ServiceRecord.objects.filter(pk=pk).update(unit_path=other)
        moved.append(pk)
    facts_build_year(YEAR)
    return list(ServiceRecord.objects.filter(pk__in=moved).values_list("person_id", flat=True))


def _figures(indicators: list[IndicatorDefinition], where: AdminUnit, period: Period) -> list[IndicatorValue]:
    figures = [Figure(d.spec_of(indicator), indicator.code, indicator.name) for indicator in indicators]
    return compute_figures(figures=figures, unit=where, period=period)


@pytest.mark.parametrize(("code", "edition"), UNITS)
def test_every_seed_figure_and_split_from_the_facts_equals_the_records(
    served_elsewhere: list[int], seeded: dict[str, IndicatorDefinition], code: str, edition: str
) -> None:
    assert served_elsewhere
    where = unit(code, edition)
    indicators = list(seeded.values())
    period = year(YEAR)
    assert facts_cover(period)
    from_facts = _figures(indicators, where, period)
    with from_records():
        assert not facts_cover(period)
        expected = _figures(indicators, where, period)
    assert from_facts == expected
    shared = IndicatorFact.objects.filter(year=YEAR, shared=True)
    assert shared.filter(registered=False).exists()
    assert shared.filter(registered=True).exists()


def test_a_person_served_in_two_communes_counts_once_above_them_and_once_in_each(
    served_elsewhere: list[int], seeded: dict[str, IndicatorDefinition], world: World
) -> None:
    spec = d.parse_indicator(
        numerator={"source": "service_records", "persons": {"statuses": []}},
        denominator=None,
        disaggregations=["unit"],
        age_groups=[],
        period_type="year",
    )
    person_id = served_elsewhere[0]
    rows = IndicatorFact.objects.filter(year=YEAR, person_id=person_id)
    assert rows.count() >= 2
    assert all(row.shared for row in rows)
    province = compute_spec(spec=spec, unit=unit(LANG_SON), period=year(YEAR))
    with from_records():
        by_records = compute_spec(spec=spec, unit=unit(LANG_SON), period=year(YEAR))
    assert province == by_records
    # The communes' counts add up to more than the province's: some persons are in two of them.
    assert sum(cell.numerator or 0 for cell in province.breakdowns["unit"]) > (province.total.numerator or 0)


def test_the_facts_count_a_province_in_four_statements_without_reading_the_records(
    served_elsewhere: list[int], seeded: dict[str, IndicatorDefinition]
) -> None:
    """Every seed figure with all its splits: one statement over the facts for the totals and the FILTER
    cells, one by ethnic group, one by commune, one reading the rows of persons served in several communes —
    and none over the service records or the determinations, which the counts from the records
    read for each figure and split."""
    indicators = list(seeded.values())
    where = unit(LANG_SON)
    facts_refresh()
    with from_records(), CaptureQueriesContext(connection) as by_records:
        _figures(indicators, where, year(YEAR))
    with CaptureQueriesContext(connection) as by_facts:
        _figures(indicators, where, year(YEAR))

    def reading(captured: CaptureQueriesContext, table: str, shared: bool | None = None) -> int:
        return sum(
            1
            for query in captured.captured_queries
            if f"FROM {table} " in query["sql"].replace('"', "")
            and (shared is None or ("shared" in query["sql"]) == shared)
        )

    assert reading(by_facts, "plans_indicatorfact", shared=False) == 3
    # Some persons were served in two communes: their rows are read to take off the repeats.
    assert reading(by_facts, "plans_indicatorfact", shared=True) == 1
    assert reading(by_facts, "provision_servicerecord") == reading(by_facts, "people_person") == 0
    assert reading(by_records, "provision_servicerecord") >= 10


def _persons_figure(where: object) -> tuple[int | None, int | None]:
    spec = d.parse_indicator(
        numerator={"source": "service_records", "persons": {}, "services": {"domains": ["health"]}},
        denominator={"source": "persons", "persons": {"determined": True}},
        disaggregations=[],
        age_groups=[],
        period_type="year",
    )
    value = compute_spec(spec=spec, unit=where, period=year(YEAR))  # type: ignore[arg-type]
    return value.total.numerator, value.total.denominator


def _both(where: object) -> tuple[tuple[int | None, int | None], tuple[int | None, int | None]]:
    facts = _persons_figure(where)
    with from_records():
        records = _persons_figure(where)
    return facts, records


def test_changes_written_any_way_reach_the_figures(world: World, seeded: dict) -> None:
    """Saves, ``UPDATE`` statements, bulk inserts, deletions and a merge: the triggers put the persons in
    the backlog, the next figure rewrites their rows, and facts and records agree after each change."""
    facts_rebuild([YEAR])
    commune = world.communes[0]
    assert not FactBacklog.objects.exists()
    facts, records = _both(commune)
    assert facts == records

    person = Person.objects.filter(commune=commune, status="active", merged_into__isnull=True).first()
    assert person is not None
    Person.objects.filter(pk=person.pk).update(status="deceased", status_date=date(YEAR, 3, 1))
    assert FactBacklog.objects.filter(person_id=person.pk).exists()
    after, records = _both(commune)
    assert after == records
    assert after[1] == (facts[1] or 0) - (1 if _determined(person) else 0)
    assert not FactBacklog.objects.exists()

    health = ServiceType.objects.filter(domain="health").first()
    someone = Person.objects.filter(commune=commune, status="active").exclude(pk=person.pk).first()
    assert health is not None
    assert someone is not None
    record = ServiceRecord.objects.create(
        person=someone, unit_path=someone.unit_path, service_type=health, delivered_on=date(YEAR, 5, 5)
    )
    DisabilityDetermination.objects.bulk_create(
        [
            DisabilityDetermination(
                person=someone,
                decided_on=date(YEAR, 2, 2),
                body="commune_council",
                severity="severe",
                mobility=True,
                unit_path=someone.unit_path,
            )
        ]
    )
    PersonSpecialGroup.objects.create(person=someone, group="orphan")
    assert set(FactBacklog.objects.values_list("person_id", flat=True)) == {someone.pk}
    facts, records = _both(commune)
    assert facts == records
    assert IndicatorFact.objects.get(year=YEAR, person_id=someone.pk, registered=True).special_groups

    record.delete()
    facts, records = _both(commune)
    assert facts == records

    # A merge moves the records of one person to another with UPDATE statements.
    other = Person.objects.filter(commune=commune, status="active").exclude(pk__in=[person.pk, someone.pk])[0]
    ServiceRecord.objects.filter(person=other).update(person=someone)
    Person.objects.filter(pk=other.pk).update(merged_into=someone)
    assert {other.pk, someone.pk} <= set(FactBacklog.objects.values_list("person_id", flat=True))
    facts, records = _both(commune)
    assert facts == records
    assert not IndicatorFact.objects.filter(person_id=other.pk).exists()


def _determined(person: Person) -> bool:
    return DisabilityDetermination.objects.filter(person=person, decided_on__lte=date(YEAR, 12, 31)).exists()


def test_quarters_and_years_not_built_are_counted_from_the_records(world: World, seeded: dict) -> None:
    facts_build_year(YEAR)
    assert facts_cover(year(YEAR))
    assert not facts_cover(year(YEAR - 1))
    assert not facts_cover(parse_period(f"{YEAR}-Q2"))
    # Nothing is written for a year not built: the backlog is emptied without rows for other years.
    assert built_years() == [YEAR]
    assert set(IndicatorFact.objects.values_list("year", flat=True)) == {YEAR}


def test_a_service_type_without_a_bit_is_counted_from_the_records(
    world: World, seeded: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bits run out after the 63rd type: here after all but the last, whose counts (and those of its
    domain) are then made from the records, and equal them."""
    monkeypatch.setattr(build, "SERVICE_TYPE_BITS", ServiceType.objects.count() - 1)
    FactServiceType.objects.all().delete()
    facts_rebuild([YEAR])
    last = ServiceType.objects.order_by("-pk").first()
    assert last is not None
    assert not FactServiceType.objects.filter(service_type_id=last.pk).exists()
    where = unit(LANG_SON)
    for services in ({"service_types": [last.code]}, {"domains": [last.domain]}):
        spec = d.parse_indicator(
            numerator={"source": "service_records", "persons": {}, "services": services},
            denominator=None,
            disaggregations=[],
            age_groups=[],
            period_type="year",
        )
        with CaptureQueriesContext(connection) as captured:
            value = compute_spec(spec=spec, unit=where, period=year(YEAR))
        assert not any("plans_indicatorfact" in query["sql"] for query in captured.captured_queries)
        with from_records():
            assert compute_spec(spec=spec, unit=where, period=year(YEAR)) == value
        assert value.total.numerator


def test_a_rebuild_empties_the_backlog_and_keeps_the_years(world: World, seeded: dict) -> None:
    facts_build_year(YEAR)
    facts_build_year(YEAR - 1)
    Person.objects.filter(pk=Person.objects.first().pk).update(village="Thôn 1")  # type: ignore[union-attr]
    assert FactBacklog.objects.exists()
    assert facts_rebuild() == [YEAR - 1, YEAR]
    assert not FactBacklog.objects.exists()
    assert facts_refresh().persons == 0
    area = area_of(unit(LANG_SON))
    assert IndicatorFact.objects.filter(area.q("unit_path"), year=YEAR - 1, registered=True).count() > 0


def test_a_year_not_built_is_built_in_the_background_when_its_figures_are_first_asked(
    world: World, seeded: dict, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.FIGURES_FIRST_YEAR = YEAR - 1
    where = unit(LANG_SON)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        by_records = _persons_figure(where)  # counted from the records; the build is queued
        _persons_figure(where)  # asked again: queued once
        facts_cover(year(YEAR - 2))  # before the first year built on demand: never
        facts_cover(year(timezone.localdate().year + 1))  # a year to come: never
    assert len(callbacks) == 1
    assert built_years() == [YEAR]  # the immediate backend of the tests ran it
    assert facts_cover(year(YEAR))
    assert _persons_figure(where) == by_records


def test_the_command_builds_the_years_asked_and_drops_the_others(world: World, seeded: dict) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    facts_build_year(YEAR - 3)
    out = StringIO()
    call_command("build_figures", f"{YEAR - 1}-{YEAR}", stdout=out)
    assert out.getvalue().startswith(f"indicator facts built for {YEAR - 1}, {YEAR} in ")
    assert built_years() == [YEAR - 1, YEAR]
    assert set(IndicatorFact.objects.values_list("year", flat=True)) == {YEAR - 1, YEAR}
    with pytest.raises(CommandError, match="ends before it starts"):
        call_command("build_figures", f"{YEAR}-{YEAR - 1}")


def test_sources_without_a_row_in_the_area_count_0_without_counting(
    world: World, seeded: dict[str, IndicatorDefinition], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province with no activity, campaign list or aggregate entry: its figures and splits are those the
    records give (0), after one existence check per source instead of a count per figure and split."""
    from hoanhap.plans import compute

    where = unit(OTHER_PROVINCE)
    indicators = list(seeded.values())
    with CaptureQueriesContext(connection) as checked:
        shortcut = _figures(indicators, where, year(YEAR))
    monkeypatch.setattr(compute, "source_present", lambda source, area: True)
    with CaptureQueriesContext(connection) as counted:
        assert _figures(indicators, where, year(YEAR)) == shortcut
    assert len(checked) < len(counted) - 20
    # A count that cannot be made for the period is still refused, rows or not.
    monkeypatch.undo()
    with pytest.raises(ApplicationError):
        _figures(indicators, where, parse_period(f"{YEAR}-05"))
