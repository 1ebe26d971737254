"""Generating the registry of ``bench/indicators.py``: persons, determinations and service records in bulk,
then the indicator facts of the trend's years. See that script's docstring and bench/README.md."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

PROVINCE = "20"  # Lạng Sơn
YEAR = 2024
CHUNK = 200_000
TYPES = ("mobility", "hearing_speech", "vision", "psychosocial", "intellectual", "other")
SEVERITIES = ("particularly_severe", "severe", "mild")


# --- generation ---------------------------------------------------------------------------------------------


def _communes() -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """(id, path, province code) of the current communes: Lạng Sơn's, and all of them."""
    from hoanhap.geo.models import AdminUnit, Edition

    rows = list(
        AdminUnit.objects.filter(edition=Edition.CURRENT, level=2)
        .order_by("path")
        .values_list("pk", "path", "parent__code")
    )
    if not rows:
        raise SystemExit("no communes: the administrative units did not load")
    return [row for row in rows if row[2] == PROVINCE], rows


def _person_rows(count: int, first: int, rng: random.Random, ethnicities: list[str]) -> Iterator[list[Any]]:
    local, everywhere = _communes()
    now = datetime.now(UTC)
    for number in range(first, first + count):
        commune_id, path, province = rng.choice(local if number % 2 == 0 else everywhere)
        birth_year = rng.randint(1930, 2024)
        birth_date = date(birth_year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.8 else None
        status, status_date = "active", None
        if rng.random() < 0.05:
            status, status_date = "deceased", date(rng.randint(2020, 2025), rng.randint(1, 12), 1)
        name = f"Nguoi Thu {number}"
        yield [
            name,
            name.lower(),
            f"thu {number:09d}",
            birth_date,
            birth_year,
            rng.choice(("male", "female")),
            rng.choice(ethnicities),
            "",
            commune_id,
            path,
            province,
            "",
            "",
            "",
            "",
            "",
            status,
            status_date,
            "",
            1,
            now,
            now,
        ]


PERSON_COLUMNS = [
    "full_name",
    "name_folded",
    "sort_key",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity_id",
    "cccd",
    "commune_id",
    "unit_path",
    "province_code",
    "village",
    "phone",
    "carer_name",
    "carer_relation",
    "household",
    "status",
    "status_date",
    "status_reason",
    "version",
    "created_at",
    "updated_at",
]
DETERMINATION_COLUMNS = [
    "person_id",
    "decided_on",
    "body",
    "minutes_number",
    "severity",
    *TYPES,
    "basis",
    "unit_path",
    "created_at",
]


def _determination_rows(persons: list[tuple[int, str]], rng: random.Random) -> Iterator[list[Any]]:
    now = datetime.now(UTC)
    for person_id, path in persons:
        assessments = 1 if rng.random() < 0.8 else 2
        day = date(rng.randint(2015, 2022), rng.randint(1, 12), rng.randint(1, 28))
        for _ in range(assessments):
            flags = [rng.random() < 0.3 for _type in TYPES]
            if not any(flags):
                flags[rng.randrange(len(TYPES))] = True
            yield [person_id, day, "commune_council", "", rng.choice(SEVERITIES), *flags, "", path, now]
            day += timedelta(days=rng.randint(200, 1500))


SERVICES_SQL = """
INSERT INTO provision_servicerecord
    (person_id, unit_path, service_type_id, delivered_on, funding_source, outcome, notes,
     created_at, updated_at)
SELECT p.id, p.unit_path,
       (%(types)s::bigint[])[1 + (abs(hashtext(p.id::text || ':' || g)) %% %(type_count)s)],
       DATE '2023-01-01' + (abs(hashtext(g || ':' || p.id::text)) %% 1095), '', '', '', now(), now()
FROM people_person p
CROSS JOIN generate_series(1, %(per_person)s) g
WHERE p.id BETWEEN %(low)s AND %(high)s
"""


def ensure_data(persons: int, per_person: int, *, regenerate: bool) -> None:
    from django.db import connection, transaction

    from hoanhap.assessments.models import DisabilityDetermination
    from hoanhap.core.bulk import insert_rows
    from hoanhap.geo.loading import geo_load_units
    from hoanhap.geo.models import AdminUnit
    from hoanhap.people.models import Ethnicity, Person
    from hoanhap.plans.seed import seed_plans_load
    from hoanhap.provision.models import ServiceRecord, ServiceType

    if not AdminUnit.objects.exists():
        print("loading administrative units …", flush=True)
        geo_load_units(actor=None)
    report = seed_plans_load(actor=None)  # idempotent: adds the indicators shipped since the last run
    if report.indicators_created or report.plans_created:
        print(f"seed plans and indicators loaded: {report.indicators_created} indicators added", flush=True)
    have = Person.objects.count()
    if have == persons and ServiceRecord.objects.count() == persons * per_person:
        print(f"{persons:,} persons and {persons * per_person:,} service records already there", flush=True)
        return
    done = 0
    if have < persons and ServiceRecord.objects.count() == have * per_person:
        done = have  # an interrupted run, or a smaller one: top up
        print(f"{have:,} persons there: generating {persons - have:,} more", flush=True)
    elif have and not regenerate:
        raise SystemExit(
            f"the database holds {have:,} persons: measure them (--persons {have}) or pass --regenerate"
        )
    elif have:
        print("clearing the generated rows of another size …", flush=True)
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE provision_servicerecord, assessments_disabilitydetermination, people_person CASCADE"
            )
    rng = random.Random(7 + done)  # noqa: S311 - a repeatable draw, not a secret
    ethnicities = list(Ethnicity.objects.values_list("code", flat=True)) or ["01"]
    ethnicities = ["01"] * 6 + ethnicities  # the Kinh majority, and every group present
    type_ids = list(ServiceType.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    while done < persons:
        size = min(CHUNK, persons - done)
        with transaction.atomic():
            ids = insert_rows(
                Person, PERSON_COLUMNS, _person_rows(size, done, rng, ethnicities), returning=True
            )
            paths = list(Person.objects.filter(pk__in=ids).values_list("pk", "unit_path").order_by("pk"))
            insert_rows(DisabilityDetermination, DETERMINATION_COLUMNS, _determination_rows(paths, rng))
            with connection.cursor() as cursor:
                cursor.execute(
                    SERVICES_SQL,
                    {
                        "types": type_ids,
                        "type_count": len(type_ids),
                        "per_person": per_person,
                        "low": min(ids),
                        "high": max(ids),
                    },
                )
        done += size
        print(f"generated {done:,} persons … ({time.perf_counter() - started:.0f} s)", flush=True)
    print("VACUUM ANALYZE …", flush=True)
    with connection.cursor() as cursor:
        for table in ("people_person", "assessments_disabilitydetermination", "provision_servicerecord"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"generation took {time.perf_counter() - started:.0f} s", flush=True)


def ensure_facts() -> None:
    """Build the indicator facts of the trend's years (the year measured and the four before) unless they
    are built and up to date, and print how long it took."""
    from hoanhap.plans.facts.build import built_years, facts_rebuild
    from hoanhap.plans.facts.models import FactBacklog, IndicatorFact

    years = list(range(YEAR - 4, YEAR + 1))
    if set(years) <= set(built_years()) and not FactBacklog.objects.exists():
        print(f"indicator facts of {years[0]}–{years[-1]} already built", flush=True)
        return
    print(f"building the indicator facts of {years[0]}–{years[-1]} …", flush=True)
    started = time.perf_counter()
    facts_rebuild(years)
    seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after the rows of a rebuilt year are replaced
        cursor.execute("VACUUM ANALYZE plans_indicatorfact")
    rows = IndicatorFact.objects.filter(year=YEAR).count()
    each = seconds / len(years)
    print(f"built in {seconds:.0f} s ({each:.0f} s a year; {rows:,} rows for {YEAR})", flush=True)
