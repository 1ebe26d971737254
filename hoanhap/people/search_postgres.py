"""PostgreSQL-only accelerations of the name search, behind the selectors' one interface.

SQLite takes the plain path; on PostgreSQL a GIN trigram index on ``name_folded`` (migration 0006) serves
fragment searches, and these helpers steer the planner where its estimates mislead it. The results and
their order are the same on both databases.
"""

from __future__ import annotations

import json

from django.db import connections
from django.db.models import CharField, F, Func, QuerySet

from hoanhap.people.cccd import normalize_cccd
from hoanhap.people.models import Person

TRIGRAM_MIN_LENGTH = 3  # pg_trgm extracts no trigram from a shorter LIKE fragment


class Unindexed(Func):
    """``column || ''``: the same value, and the same byte order (the column's collation carries over), but
    an expression no index is built on. Ordering by it makes PostgreSQL find the matches first and sort
    them; filtering on it keeps a fragment out of the trigram index scan."""

    template = "(%(expressions)s || '')"
    output_field = CharField()

    def __init__(self, column: str) -> None:
        super().__init__(F(column))


def is_number(term: str) -> bool:
    """A citizen ID fragment (5+ digits) or a birth year (4 digits), not a name fragment."""
    digits = normalize_cccd(term)
    return digits.isdigit() and len(digits) >= 4


# Why and when (measured at 1M persons, bench/README.md): with the GIN trigram index (migration 0006) and
# statistics, PostgreSQL still reads ``ORDER BY sort_key LIMIT 50`` by walking the sort_key index and
# filtering, because it assumes the matches are spread evenly over the list order. Matches on a given name
# cluster (the key starts with the given name), so "dinh van", "thi huong" or "y huong" walked 600-1,700 ms.
# Finding the matches through the trigram index and sorting them (ordering by ``Unindexed``) brings those to
# 20-90 ms, but its cost grows with the rows the trigram index yields, nationwide even for a province
# officer (the index has no scope): "hoa" (107k) or "thi" (263k) went from 2-4 ms to 150-340 ms. So the
# matches are sorted only when the planner estimates the trigram-searchable terms match at most
# ``FILTER_FIRST_MAX_ROWS`` records in the whole registry; above that, matches are common enough for the
# walk to find 50 early. The estimate is one EXPLAIN without ANALYZE (~0.5 ms). The order is the same
# either way: the same bytes in the same "C" collation, then the id.
FILTER_FIRST_MAX_ROWS = 50_000


def _estimated_rows(persons: QuerySet[Person]) -> float:
    sql, params = persons.order_by().values("pk").query.sql_with_params()
    with connections[persons.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def filter_first(persons: QuerySet[Person], terms: list[str]) -> bool:
    """Whether to find the matches through the trigram index and sort them (PostgreSQL, a name term of
    3+ characters matching few enough records) rather than walk the list order and filter it."""
    if connections[persons.db].vendor != "postgresql":
        return False
    terms = [t for t in terms if len(t) >= TRIGRAM_MIN_LENGTH and not is_number(t)]
    if not terms:
        return False
    candidates = Person.objects.using(persons.db).filter(merged_into__isnull=True)
    for term in terms:
        candidates = candidates.filter(name_folded__contains=term)
    return _estimated_rows(candidates) <= FILTER_FIRST_MAX_ROWS
