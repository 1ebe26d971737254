"""Benchmark: live indicators over a national registry (issue 7, "Speed").

    .venv/bin/python bench/indicators.py                  # PostgreSQL: 1,000,000 persons, 10,000,000 services
    .venv/bin/python bench/indicators.py --persons 200000 # and 10× as many service records

Migrates the database ``hoanhap_bench_indicators`` (created if missing; or ``--database-url`` / DATABASE_URL),
loads the administrative units and the seed indicators, then generates in bulk (PostgreSQL COPY through
``hoanhap.core.bulk.insert_rows``) ``--persons`` persons — half in the communes of Lạng Sơn, half over the
communes of the 34 provinces — with one disability determination each (a fifth re-assessed later), and
``--services-per-person`` (10) service records each on average, over 2023–2025, of every service type. A
database already holding the same sizes is measured as it is.

Then it builds the indicator facts of 2020–2024 (``hoanhap.plans.facts``; the time is printed) and
measures, for the year 2024, with ``hoanhap.plans.compute.compute_figures`` (what the dashboards and the
API call, without the viewer's checks):

* every seed indicator for Lạng Sơn, its total alone and with all its disaggregations (target ≤ 300 ms);
* a commune dashboard: every seed indicator with its disaggregations for one commune (≤ 200 ms), and the
  figures of the web dashboard page (``build_dashboard``: the targets, a five-year trend, the splits);
* the national dashboard: every seed indicator's total for each of the 34 provinces (≤ 3 s).

``--compare-records`` also times the same figures counted from the records, as before the facts existed
(``from_records``), and checks they are equal.

Beside each figure, in the same run, a hand-written SQL query for the same totals (the counts over persons
and service records, and the split by disability type and severity); it checks the values are equal and
prints the ratio. The generator writes no activities, campaigns or aggregate entries: those counts are 0
and are timed but not compared.

Not run in CI. See bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import configure, print_table
from bench._indicator_data import PROVINCE, TYPES, YEAR, ensure_data, ensure_facts

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hoanhap_bench_indicators"
TARGETS_MS = {"province": 300.0, "commune": 200.0, "national": 3000.0}
PATH_UPPER_BOUND = "~"  # as hoanhap.core.scope.subtree_q bounds a subtree


# --- hand-written SQL ---------------------------------------------------------------------------------------


def _person_conditions(filters: Any, day: date, params: dict[str, Any]) -> str:
    """The conditions of ``hoanhap.plans.person_filters`` written out, on the alias ``p``."""
    from hoanhap.plans.person_filters import birthday_cutoff

    conditions = [
        "p.birth_year <= %(year)s",
        "(p.birth_date IS NULL OR p.birth_date <= %(day)s)",
        "p.merged_into_id IS NULL",
        "(p.status = 'active' OR p.status_date > %(day)s)",
    ]
    params.update(year=day.year, day=day)
    if filters.age_min is not None:
        params.update(min_cut=birthday_cutoff(filters.age_min, day), min_year=day.year - filters.age_min)
        conditions.append(
            "((p.birth_date IS NOT NULL AND p.birth_date <= %(min_cut)s)"
            " OR (p.birth_date IS NULL AND p.birth_year <= %(min_year)s))"
        )
    if filters.age_max is not None:
        top = filters.age_max + 1
        params.update(max_cut=birthday_cutoff(top, day), max_year=day.year - top)
        conditions.append(
            "((p.birth_date IS NOT NULL AND p.birth_date > %(max_cut)s)"
            " OR (p.birth_date IS NULL AND p.birth_year > %(max_year)s))"
        )
    if filters.sexes:
        params["sexes"] = list(filters.sexes)
        conditions.append("p.sex = ANY(%(sexes)s)")
    return " AND ".join(conditions)


def _count_sql(count: Any, prefix: str) -> tuple[str, dict[str, Any]] | None:
    """SQL for one count's total over the area ``prefix`` in ``YEAR``; None where the bench has no data."""
    from hoanhap.plans import definitions as d

    day = date(YEAR, 12, 31)
    params: dict[str, Any] = {"prefix": prefix, "upper": prefix + PATH_UPPER_BOUND, "start": date(YEAR, 1, 1)}
    filters = count.persons or d.PersonFilters()
    if filters.needs_determination or filters.special_groups or filters.ethnicities or filters.households:
        return None
    if filters.statuses != ("active",):
        return None
    persons = _person_conditions(filters, day, params)
    if count.source == d.PERSONS and count.count == d.COUNT_PERSONS:
        sql = (
            "SELECT count(*) FROM people_person p"  # noqa: S608
            f" WHERE p.unit_path >= %(prefix)s AND p.unit_path < %(upper)s AND {persons}"
        )
        return sql, params
    if count.source != d.SERVICE_RECORDS:
        return None
    services = "s.unit_path >= %(prefix)s AND s.unit_path < %(upper)s"
    services += " AND s.delivered_on BETWEEN %(start)s AND %(day)s"
    if count.domains:
        params["domains"] = list(count.domains)
        services += " AND t.domain = ANY(%(domains)s)"
    if count.service_types:
        params["codes"] = list(count.service_types)
        services += " AND t.code = ANY(%(codes)s)"
    if count.count == d.COUNT_CHILD_UNITS and prefix.count("/") != 3:
        return None  # the communes of a province are the paths of its rows; a commune has no units below
    counted = "DISTINCT s.person_id" if count.count == d.COUNT_PERSONS else "DISTINCT s.unit_path"
    sql = (
        f"SELECT count({counted}) FROM provision_servicerecord s"  # noqa: S608
        " JOIN provision_servicetype t ON t.id = s.service_type_id"
        f" JOIN people_person p ON p.id = s.person_id WHERE {services} AND {persons}"
    )
    return sql, params


SPLIT_SQL = """
SELECT d.severity, count(*), {types}
FROM (
    SELECT DISTINCT ON (x.person_id) x.*
    FROM assessments_disabilitydetermination x
    WHERE x.person_id IN (
        SELECT p.id FROM people_person p
        WHERE p.unit_path >= %(prefix)s AND p.unit_path < %(upper)s AND {persons}
    )
      AND x.decided_on <= %(day)s
    ORDER BY x.person_id, x.decided_on DESC, x.id DESC
) d
GROUP BY d.severity
"""


def _split_sql(prefix: str) -> tuple[str, dict[str, Any]]:
    """The persons of the area by severity and type of their determination in force at the year's end."""
    from hoanhap.plans import definitions as d

    params: dict[str, Any] = {"prefix": prefix, "upper": prefix + PATH_UPPER_BOUND}
    persons = _person_conditions(d.PersonFilters(), date(YEAR, 12, 31), params)
    types = ", ".join(f"count(*) FILTER (WHERE d.{name})" for name in TYPES)
    return SPLIT_SQL.format(types=types, persons=persons), params


def _run_sql(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- measuring ----------------------------------------------------------------------------------------------


def _timed(call: Callable[[], Any], runs: int, *, warmup: bool = True) -> tuple[float, Any]:
    """The median milliseconds of ``call`` over ``runs`` runs (after one warm-up), and its last result."""
    result = call() if warmup else None
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def _sql_totals(spec: Any, prefix: str) -> tuple[int | None, int | None] | None:
    """The numerator and denominator by hand-written SQL (None for a part the bench has no SQL for, such
    as aggregate entries); None when neither part has."""
    from hoanhap.plans import definitions as d

    parts: list[int | None] = []
    for count in (spec.numerator, spec.denominator):
        query = _count_sql(count, prefix) if count is not None and count.source != d.CHILD_UNITS else None
        parts.append(int(_run_sql(*query)[0][0]) if query is not None else None)
    return None if parts == [None, None] else (parts[0], parts[1])


def _same(sql: tuple[int | None, int | None] | None, value: Any) -> bool | None:
    """Whether the parts the SQL computed equal the figure's; None when it computed none."""
    if sql is None:
        return None
    found = (value.total.numerator, value.total.denominator)
    return all(part is None or part == mine for part, mine in zip(sql, found, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--services-per-person", type=int, default=10)
    parser.add_argument(
        "--regenerate", action="store_true", help="replace a larger generated registry (TRUNCATE)"
    )
    parser.add_argument("--runs", type=int, default=5, help="measured runs per line (median shown)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--compare-records",
        action="store_true",
        help="also time the count from the records (no facts) for the province and the commune (minutes)",
    )
    args = parser.parse_args()
    import os

    url = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_URL
    if url.rstrip("/").endswith("/test"):
        url = DEFAULT_URL  # the tests' database is not for benchmarks
    description = configure(sqlite=False, database_url=url)
    from django.core.management import call_command

    print(f"database: {description}", flush=True)
    call_command("migrate", verbosity=0)
    ensure_data(args.persons, args.services_per_person, regenerate=args.regenerate)
    ensure_facts()
    from django.db import connection

    with connection.cursor() as cursor:  # the planner's statistics of every table, as autovacuum keeps them
        cursor.execute("ANALYZE")
    _measure(args.runs, compare_records=args.compare_records)


def _measure(runs: int, *, compare_records: bool) -> None:
    from django.db.models import Count

    from hoanhap.geo.models import AdminUnit, Edition
    from hoanhap.people.models import Person
    from hoanhap.plans import definitions as d
    from hoanhap.plans.areas import area_of
    from hoanhap.plans.compute import Figure, compute_figures
    from hoanhap.plans.facts.reading import from_records
    from hoanhap.plans.models import IndicatorDefinition
    from hoanhap.plans.periods import year
    from hoanhap.provision.models import ServiceRecord

    period = year(YEAR)
    print(
        f"{Person.objects.count():,} persons, {ServiceRecord.objects.count():,} service records", flush=True
    )
    indicators = list(IndicatorDefinition.objects.order_by("code"))
    figures = [Figure(d.spec_of(i), i.code, i.name) for i in indicators]
    province = AdminUnit.objects.get(edition=Edition.CURRENT, code=PROVINCE)
    failures: list[str] = []

    def one(figure: Any, unit: Any, area: Any, dimensions: tuple[str, ...] | None) -> Any:
        values = compute_figures(figures=[figure], unit=unit, period=period, dimensions=dimensions, area=area)
        return values[0]

    # 1. Each seed indicator for the province: total, and with every disaggregation.
    area = area_of(province)
    rows = []
    for figure in figures:
        total_ms, value = _timed(partial(one, figure, province, area, ()), runs)
        full_ms, _full = _timed(partial(one, figure, province, area, None), runs)
        sql_ms, sql = _timed(partial(_sql_totals, figure.spec, province.path), runs)
        records = "—"
        if compare_records:
            with from_records():
                records_ms, by_records = _timed(partial(one, figure, province, area, ()), 1, warmup=False)
            records = f"{records_ms:.0f}"
            if by_records != value:
                failures.append(f"{figure.code}: facts {value.total}, records {by_records.total}")
        equal = _same(sql, value)
        same = "—" if equal is None else ("yes" if equal else "NO")
        if equal is False:
            mine = f"{value.total.numerator}/{value.total.denominator}"
            failures.append(f"{figure.code}: facts {mine}, SQL {sql}")
        ratio = f"{total_ms / sql_ms:.2f}" if sql is not None and sql_ms else "—"
        rows.append(
            [
                figure.code,
                value.total.numerator,
                value.total.denominator,
                f"{total_ms:.0f}",
                f"{full_ms:.0f}",
                f"{sql_ms:.0f}" if sql is not None else "—",
                ratio,
                records,
                same,
            ]
        )
        print("  ".join(str(cell) for cell in rows[-1]), flush=True)  # progress; the table follows
    print(
        f"\nLạng Sơn, {YEAR}: each seed indicator (median ms of {runs}; target ≤ "
        f"{TARGETS_MS['province']:.0f} ms)"
    )
    print_table(
        ["indicator", "num", "den", "total ms", "all splits ms", "SQL ms", "ratio", "records ms", "equal"],
        rows,
    )
    worst_total = max(float(row[3]) for row in rows)
    worst = max(float(row[4]) for row in rows)
    met = "met" if worst_total <= TARGETS_MS["province"] else "MISSED"
    print(f"slowest total: {worst_total:.0f} ms ({met}); slowest with all splits: {worst:.0f} ms")
    together_ms, _values = _timed(
        lambda: compute_figures(figures=figures, unit=province, period=period, area=area), runs
    )
    print(f"all {len(figures)} seed indicators together, with all their splits: {together_ms:.0f} ms")

    # The split by type and severity against its hand-written SQL (DISTINCT ON the latest determination).
    persons_spec = d.parse_indicator(
        numerator={"source": "persons", "persons": {}},
        denominator=None,
        disaggregations=["type", "severity"],
        age_groups=[],
        period_type="year",
    )
    split_ms, split = _timed(partial(one, Figure(persons_spec), province, area, None), runs)
    split_sql_ms, split_rows = _timed(lambda: _run_sql(*_split_sql(province.path)), runs)
    by_severity = {row[0]: row[1] for row in split_rows}
    by_type = {name: sum(row[2 + i] for row in split_rows) for i, name in enumerate(TYPES)}
    mine_severity = {c.key: c.numerator for c in split.breakdowns["severity"] if c.key}
    mine_type = {c.key: c.numerator for c in split.breakdowns["type"] if c.key}
    equal = mine_severity == {k: by_severity.get(k, 0) for k in mine_severity} and mine_type == by_type
    if not equal:
        failures.append(f"type/severity split: {mine_severity} {mine_type}, SQL {by_severity} {by_type}")
    same = "yes" if equal else "NO"
    split_ratio = split_ms / split_sql_ms
    print(
        f"\nLạng Sơn persons by type and severity: {split_ms:.0f} ms,"
        f" SQL (DISTINCT ON) {split_sql_ms:.0f} ms, ratio {split_ratio:.2f}, equal: {same}"
    )

    # 2. A commune dashboard: every seed indicator with its splits for the commune with most persons.
    busiest: Any = (
        Person.objects.filter(province_code=PROVINCE)
        .values("commune_id")
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    commune = AdminUnit.objects.get(pk=busiest["commune_id"])

    def dashboard() -> list[Any]:
        return compute_figures(figures=figures, unit=commune, period=period, area=area_of(commune))

    def dashboard_sql() -> list[Any]:
        return [_sql_totals(figure.spec, commune.path) for figure in figures]

    commune_ms, values = _timed(dashboard, runs)
    commune_sql_ms, sql_values = _timed(dashboard_sql, runs)
    for value, sql, figure in zip(values, sql_values, figures, strict=True):
        if _same(sql, value) is False:
            failures.append(f"commune {figure.code}: facts {value.total}, SQL {sql}")
    before = ""
    if compare_records:
        with from_records():
            records_ms, by_records = _timed(dashboard, 1)
        before = f"; from the records {records_ms:.0f} ms"
        if by_records != values:
            failures.append("commune dashboard: facts and records differ")
    page_ms = _dashboard_page_ms(commune, runs)
    print(
        f"\nCommune dashboard, {commune.name} ({busiest['n']:,} persons), {len(figures)} indicators with "
        f"their splits: {commune_ms:.0f} ms (target ≤ {TARGETS_MS['commune']:.0f}); SQL totals "
        f"{commune_sql_ms:.0f} ms, ratio {commune_ms / commune_sql_ms:.2f}{before}"
    )
    print(f"the dashboard page's figures (build_dashboard: targets, 5-year trend, splits): {page_ms:.0f} ms")

    # 3. The national dashboard: every seed indicator's total for each of the 34 provinces.
    provinces = list(AdminUnit.objects.filter(edition=Edition.CURRENT, level=1).order_by("code"))
    national_runs = max(1, runs // 3)

    def national() -> dict[tuple[str, str], Any]:
        found = {}
        for unit in provinces:
            values = compute_figures(figures=figures, unit=unit, period=period, dimensions=())
            for figure, value in zip(figures, values, strict=True):
                found[(unit.code, figure.code)] = (value.total.numerator, value.total.denominator)
        return found

    def national_sql() -> dict[tuple[str, str], Any]:
        return {
            (unit.code, figure.code): _sql_totals(figure.spec, unit.path)
            for unit in provinces
            for figure in figures
        }

    national_ms, everything = _timed(national, national_runs)
    national_sql_ms, everything_sql = _timed(national_sql, national_runs, warmup=False)
    for key, sql in everything_sql.items():
        if sql is not None and any(
            part is not None and part != mine for part, mine in zip(sql, everything[key], strict=True)
        ):
            failures.append(f"national {key}: facts {everything[key]}, SQL {sql}")
    print(
        f"\nNational dashboard, {len(provinces)} provinces × {len(figures)} indicators: {national_ms:.0f} ms "
        f"(target ≤ {TARGETS_MS['national']:.0f}); SQL {national_sql_ms:.0f} ms, "
        f"ratio {national_ms / national_sql_ms:.2f}"
    )
    if failures:
        print("\nVALUES DIFFER:\n" + "\n".join(failures))
        raise SystemExit(1)
    print("\nall values equal to the hand-written SQL" + (" and to the records" if compare_records else ""))


def _dashboard_page_ms(commune: Any, runs: int) -> float:
    """The figures of the web dashboard of ``commune`` as a national administrator sees them."""
    from hoanhap.accounts.models import User
    from hoanhap.accounts.roles import Role
    from hoanhap.plans.periods import year
    from hoanhap.web.views.dashboard_data import build_dashboard

    admin, _created = User.objects.update_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    admin.set_unusable_password()
    admin.save()
    milliseconds, _dashboard = _timed(
        lambda: build_dashboard(viewer=admin, unit=commune, period=year(YEAR)), runs
    )
    return milliseconds


if __name__ == "__main__":
    main()
