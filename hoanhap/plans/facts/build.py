"""Writing the indicator facts: a whole year (``facts_build_year``), every built year again
(``facts_rebuild``), and the rows of the persons changed since (``facts_refresh``, which figures call
before reading).

Each year is one ``INSERT … SELECT`` over the registry, with the same rules as
``hoanhap.plans.person_filters`` on 31 December of the year: the persons born by then and not merged away,
their status on that day (a later change of status does not count yet), the determination in force (the
latest decided on or before that day), their special groups, and the service types recorded for them during
the year in each commune. It runs the same on PostgreSQL and SQLite. Rows are written in the order of their
unit, so that a province's rows lie together on disk.

Writers never wait on figures: the triggers only add to the backlog. ``facts_refresh`` takes the backlog
with ``DELETE … RETURNING`` first, so a change committed while it rewrites rows puts its person back in
the backlog (the insert waits for the delete to commit) and the next refresh rewrites them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from hoanhap.assessments.models import DisabilityDetermination, DisabilityType
from hoanhap.people.models import Person, PersonSpecialGroup, PersonStatus, SpecialGroup
from hoanhap.plans.facts.models import FactBacklog, FactServiceType, FactYear, IndicatorFact
from hoanhap.provision.models import ServiceRecord, ServiceType

# The bits of ``IndicatorFact.disability_types`` and ``special_groups``: the order of the choices.
TYPE_BITS = {value: 1 << position for position, value in enumerate(DisabilityType.values)}
GROUP_BITS = {value: 1 << position for position, value in enumerate(SpecialGroup.values)}
# Bits 0–62 of a signed 64-bit column: the service types after the 63rd are counted from the records.
SERVICE_TYPE_BITS = 63
# Changes when the bits above change order: the years built before are then built again.
LAYOUT = hashlib.sha256(repr((TYPE_BITS, GROUP_BITS)).encode()).hexdigest()[:16]
# The ids of the persons rewritten per statement (below SQLite's limit on parameters).
CHUNK = 5000
_LOCK = 72_530_701  # pg_advisory_xact_lock key: one writer of facts at a time

_COLUMNS = (
    "year, person_id, unit_path, registered, shared, sex, birth_year, ethnicity_id, household, status, "
    "special_groups, severity, disability_types, service_types"
)


def _bits_case(column: str, bits: dict[str, int]) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {bit}" for value, bit in bits.items())
    return f"CASE {column} {whens} ELSE 0 END"


def _insert_sql(persons: str, services: str) -> str:
    """The statement writing one year's rows; ``persons`` and ``services`` are extra conditions on the
    persons (alias ``p``) and their service records (alias ``s``). Parameters: year, start, day."""
    person = Person._meta.db_table
    determination = DisabilityDetermination._meta.db_table
    groups = PersonSpecialGroup._meta.db_table
    service = ServiceRecord._meta.db_table
    bits = FactServiceType._meta.db_table
    types = " + ".join(f"CASE WHEN d.{value} THEN {bit} ELSE 0 END" for value, bit in TYPE_BITS.items())
    # Table and column names from the models, and constants of this module: nothing typed by a user.
    return f"""
WITH base AS (
    SELECT p.id AS person_id, p.unit_path, p.sex, p.birth_year, p.ethnicity_id, p.household,
        CASE WHEN p.status <> '{PersonStatus.ACTIVE}' AND (p.status_date IS NULL OR p.status_date <= %(day)s)
            THEN p.status ELSE '{PersonStatus.ACTIVE}' END AS status,
        COALESCE((SELECT SUM(DISTINCT {_bits_case('g."group"', GROUP_BITS)}) FROM {groups} g
            WHERE g.person_id = p.id), 0) AS special_groups,
        COALESCE(d.severity, '') AS severity,
        COALESCE({types}, 0) AS disability_types
    FROM {person} p
    LEFT JOIN {determination} d ON d.id = (
        SELECT x.id FROM {determination} x WHERE x.person_id = p.id AND x.decided_on <= %(day)s
        ORDER BY x.decided_on DESC, x.id DESC LIMIT 1)
    WHERE p.birth_year <= %(year)s AND (p.birth_date IS NULL OR p.birth_date <= %(day)s)
        AND p.merged_into_id IS NULL {persons}
),
served AS (
    SELECT s.person_id, s.unit_path, SUM(DISTINCT m.mask) AS service_types
    FROM {service} s JOIN {bits} m ON m.service_type_id = s.service_type_id
    WHERE s.delivered_on >= %(start)s AND s.delivered_on <= %(day)s {services}
    GROUP BY s.person_id, s.unit_path
),
elsewhere AS (
    SELECT DISTINCT v.person_id FROM served v JOIN base b ON b.person_id = v.person_id
    WHERE v.unit_path <> b.unit_path
)
INSERT INTO {IndicatorFact._meta.db_table} ({_COLUMNS})
SELECT %(year)s, b.person_id, b.unit_path, TRUE, e.person_id IS NOT NULL, b.sex, b.birth_year,
    b.ethnicity_id, b.household, b.status, b.special_groups, b.severity, b.disability_types,
    COALESCE(v.service_types, 0)
FROM base b
LEFT JOIN served v ON v.person_id = b.person_id AND v.unit_path = b.unit_path
LEFT JOIN elsewhere e ON e.person_id = b.person_id
UNION ALL
SELECT %(year)s, b.person_id, v.unit_path, FALSE, TRUE, b.sex, b.birth_year, b.ethnicity_id, b.household,
    b.status, b.special_groups, b.severity, b.disability_types, v.service_types
FROM base b JOIN served v ON v.person_id = b.person_id AND v.unit_path <> b.unit_path
ORDER BY 3
"""  # noqa: S608


def _year_params(year: int) -> dict[str, int | date]:
    return {"year": year, "start": date(year, 1, 1), "day": date(year, 12, 31)}


def _lock() -> None:
    """One writer of facts at a time (PostgreSQL; SQLite has one writer anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def _map_service_types() -> None:
    """Give a bit to every service type that has none yet, while bits remain."""
    mapped = set(FactServiceType.objects.values_list("service_type_id", flat=True))
    used = set(FactServiceType.objects.values_list("bit", flat=True))
    free = (bit for bit in range(SERVICE_TYPE_BITS) if bit not in used)
    new = []
    for type_id in ServiceType.objects.exclude(pk__in=mapped).order_by("pk").values_list("pk", flat=True):
        bit = next(free, None)
        if bit is None:
            break
        new.append(FactServiceType(service_type_id=type_id, bit=bit, mask=1 << bit))
    FactServiceType.objects.bulk_create(new)


def built_years() -> list[int]:
    return sorted(FactYear.objects.filter(layout=LAYOUT).values_list("year", flat=True))


def _write_year(year: int, person_ids: Sequence[int] | None = None) -> None:
    params = _year_params(year)
    persons = services = ""
    if person_ids is not None:
        # Trusted integers written as literals: the statement already takes named parameters.
        listed = ", ".join(str(int(person_id)) for person_id in person_ids)
        persons = f"AND p.id IN ({listed})"
        services = f"AND s.person_id IN ({listed})"
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(persons, services), params)


def facts_build_year(year: int) -> None:
    """Write (again) every row of ``year`` and record the year as built."""
    with transaction.atomic():
        _lock()
        _map_service_types()
        IndicatorFact.objects.filter(year=year).delete()
        _write_year(year)
        FactYear.objects.update_or_create(year=year, defaults={"layout": LAYOUT, "built_at": timezone.now()})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the planner's estimates for the new rows, at once
                cursor.execute(f"ANALYZE {IndicatorFact._meta.db_table}")


def facts_rebuild(years: Sequence[int] | None = None) -> list[int]:
    """Build ``years`` (by default the years already built) from scratch and empty the backlog, which the
    new rows make up for. For after a bulk load that bypassed the database (``TRUNCATE``, a restore)."""
    chosen = sorted(set(years if years is not None else FactYear.objects.values_list("year", flat=True)))
    with transaction.atomic():
        _lock()
        FactBacklog.objects.all().delete()
        FactYear.objects.exclude(year__in=chosen).delete()
        IndicatorFact.objects.exclude(year__in=chosen).delete()
    for year in chosen:
        facts_build_year(year)
    return chosen


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _take_backlog() -> list[int]:
    table = FactBacklog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} RETURNING person_id")  # noqa: S608 - a table name
        return sorted(row[0] for row in cursor.fetchall())


@dataclass(frozen=True)
class Refreshed:
    persons: int
    years: tuple[int, ...]


def facts_refresh() -> Refreshed:
    """Rewrite, in every built year, the rows of the persons in the backlog. Cheap when it is empty (one
    query): figures call it before reading the facts."""
    if not FactBacklog.objects.exists():
        return Refreshed(0, ())
    with transaction.atomic():
        _lock()
        person_ids = _take_backlog()
        years = built_years()
        if not person_ids or not years:
            return Refreshed(len(person_ids), tuple(years))
        _map_service_types()
        for chunk in _chunks(person_ids):
            IndicatorFact.objects.filter(person_id__in=chunk).delete()
            for year in years:
                _write_year(year, chunk)
    return Refreshed(len(person_ids), tuple(years))
