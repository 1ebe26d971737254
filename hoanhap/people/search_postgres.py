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


# Why and when (measured at 1M persons, bench/README.md). PostgreSQL reads ``ORDER BY sort_key LIMIT 50``
# by walking the list order and filtering, assuming the matches are spread evenly over it. They are not:
# the key starts with the given name, so the matches of "huong" or "y huong" all sit in one stretch and a
# province officer's walk passed 400,000 names (900 ms) before reaching it. Finding the matches through a
# trigram index and sorting them (ordering by ``Unindexed``) answers those in 10-15 ms, but its cost grows
# with the matches in scope: "hoa" (28,000 in a province of 120,000) took 90 ms that way against 8 ms for
# the walk, which stops at the 50th match. So the matches are sorted only when the planner estimates the
# searchable terms match at most ``FILTER_FIRST_MAX_ROWS`` persons *in the viewer's scope* (one EXPLAIN
# without ANALYZE, ~0.5 ms); the per-province trigram indexes (migration 0008) make both the estimate and
# the search scoped. Above it, matches are common enough for the walk, done on the covering index of the
# list order without reading the table, to find 50 early. The order is the same either way: the same bytes
# in the same "C" collation, then the id.
FILTER_FIRST_MAX_ROWS = 6_000


def _estimated_rows(persons: QuerySet[Person]) -> float:
    sql, params = persons.order_by().values("pk").query.sql_with_params()
    with connections[persons.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def filter_first(in_scope: QuerySet[Person], terms: list[str]) -> bool:
    """Whether to find the matches through the trigram index and sort them (PostgreSQL, a name term of
    3+ characters matching few enough records of ``in_scope``, the viewer's persons) rather than walk the
    list order and filter it."""
    if connections[in_scope.db].vendor != "postgresql":
        return False
    terms = [t for t in terms if len(t) >= TRIGRAM_MIN_LENGTH and not is_number(t)]
    if not terms:
        return False
    candidates = in_scope
    for term in terms:
        candidates = candidates.filter(name_folded__contains=term)
    return _estimated_rows(candidates) <= FILTER_FIRST_MAX_ROWS
