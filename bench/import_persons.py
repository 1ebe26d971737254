"""Benchmark: importing a commune's list of 100,000 persons (upload, dry run, commit) against the targets.

    .venv/bin/python bench/import_persons.py                      # SQLite (var/bench/import.sqlite3)
    .venv/bin/python bench/import_persons.py --postgres           # PostgreSQL (hoanhap_bench_import)
    .venv/bin/python bench/import_persons.py --rows 20000 --profile analyse

The list is generated once and kept under var/bench/ (see ``bench/import_list.py`` for its shape: a
printed commune form with titles, a two-row header, villages, subtotals, legacy-font and faulty rows).

Every run starts from a fresh copy of a template database (migrated, administrative units loaded, one
commune officer), then runs each phase with the real services, in a child process of its own so that its
peak memory (``ru_maxrss``) is its own:

1. upload: ``person_import_upload`` (the file read, its table found);
2. analyse: ``person_import_analyse``, the dry run (every row converted, classified and stored);
3. commit: ``person_import_commit`` (persons, determinations, certificates, audit events, rows marked);
4. baseline: the persons the commit wrote, inserted again as raw rows into an empty table of the same shape
   (COPY on PostgreSQL, ``executemany`` on SQLite) in one transaction, committed: the floor for the commit;
5. re-import: the same file uploaded and analysed again, which must find nothing to create or update.

Not run in CI. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import BENCH_DATA_DIR, ROOT, configure, print_table
from bench.import_list import COMMUNE, ensure_list

USERNAME = "bench-import"

TARGET_DRY_RUN_S = 20.0
TARGET_COMMIT_S = 60.0
TARGET_MEMORY_MB = 1024.0

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/hoanhap_bench_import"
SQLITE_PATH = BENCH_DATA_DIR / "import.sqlite3"
SQLITE_TEMPLATE_PATH = BENCH_DATA_DIR / "import-template.sqlite3"
MEDIA_DIR = BENCH_DATA_DIR / "import-media"  # the uploaded copies, emptied at every run
BASELINE_TABLE = "bench_person_baseline"

PROFILED = ("upload", "analyse", "commit", "reimport")  # the phases --profile accepts

T = TypeVar("T")


# --- The database ---------------------------------------------------------------------------------------


def _database(args: argparse.Namespace) -> tuple[str, str, str]:
    """(engine, URL of the benchmark database, URL of its template)."""
    env_url = os.environ.get("DATABASE_URL", "")
    postgres = args.postgres or (
        not args.sqlite and (args.database_url or env_url).startswith(("postgres", "postgresql"))
    )
    if not postgres:
        return "sqlite", f"sqlite:///{SQLITE_PATH}", f"sqlite:///{SQLITE_TEMPLATE_PATH}"
    url = args.database_url or env_url or DEFAULT_POSTGRES_URL
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    # Every run drops and creates this database again: never one that is not the benchmark's own.
    if "bench" not in name:
        raise SystemExit(
            f"refusing to use the database {name!r}: every run drops it and creates it again; "
            "name one whose name contains 'bench' (default: hoanhap_bench_import)"
        )
    return "postgresql", url, urlunsplit(parts._replace(path=f"/{name}_template"))


def _fresh_database(engine: str, url: str, template_url: str) -> None:
    """Replace the benchmark database by a copy of the template (which has no open connection now)."""
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        source, target = sqlite3.connect(SQLITE_TEMPLATE_PATH), sqlite3.connect(SQLITE_PATH)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    template = urlsplit(template_url).path.lstrip("/")
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _prepare_template() -> None:
    """Migrations, administrative units and the commune officer, in the template database."""
    from django.core.management import call_command

    from hoanhap.accounts.models import User
    from hoanhap.accounts.roles import Role
    from hoanhap.accounts.services.users import user_create
    from hoanhap.geo.loading import geo_load_units
    from hoanhap.geo.models import AdminUnit, Edition

    call_command("migrate", interactive=False, verbosity=0)
    if not AdminUnit.objects.exists():
        print("loading administrative units into the template …", flush=True)
        geo_load_units(actor=None)
    if not User.objects.filter(username=USERNAME).exists():
        user_create(
            actor=None,
            username=USERNAME,
            password="Bench-" + os.urandom(12).hex(),
            role=Role.COMMUNE,
            units=[AdminUnit.objects.get(edition=Edition.CURRENT, code=COMMUNE)],
            full_name="Benchmark import",
        )


# --- The phases, each in a child process ----------------------------------------------------------------


@dataclass
class _Clock:
    """What the measured calls of this process took, summed: wall time, and the CPU time of this process
    (the database server's own work not included), which other work on the machine inflates far less."""

    wall: float = 0.0
    cpu: float = 0.0


CLOCK = _Clock()


class _StatementTimes:
    """Wall time of the statements Django sends, by kind ("INSERT people_person"): where the database's
    share of a phase goes. ``COPY`` goes round Django and is not counted."""

    _KIND = re.compile(r'^\s*(\w+)(?:.*?\b(?:INTO|FROM|UPDATE)\s+"?(\w+)"?)?', re.IGNORECASE | re.DOTALL)

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        match = self._KIND.match(sql)
        kind = " ".join(part for part in (match.groups() if match else ("?",)) if part).upper()
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds[kind] += time.perf_counter() - started
            self.calls[kind] += len(params) if many else 1

    def print(self) -> None:
        print("\n--- statements: wall seconds and rows/calls, by kind (COPY not counted) ---")
        for kind, seconds in self.seconds.most_common(15):
            print(f"{seconds:8.2f} s {self.calls[kind]:>9,}  {kind}")


def _timed(call: Callable[[], T], *, profile: bool = False) -> tuple[T, float]:
    """``call()`` and its wall time; under cProfile when asked, then printing its 25 costliest calls."""
    from django.db import connection

    profiler = cProfile.Profile() if profile else None
    statements = _StatementTimes()
    started, started_cpu = time.perf_counter(), time.process_time()
    if profiler is None:
        result = call()
    else:
        with connection.execute_wrapper(statements):
            result = profiler.runcall(call)
    seconds = time.perf_counter() - started
    CLOCK.wall += seconds
    CLOCK.cpu += time.process_time() - started_cpu
    if profiler is not None:
        print(f"\n--- profile ({seconds:.1f} s, slowed down by the profiler) ---", flush=True)
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(25)
        statements.print()
    return result, seconds


def _officer() -> tuple[Any, Any]:
    from hoanhap.accounts.models import User
    from hoanhap.geo.selectors import unit_by_code

    return User.objects.get(username=USERNAME), unit_by_code(code=COMMUNE)


def _upload(path: Path, *, profile: bool) -> tuple[Any, float]:
    from hoanhap.exchange.import_services import person_import_upload

    actor, commune = _officer()
    content = path.read_bytes()  # the web server holds the upload in memory before the service sees it
    return _timed(
        lambda: person_import_upload(actor=actor, commune=commune, file_name=path.name, content=content),
        profile=profile,
    )


def _analyse(import_id: str, *, profile: bool) -> tuple[dict[str, int], float]:
    from hoanhap.exchange.import_analysis import person_import_analyse
    from hoanhap.exchange.models import PersonImport

    actor, _commune = _officer()
    person_import = PersonImport.objects.get(pk=import_id)
    return _timed(lambda: person_import_analyse(actor=actor, person_import=person_import), profile=profile)


def _phase_prepare(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connections

    _prepare_template()
    connections.close_all()
    _fresh_database(args.engine, args.url, args.template_url)
    shutil.rmtree(MEDIA_DIR, ignore_errors=True)
    path, description = ensure_list(args.rows)
    return {**description, "file": str(path), "file_bytes": path.stat().st_size}


def _phase_upload(args: argparse.Namespace) -> dict[str, Any]:
    person_import, seconds = _upload(Path(args.file), profile=args.profile)
    return {"seconds": seconds, "import": str(person_import.pk)}


def _phase_analyse(args: argparse.Namespace) -> dict[str, Any]:
    from hoanhap.exchange.models import ImportRow

    counts, seconds = _analyse(args.import_id, profile=args.profile)
    # What the rows left out as "not a person's row" were taken for (after the measured call).
    kinds = Counter(ImportRow.objects.filter(person_import_id=args.import_id).values_list("kind", flat=True))
    return {"seconds": seconds, "counts": counts, "kinds": dict(kinds)}


def _phase_commit(args: argparse.Namespace) -> dict[str, Any]:
    from hoanhap.assessments.models import Certificate, DisabilityDetermination
    from hoanhap.audit.models import AuditEvent
    from hoanhap.exchange.import_commit import person_import_commit
    from hoanhap.exchange.models import PersonImport
    from hoanhap.people.models import Person

    actor, _commune = _officer()
    person_import = PersonImport.objects.get(pk=args.import_id)
    applied, seconds = _timed(
        lambda: person_import_commit(actor=actor, person_import=person_import), profile=args.profile
    )
    return {
        "seconds": seconds,
        "applied": applied,
        "written": {
            "persons": Person.objects.count(),
            "determinations": DisabilityDetermination.objects.count(),
            "certificates": Certificate.objects.count(),
            "audit events": AuditEvent.objects.count(),
        },
    }


def _phase_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """The persons just imported, inserted again as raw rows into an empty copy of the person table."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(cursor, "people_person")
            if column.name != "id"
        ]
        listed = ", ".join(f'"{name}"' for name in columns)
        cursor.execute(f'SELECT {listed} FROM "people_person" ORDER BY "id"')  # noqa: S608 - our own names
        rows = cursor.fetchall()
    raw = connection.connection  # the driver's own connection, without Django's cursor wrapper

    def insert() -> None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with (
                    raw.cursor() as cursor,
                    cursor.copy(f"COPY {BASELINE_TABLE} ({listed}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _name in columns)
                raw.executemany(f"INSERT INTO {BASELINE_TABLE} ({listed}) VALUES ({marks})", rows)  # noqa: S608

    _create_baseline_table()
    try:
        _nothing, seconds = _timed(insert)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
    return {"seconds": seconds, "rows": len(rows)}


def _create_baseline_table() -> None:
    """An empty table shaped as ``people_person``: its columns, defaults, checks, indexes, foreign keys."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {BASELINE_TABLE} (LIKE people_person INCLUDING ALL)")
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'people_person'::regclass AND contype = 'f'"
            )
            for (definition,) in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {BASELINE_TABLE} ADD {definition}")
            return
        cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'people_person' AND sql IS NOT NULL")
        statements = [row[0] for row in cursor.fetchall()]
        for statement in sorted(statements, key=lambda sql: not sql.startswith("CREATE TABLE")):
            statement = re.sub(r'INDEX "(\w+)"', r'INDEX "bench_\1"', statement)
            cursor.execute(statement.replace('"people_person"', f'"{BASELINE_TABLE}"', 1))


def _phase_reimport(args: argparse.Namespace) -> dict[str, Any]:
    person_import, upload_seconds = _upload(Path(args.file), profile=args.profile)
    counts, analyse_seconds = _analyse(str(person_import.pk), profile=args.profile)
    return {"seconds": upload_seconds + analyse_seconds, "upload": upload_seconds, "counts": counts}


def _run_phase(args: argparse.Namespace) -> None:
    """In the child process: run one phase and leave its result, with the peak memory, in the result file."""
    os.environ["HOANHAP_MEDIA_ROOT"] = str(MEDIA_DIR)
    url = args.template_url if args.phase == "prepare" else args.url
    configure(sqlite=args.engine == "sqlite", database_url=url)
    from hoanhap.core.request_context import RequestContext, request_context

    phase = {
        "prepare": _phase_prepare,
        "upload": _phase_upload,
        "analyse": _phase_analyse,
        "commit": _phase_commit,
        "baseline": _phase_baseline,
        "reimport": _phase_reimport,
    }[args.phase]
    with request_context(RequestContext(channel="command")):
        result = phase(args)
    # Kilobytes on Linux: the high-water mark of this process, which ran nothing but this phase.
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["cpu"] = CLOCK.cpu
    Path(args.result_file).write_text(json.dumps(result, default=str))


# --- The parent: runs the phases and prints the table --------------------------------------------------


def _child(args: argparse.Namespace, phase: str, **options: str) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(prefix="bench-import-", suffix=".json", delete=False) as handle:
        result_file = Path(handle.name)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        phase,
        "--engine",
        args.engine,
        "--url",
        args.url,
        "--template-url",
        args.template_url,
        "--rows",
        str(args.rows),
        "--result-file",
        str(result_file),
    ]
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", value]
    if phase in args.profile:
        command.append("--profile-phase")
    try:
        subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 - this script, with our arguments
        result: dict[str, Any] = json.loads(result_file.read_text())
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"the {phase} phase failed (exit status {error.returncode})") from None
    finally:
        result_file.unlink(missing_ok=True)
    return result


def _load() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _measure(args: argparse.Namespace) -> None:
    print(f"{args.engine}: {_describe_url(args.url)}; load average before: {_load()}", flush=True)
    prepared = _child(args, "prepare")
    listed = prepared
    print(
        f"list: {Path(listed['file']).name}, {listed['file_bytes'] / 1e6:.1f} MB: {listed['rows']:,} persons "
        f"in {listed['villages']} villages, {listed['rejected']:,} with a date that does not exist, "
        f"{listed['repeated']:,} repeated, {listed['tcvn3']:,} in TCVN3, {listed['cccd']:,} citizen IDs "
        f"({listed['cccd_as_number']:,} as numbers), {listed['certificates']:,} certificates",
        flush=True,
    )
    upload = _child(args, "upload", file=prepared["file"])
    analyse = _child(args, "analyse", import_id=upload["import"])
    print("analysis: " + _counts(analyse["counts"]), flush=True)
    print("rows by kind: " + _counts(analyse["kinds"]), flush=True)
    if analyse["kinds"].get("other"):
        # Every row of the generated list is a person's, a section, a subtotal or the signature block.
        print(f"  {analyse['kinds']['other']:,} persons' rows were not recognised as such (kind “other”)")
    commit = _child(args, "commit", import_id=upload["import"])
    print(
        "commit: "
        + ", ".join(f"{value:,} {name}" for name, value in commit["written"].items())
        + " in the database",
        flush=True,
    )
    baseline = _child(args, "baseline")
    reimport = _child(args, "reimport", file=prepared["file"])
    print("re-import: " + _counts(reimport["counts"]), flush=True)
    print(f"load average after: {_load()}\n")
    _print_results(args, prepared, upload, analyse, commit, baseline, reimport)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {value:,}" for name, value in sorted(counts.items()) if name != "not_data")


def _describe_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"


def _line(
    what: str, phases: list[dict[str, Any]], count: int, target: str = "", ok: bool | None = None
) -> list[str]:
    """A line of the table for one phase, or for several run one after the other (their sum, their peak)."""
    seconds = sum(phase["seconds"] for phase in phases)
    return [
        what,
        f"{seconds:.1f}",
        f"{sum(phase['cpu'] for phase in phases):.1f}",
        f"{count / seconds:,.0f}" if seconds else "",
        f"{max(phase['peak_mb'] for phase in phases):,.0f}",
        target,
        "" if ok is None else ("ok" if ok else "MISSED"),
    ]


def _print_results(
    args: argparse.Namespace,
    prepared: dict[str, Any],
    upload: dict[str, Any],
    analyse: dict[str, Any],
    commit: dict[str, Any],
    baseline: dict[str, Any],
    reimport: dict[str, Any],
) -> None:
    rows = prepared["rows"]
    created = commit["applied"].get("created", 0)
    dry_run = upload["seconds"] + analyse["seconds"]
    to_write = sum(reimport["counts"].get(name, 0) for name in ("create", "update", "possible_duplicate"))
    peak = max(phase["peak_mb"] for phase in (upload, analyse, commit, reimport))
    table = [
        _line("upload: read the file, find the table", [upload], rows),
        _line("analyse: convert, classify, store rows", [analyse], rows),
        _line(
            "dry run: upload + analyse",
            [upload, analyse],
            rows,
            f"≤ {TARGET_DRY_RUN_S:g} s",
            dry_run <= TARGET_DRY_RUN_S,
        ),
        _line(
            f"commit: {created:,} persons written",
            [commit],
            created,
            f"≤ {TARGET_COMMIT_S:g} s",
            commit["seconds"] <= TARGET_COMMIT_S,
        ),
        _line("baseline: raw insert of the same persons", [baseline], baseline["rows"]),
        _line(
            f"re-import: upload + analyse, {to_write} to write",
            [reimport],
            rows,
            "nothing to write",
            to_write == 0,
        ),
        ["peak memory of a phase", "", "", "", f"{peak:,.0f}", f"≤ {TARGET_MEMORY_MB:,.0f} MB"],
    ]
    table[-1].append("ok" if peak <= TARGET_MEMORY_MB else "MISSED")
    profiled = " (profiled: slower)" if args.profile else ""
    print(
        f"{rows:,} persons, {args.engine}{profiled}: wall and CPU seconds (CPU: this process, not the "
        "database server), rows per second (wall), peak RSS of the phase's process in MB"
    )
    print_table(["measure", "s", "CPU s", "rows/s", "peak MB", "target", ""], table)
    ratio = commit["seconds"] / baseline["seconds"] if baseline["seconds"] else float("nan")
    how = "COPY" if args.engine == "postgresql" else "executemany"
    print(
        f"\ncommit / baseline ({how} of the {baseline['rows']:,} person rows into an empty copy of the "
        f"table): {ratio:.1f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument(
        "--sqlite", action="store_true", help="SQLite, var/bench/import.sqlite3 (the default)"
    )
    engine.add_argument(
        "--postgres",
        action="store_true",
        help=f"PostgreSQL: --database-url, DATABASE_URL or {DEFAULT_POSTGRES_URL}",
    )
    parser.add_argument(
        "--database-url", help="a PostgreSQL database whose name contains 'bench' (dropped first)"
    )
    parser.add_argument("--rows", type=int, default=100_000, help="persons in the list (default 100,000)")
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        choices=PROFILED,
        help="run this phase under cProfile and print its 25 costliest calls (cumulative, then own time)",
    )
    # Between the parent and its children only.
    for name in ("--phase", "--engine", "--url", "--template-url", "--result-file", "--file", "--import-id"):
        parser.add_argument(name, help=argparse.SUPPRESS)
    parser.add_argument("--profile-phase", dest="profile_phase", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        args.profile = args.profile_phase
        _run_phase(args)
        return
    args.engine, args.url, args.template_url = _database(args)
    _measure(args)


if __name__ == "__main__":
    main()
