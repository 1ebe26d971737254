"""Numbers from a ``Counting``: the total in one statement, and the splits in at most three more (the
person's attributes together, their disability, the units below) — GROUP BY in the database, never a loop
over rows. Head-counts of activities add a statement where they count.

Keys of a split: sex codes; age-band labels ("0–5", "60+"); disability types and severities with ``NONE``
for persons without a determination on the day (a person may have several types, so the type split does not
add up to the total); ethnicity codes; for units, the path of the child unit, with ``NONE`` for rows placed
at the unit itself or in a former unit that cannot be divided (``hoanhap.plans.areas``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When

from hoanhap.assessments.models import DisabilityDetermination, DisabilityType, Severity
from hoanhap.plans import definitions as d
from hoanhap.plans.areas import Area
from hoanhap.plans.person_filters import age_band, determination_on, outer_ref, prefix
from hoanhap.plans.sources import Counting

NONE = ""


@dataclass
class Counted:
    """The total of one count and its splits (dimension → key → count), however it was counted."""

    total: int
    splits: dict[str, Counter[str]] = field(default_factory=dict)


# On PostgreSQL, the latest determinations by DISTINCT ON (the benchmark turns it off to compare).
LATEST_BY_DISTINCT_ON = True


def age_label(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else f"{low}–{high}"


def _count(counting: Counting) -> Count | Sum:
    if counting.sum_field:
        return Sum(counting.sum_field)
    return Count(counting.counted, distinct=True)


def _grouped(rows: QuerySet, key: object, counting: Counting) -> Counter[str]:
    expression = F(key) if isinstance(key, str) else key
    grouped = rows.order_by().annotate(_key=expression).values("_key").annotate(n=_count(counting))
    return Counter({str(row["_key"] if row["_key"] is not None else NONE): row["n"] or 0 for row in grouped})


def _heads_grouped(counting: Counting, key: object) -> Counter[str]:
    if counting.heads is None:
        return Counter()
    expression = F(key) if isinstance(key, str) else key
    grouped = counting.heads.order_by().annotate(_key=expression).values("_key").annotate(n=Sum("count"))
    return Counter({str(row["_key"]): row["n"] or 0 for row in grouped})


def by_child_unit(counting: Counting, area: Area) -> Counter[str]:
    """Counts per child unit of the area (``NONE`` for the rest), head-counts included."""
    children = {child.path for child in area.children}
    found = _grouped(counting.rows, area.child_key(counting.path_field), counting)
    found += _heads_grouped(counting, area.child_key("activity__unit_path"))
    split: Counter[str] = Counter()
    for key, count in found.items():
        split[key if key in children else NONE] += count
    return split


def total(counting: Counting, area: Area) -> int:
    if counting.child_units:
        return sum(1 for key, count in by_child_unit(counting, area).items() if key and count)
    rows = counting.rows.order_by()
    found = rows.aggregate(n=_count(counting))["n"] or 0
    if counting.heads is not None:
        found += counting.heads.aggregate(n=Sum("count"))["n"] or 0
    return int(found)


def determinations_by_probe(counting: Counting, day: date) -> QuerySet[DisabilityDetermination]:
    """The determination in force on ``day`` of each person counted (one per person): one index probe
    per row counted. What SQLite runs."""
    ids = counting.rows.order_by().annotate(_det=determination_on(day, counting.person or "")).values("_det")
    return DisabilityDetermination.objects.filter(pk__in=ids)


def determinations_distinct_on(counting: Counting, day: date) -> QuerySet[DisabilityDetermination]:
    """The same on PostgreSQL: the latest determination of each person counted by ``DISTINCT ON``, one
    pass over their determinations instead of a probe per row (bench/indicators.py measures both)."""
    persons = counting.rows.order_by().values(outer_ref(counting.person or ""))
    latest = (
        DisabilityDetermination.objects.filter(person_id__in=persons, decided_on__lte=day)
        .order_by("person_id", "-decided_on", "-id")
        .distinct("person_id")
        .values("pk")
    )
    return DisabilityDetermination.objects.filter(pk__in=latest)


def _determinations(counting: Counting, day: date) -> QuerySet[DisabilityDetermination]:
    if connection.vendor == "postgresql" and LATEST_BY_DISTINCT_ON:
        return determinations_distinct_on(counting, day)
    return determinations_by_probe(counting, day)


def _by_determination(counting: Counting, day: date, whole: int) -> dict[str, Counter[str]]:
    """Severity and type in one statement over the determinations in force of the persons counted."""
    counts = {f"severity_{value}": Count("pk", filter=Q(severity=value)) for value in Severity.values}
    counts.update(
        {f"type_{value}": Count("pk", filter=Q(**{value: True})) for value in DisabilityType.values}
    )
    found = _determinations(counting, day).aggregate(_determined=Count("pk"), **counts)
    undetermined = whole - found["_determined"]
    severity = Counter({value: found[f"severity_{value}"] for value in Severity.values})
    types = Counter({value: found[f"type_{value}"] for value in DisabilityType.values})
    severity[NONE] = types[NONE] = undetermined
    return {d.SEVERITY: severity, d.TYPE: types}


def _by_attributes(
    counting: Counting, dimensions: list[str], day: date, age_groups: tuple[tuple[int, int | None], ...]
) -> dict[str, Counter[str]]:
    """Sex, ethnic group and age group in one GROUP BY: each person has one of each, so the groups'
    distinct counts add up exactly to each dimension's."""
    person = counting.person or ""
    p = prefix(person)
    bands = [
        When(age_band(low, high, day, person), then=Value(age_label(low, high))) for low, high in age_groups
    ]
    expressions = {
        d.SEX: F(f"{p}sex"),
        d.ETHNICITY: F(f"{p}ethnicity_id"),
        d.AGE_GROUP: Case(*bands, default=Value(NONE)),
    }
    keys = {dimension: f"_by_{dimension}" for dimension in dimensions}
    rows = (
        counting.rows.order_by()
        .annotate(**{keys[dimension]: expressions[dimension] for dimension in dimensions})
        .values(*keys.values())
        .annotate(n=_count(counting))
    )
    found: dict[str, Counter[str]] = {dimension: Counter() for dimension in dimensions}
    for row in rows:
        for dimension, key in keys.items():
            found[dimension][str(row[key] or NONE)] += row["n"] or 0
    if d.SEX in found:
        found[d.SEX] += _heads_grouped(counting, "sex")
    return found


def splits(
    counting: Counting,
    dimensions: tuple[str, ...],
    *,
    area: Area,
    day: date,
    age_groups: tuple[tuple[int, int | None], ...],
    whole: int,
) -> dict[str, Counter[str]]:
    """The counts by each of ``dimensions``, in at most three statements (the person's attributes, their
    disability, the units below); ``whole`` is the total already counted, for the ``NONE`` cells."""
    found: dict[str, Counter[str]] = {}
    if counting.child_units:
        units = by_child_unit(counting, area)
        return {
            dimension: Counter({key: 1 for key, n in units.items() if key and n}) for dimension in dimensions
        }
    if d.UNIT in dimensions:
        # A commune has no units below: everything is in the "rest" cell, no statement needed.
        found[d.UNIT] = by_child_unit(counting, area) if area.children else +Counter({NONE: whole})
    if counting.person is None:
        if d.SEX in dimensions:
            found[d.SEX] = _grouped(counting.rows, counting.sex_field, counting) + _heads_grouped(
                counting, "sex"
            )
    else:
        attributes = [dimension for dimension in dimensions if dimension in (d.SEX, d.ETHNICITY, d.AGE_GROUP)]
        if attributes:
            found.update(_by_attributes(counting, attributes, day, age_groups))
        if d.TYPE in dimensions or d.SEVERITY in dimensions:
            found.update(_by_determination(counting, day, whole))
    missing = [dimension for dimension in dimensions if dimension not in found]
    if missing:
        raise ValueError(f"cannot split by {missing[0]}")
    return {dimension: found[dimension] for dimension in dimensions}
