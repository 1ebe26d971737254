"""Shared plumbing of the benchmarks: the database, timing, percentiles and the printed table.

Benchmarks are scripts, not tests: they configure Django themselves (before ``django.setup()``) from the
command line, so they can point at a PostgreSQL database or a SQLite file of their own.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/hoanhap_bench"
BENCH_DATA_DIR = ROOT / "var" / "bench"


def ensure_postgres_database(url: str) -> None:
    """Create the database named in ``url`` if it does not exist (connecting to ``postgres`` to do so)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in {"", "test", "postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to benchmark in the database {name!r}: name a database of your own")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def configure(*, sqlite: bool, database_url: str | None) -> str:
    """Set the environment the settings read, then start Django; returns a description of the database."""
    BENCH_DATA_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["HOANHAP_DATA_DIR"] = str(BENCH_DATA_DIR)
    os.environ["HOANHAP_HTTPS"] = "false"  # the test client speaks plain HTTP
    os.environ["HOANHAP_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["HOANHAP_DEBUG"] = "false"  # no query log: it would slow every query down
    os.environ["HOANHAP_STATIC_MANIFEST"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hoanhap.settings"
    if sqlite:
        url = database_url or f"sqlite:///{BENCH_DATA_DIR / 'registry.sqlite3'}"
    else:
        url = database_url or os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES_URL
        ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"


def measure(call: Callable[[int], Any], *, runs: int, warmup: int = 5) -> list[float]:
    """Milliseconds of ``call(i)`` for i in 0..runs-1, after ``warmup`` unmeasured calls."""
    for index in range(warmup):
        call(index)
    samples = []
    for index in range(runs):
        started = time.perf_counter()
        call(index)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def percentile(samples: Sequence[float], q: int) -> float:
    """The q-th percentile (inclusive method), e.g. 50 and 95."""
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(header), *(len(row[i]) for row in cells)) for i, header in enumerate(headers)]
    print("  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True)))
    print("  ".join("-" * width for width in widths))
    for row in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
