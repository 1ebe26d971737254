"""Benchmark: searching and reading the registry at province and national scale.

    .venv/bin/python bench/registry_search.py                      # PostgreSQL, 1,000,000 persons
    .venv/bin/python bench/registry_search.py --count 200000
    .venv/bin/python bench/registry_search.py --sqlite             # SQLite, 100,000 persons
    .venv/bin/python bench/registry_search.py --explain            # also print the query plans

Generates the persons if the database holds fewer (``hoanhap.ops.generator``, with determinations, spread
over several provinces), then measures, with the real code:

* search: the people selector ``person_list`` (scope, filters, order) for a name fragment, first page of 50
  rows materialised, for a commune officer, a province officer and an administrator (national); beside it a
  single hand-written SQL query returning the same ids, in the same run, and the ratio of the two;
* the person list page and a person's page: the web views through Django's test client, signed in (server
  time: the whole request in process, middleware, audit write and template included). If the web views do
  not exist (no ``web:person_list``), the selectors the pages use are measured instead, and the table says so.

Not run in CI. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import configure, measure, percentile, print_table

COMMUNE, PROVINCE = "06325", "20"  # Xã Bắc Sơn, Lạng Sơn: the officers measured
PROVINCES = (
    "20",
    "51",
    "01",
    "79",
    "66",
)  # Lạng Sơn, Quảng Ngãi (with former Kon Tum), Hà Nội, HCMC, Đắk Lắk
# Name fragments as officers type them: a given name, surname + middle name, a full name, a rare syllable.
QUERIES = (
    "hoa",
    "nong van",
    "thi huong",
    "hoang thi mai",
    "luong",
    "nguyen van hung",
    "vi thi",
    "trieu",
    "lan",
    "dinh van",
    "y huong",
    "slao",
)
TARGETS_MS = {"search local": 50, "search national": 150, "list": 150, "person": 50}
CHUNK = 100_000  # persons generated per run (one transaction and one audit event each)


@dataclass
class Result:
    what: str
    samples: list[float]
    target: float
    sql_samples: list[float] | None = None
    note: str = ""


def _users() -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hoanhap.accounts.models import User
    from hoanhap.accounts.roles import Role
    from hoanhap.accounts.services.users import user_create
    from hoanhap.geo.models import AdminUnit, Edition

    wanted = {
        "bench-xa": (Role.COMMUNE, [COMMUNE]),
        "bench-tinh": (Role.PROVINCE, [PROVINCE]),
        "bench-admin": (Role.ADMIN, []),
    }
    users = {}
    for username, (role, codes) in wanted.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password="Bench-" + secrets.token_urlsafe(12),
                role=role,
                units=[AdminUnit.objects.get(edition=Edition.CURRENT, code=code) for code in codes],
                full_name=f"Benchmark {username}",
            )
        if user.requires_two_factor and not TOTPDevice.objects.filter(user=user, name="bench").exists():
            TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        users[username] = user
    return users


def _client(user: Any) -> Any:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.requires_two_factor:
        session = client.session
        session["otp_device_id"] = TOTPDevice.objects.get(user=user, name="bench").persistent_id
        session.save()
    return client


def _ensure_persons(count: int, provinces: tuple[str, ...]) -> None:

    from hoanhap.core.request_context import RequestContext, request_context
    from hoanhap.geo.loading import geo_load_units
    from hoanhap.geo.models import AdminUnit
    from hoanhap.ops.generator import generation_communes, persons_generate
    from hoanhap.people.models import Person

    if not AdminUnit.objects.exists():
        print("loading administrative units …", flush=True)
        geo_load_units(actor=None)
    have = Person.objects.filter(province_code__in=provinces).count()
    missing = count - have
    if missing <= 0:
        print(f"{have:,} persons in provinces {', '.join(provinces)}: nothing to generate", flush=True)
        return
    communes = generation_communes(provinces=provinces)
    started = time.perf_counter()
    with request_context(RequestContext(channel="command")):
        while missing > 0:
            size = min(CHUNK, missing)
            report = persons_generate(
                actor=None,
                count=size,
                communes=communes,
                seed=have + missing,  # a new seed per chunk, the same for the same database
                with_determinations=True,
                units_named=list(provinces),
            )
            missing -= size
            print(
                f"generated {report.persons:,} persons, {report.determinations:,} determinations, "
                f"{report.certificates:,} certificates in {report.seconds:.1f} s ({missing:,} to go)",
                flush=True,
            )
    print(f"generation: {time.perf_counter() - started:.0f} s", flush=True)


def _vacuum() -> None:
    """On PostgreSQL, what autovacuum would have done by now: statistics and the visibility map (which
    index-only scans need). SQLite is left as a deployment leaves it (Django never runs ANALYZE there)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _merged_into_index() -> str | None:
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "people_person")
    for name, info in constraints.items():
        if info["index"] and info["columns"] == ["merged_into_id"] and not name.startswith("bench_"):
            return name
    return None


def _experiment(name: str, *, apply: bool) -> None:
    """A what-if index change, applied to the benchmark database for this run and reverted after it.

    ``trigram`` (PostgreSQL): a trigram GIN index on ``name_folded``, so ``LIKE '%fragment%'`` is an index
    scan.
    ``merged-partial``: the index on ``merged_into`` only over merged rows, so that the planner cannot
    pick it for ``merged_into IS NULL`` (every row) instead of the scope range.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if name == "trigram":
            if connection.vendor != "postgresql":
                raise SystemExit("the trigram experiment needs PostgreSQL")
            if apply:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS bench_person_name_trgm ON people_person "
                    "USING gin (name_folded gin_trgm_ops)"
                )
                cursor.execute("ANALYZE people_person")
            else:
                cursor.execute("DROP INDEX IF EXISTS bench_person_name_trgm")
        elif name == "merged-partial":
            if apply:
                original = _merged_into_index()
                if original:
                    cursor.execute(f'DROP INDEX "{original}"')
                    cursor.execute(
                        f"CREATE INDEX bench_was_{original} ON people_person (merged_into_id) "
                        "WHERE merged_into_id IS NOT NULL"
                    )
            else:
                with connection.cursor() as inner:
                    constraints = connection.introspection.get_constraints(inner, "people_person")
                for index in [key for key in constraints if key.startswith("bench_was_")]:
                    cursor.execute(f'DROP INDEX "{index}"')
                    original = index.removeprefix("bench_was_")
                    cursor.execute(f'CREATE INDEX "{original}" ON people_person (merged_into_id)')
        else:
            raise SystemExit(f"unknown experiment {name}")


def _hand_sql(path: str | None, terms: list[str]) -> tuple[str, list[Any]]:
    """The search as one would write it by hand: the scope range, one LIKE per word, the list order."""
    where, params = ["merged_into_id IS NULL"], []
    if path is not None:
        where += ["unit_path >= %s", "unit_path < %s"]
        params += [path, path + "~"]
    for term in terms:
        where.append("name_folded LIKE %s")
        params.append(f"%{term}%")
    sql = f"SELECT id FROM people_person WHERE {' AND '.join(where)} ORDER BY sort_key, id LIMIT 50"  # noqa: S608
    return sql, params


def _search(users: dict[str, Any], runs: int) -> tuple[list[Result], list[str]]:
    from django.db import connection

    from hoanhap.core.pagination import rows_by_ids_first
    from hoanhap.core.text import search_terms
    from hoanhap.people.selectors import PersonFilters, person_list

    results, mismatches = [], []
    for label, username, target in (
        ("search, commune officer", "bench-xa", TARGETS_MS["search local"]),
        ("search, province officer", "bench-tinh", TARGETS_MS["search local"]),
        ("search, national (admin)", "bench-admin", TARGETS_MS["search national"]),
    ):
        user = users[username]
        path = None if user.scope.everything else user.scope.paths[0]

        def by_selector(index: int, user: Any = user) -> list[int]:
            query = QUERIES[index % len(QUERIES)]
            persons = person_list(viewer=user, filters=PersonFilters(query=query))
            return [person.pk for person in rows_by_ids_first(persons, 0, 50)]  # as the list pages read

        def by_sql(index: int, path: str | None = path) -> list[int]:
            sql, params = _hand_sql(path, search_terms(QUERIES[index % len(QUERIES)]))
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return [row[0] for row in cursor.fetchall()]

        for index in range(len(QUERIES)):
            if by_selector(index) != by_sql(index):
                mismatches.append(f"{label}: {QUERIES[index]!r}")
        # Measured in the same run, one after the other, on the same (warm) data.
        selector_samples = measure(by_selector, runs=runs)
        sql_samples = measure(by_sql, runs=runs)
        results.append(Result(label, selector_samples, target, sql_samples))
    return results, mismatches


def _pages(users: dict[str, Any], runs: int) -> list[Result]:
    from django.urls import NoReverseMatch, reverse

    from hoanhap.assessments.selectors import certificate_history, determination_history
    from hoanhap.people.models import Person
    from hoanhap.people.selectors import PersonFilters, access_person, person_page

    try:
        list_url = reverse("web:person_list")
        reverse("web:person_detail", args=[1])
        web = True
    except NoReverseMatch:
        web = False
    note = "web view" if web else "selectors (no web view)"
    results = []
    for label, username in (
        ("list page, commune officer", "bench-xa"),
        ("list page, province officer", "bench-tinh"),
        ("list page, national (admin)", "bench-admin"),
        ("list page + search, province", "bench-tinh"),
    ):
        user = users[username]
        searching = "search" in label
        call: Callable[[int], Any]
        if web:
            client = _client(user)

            def call(index: int, client: Any = client, searching: bool = searching) -> None:
                params = {"q": QUERIES[index % len(QUERIES)]} if searching else {}
                if index % 3 == 2:
                    params["page"] = "3"
                response = client.get(list_url, params)
                if response.status_code != 200:
                    raise SystemExit(f"{list_url}: {response.status_code}")
        else:

            def call(index: int, user: Any = user, searching: bool = searching) -> None:
                query = QUERIES[index % len(QUERIES)] if searching else ""
                page = person_page(viewer=user, filters=PersonFilters(query=query), page_number=1 + index % 3)
                list(page)

        results.append(Result(label, measure(call, runs=runs), TARGETS_MS["list"], note=note))
    rng = random.Random(1)  # noqa: S311 - picking records to open
    for label, username in (
        ("person page, commune officer", "bench-xa"),
        ("person page, province", "bench-tinh"),
    ):
        user = users[username]
        ids = list(Person.objects.filter(user.scope.q("unit_path")).values_list("id", flat=True))
        picked = [rng.choice(ids) for _ in range(runs + 10)]
        if web:
            client = _client(user)

            def call(index: int, client: Any = client, picked: list[int] = picked) -> None:
                response = client.get(reverse("web:person_detail", args=[picked[index]]))
                if response.status_code != 200:
                    raise SystemExit(f"person page: {response.status_code}")
        else:

            def call(index: int, user: Any = user, picked: list[int] = picked) -> None:
                person = access_person(viewer=user, person_id=picked[index])
                determination_history(person=person)
                certificate_history(person=person)

        results.append(Result(label, measure(call, runs=runs), TARGETS_MS["person"], note=note))
    return results


def _explain(users: dict[str, Any]) -> None:
    from django.db import connection

    from hoanhap.people.selectors import PersonFilters, person_list

    vendor = connection.vendor
    for username in ("bench-xa", "bench-tinh", "bench-admin"):
        for query in ("hoa", "slao"):
            queryset = person_list(viewer=users[username], filters=PersonFilters(query=query))[:50]
            sql, params = queryset.query.sql_with_params()
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql, params)
                plan = "\n".join("  " + " ".join(str(cell) for cell in row) for row in cursor.fetchall())
            print(f"\n-- {username}, {query!r}\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite (var/bench/registry.sqlite3)")
    parser.add_argument("--count", type=int, help="persons (default 1,000,000; 100,000 with --sqlite)")
    parser.add_argument("--database-url", help=f"default: DATABASE_URL, else {DEFAULT_URL_HELP}")
    parser.add_argument("--runs", type=int, default=60, help="measured runs per line (default 60)")
    parser.add_argument("--provinces", default=",".join(PROVINCES), help="current province codes")
    parser.add_argument("--explain", action="store_true", help="print the plans of the search queries")
    parser.add_argument(
        "--experiment",
        action="append",
        default=[],
        choices=["trigram", "merged-partial"],
        help="apply a what-if index change for this run only (reverted at the end)",
    )
    args = parser.parse_args()
    count = args.count or (100_000 if args.sqlite else 1_000_000)
    args.database = configure(sqlite=args.sqlite, database_url=args.database_url)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    provinces = tuple(code.strip() for code in args.provinces.split(",") if code.strip())
    _ensure_persons(count, provinces)
    for name in args.experiment:
        _experiment(name, apply=True)
    try:
        _vacuum()
        _measure_and_print(args)
    finally:
        for name in args.experiment:
            _experiment(name, apply=False)


def _measure_and_print(args: argparse.Namespace) -> None:
    from django.db import connection

    from hoanhap.people.models import Person

    users = _users()
    total = Person.objects.count()
    scoped = {name: Person.objects.filter(user.scope.q("unit_path")).count() for name, user in users.items()}
    experiments = f"; experiments: {', '.join(args.experiment)}" if args.experiment else ""
    print(
        f"\n{args.database} ({connection.vendor}){experiments}: {total:,} persons; "
        f"commune {COMMUNE}: {scoped['bench-xa']:,}, province {PROVINCE}: {scoped['bench-tinh']:,}; "
        f"{args.runs} runs per line, milliseconds"
    )
    print("load average before measuring: " + " ".join(f"{load:.1f}" for load in os.getloadavg()) + "\n")
    search, mismatches = _search(users, args.runs)
    pages = _pages(users, args.runs)
    factor = 2 if connection.vendor == "sqlite" else 1
    rows = []
    for result in [*search, *pages]:
        p95 = percentile(result.samples, 95)
        target = result.target * factor
        sql = result.sql_samples
        rows.append(
            [
                result.what,
                f"{percentile(result.samples, 50):.1f}",
                f"{p95:.1f}",
                f"{max(result.samples):.1f}",
                f"≤ {target:g}",
                "ok" if p95 <= target else "MISSED",
                f"{percentile(sql, 50):.1f}" if sql else "",
                f"{percentile(result.samples, 50) / percentile(sql, 50):.1f}×" if sql else "",
                result.note,
            ]
        )
    print("load average after measuring: " + " ".join(f"{load:.1f}" for load in os.getloadavg()))
    print_table(["measure", "p50", "p95", "max", "target p95", "", "SQL p50", "ratio", "measured on"], rows)
    if mismatches:
        print("\nselector and hand-written SQL returned different ids for: " + "; ".join(mismatches))
    if args.explain:
        _explain(users)


DEFAULT_URL_HELP = "postgres://postgres@127.0.0.1:5432/hoanhap_bench (created if missing)"

if __name__ == "__main__":
    main()
