"""Counts of persons and of persons served, read from the indicator facts, many counts in one statement.

A count definition (``hoanhap.plans.definitions.CountSpec``) becomes a ``Measure``: a condition on the rows
of ``IndicatorFact``, the same conditions ``hoanhap.plans.person_filters`` and ``hoanhap.plans.sources``
put on the registry, read on 31 December. ``count_measures`` counts all the measures of one unit and year
together:

1. one statement for the totals and the cells of the splits by sex, age group, disability type and
   severity (``COUNT(*) FILTER (WHERE …)`` per cell). Each measure's condition is evaluated once per row in
   a subquery (``OFFSET 0`` keeps PostgreSQL from copying it into every cell), the cells test its result;
2. one grouped by ethnic group and one by the rows' own commune, when some measure asks for those splits
   (communes are then added up by the unit below they fall in, in Python: a province has a few hundred);
3. the rows of the persons with several rows in the year (``shared``: served in more than one commune),
   read one by one — there are few, and a partial index finds them — to take off the repeats that counting
   rows counted: such a person counts once in the area, once in each unit below.

The statements are written here rather than through the ORM: with hundreds of FILTER cells, compiling
Django expressions cost more than running them. Every value goes in as a parameter.

What the facts cannot count (activities, campaigns, aggregate entries, a service type without a bit) has no
measure (``measure_of`` gives None) and is counted from the records by ``hoanhap.plans.counting``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection

from hoanhap.assessments.models import Severity
from hoanhap.core.scope import PATH_UPPER_BOUND
from hoanhap.people.models import Sex
from hoanhap.plans import definitions as d
from hoanhap.plans.areas import Area
from hoanhap.plans.counting import NONE, Counted, age_label
from hoanhap.plans.facts.build import GROUP_BITS, TYPE_BITS
from hoanhap.plans.facts.models import FactServiceType, IndicatorFact
from hoanhap.provision.models import ServiceType

FACT_DIMENSIONS = frozenset(d.DIMENSIONS)
_TABLE = IndicatorFact._meta.db_table
# The columns the splits read, in the order the rows of persons on several rows are read.
_ATTRIBUTES = ("sex", "birth_year", "severity", "disability_types", "ethnicity_id")


@dataclass(frozen=True)
class Sql:
    """A condition: SQL text with ``%s`` placeholders and their values."""

    text: str
    params: tuple[Any, ...] = ()

    def __and__(self, other: Sql) -> Sql:
        if not self.text:
            return other
        if not other.text:
            return self
        return Sql(f"({self.text} AND {other.text})", self.params + other.params)


TRUE = Sql("")


def _in(column: str, values: Iterable[Any]) -> Sql:
    values = tuple(values)
    return Sql(f"{column} IN ({', '.join(['%s'] * len(values))})", values)


def _has_bits(column: str, mask: int) -> Sql:
    return Sql(f"({column} & %s) <> 0", (mask,))


def _sql(condition: Sql) -> str:
    return condition.text or "1 = 1"


@dataclass(frozen=True)
class ServiceMasks:
    """The bit of each service type (by code) and the codes of each domain, read once per computation."""

    by_code: Mapping[str, int | None]  # None: the type has no bit
    by_domain: Mapping[str, tuple[str, ...]]

    def mask(self, domains: Sequence[str], codes: Sequence[str]) -> int | None:
        """The bits of the types matching both lists (an empty list matches all); None if one has none."""
        in_domains = {code for domain in domains for code in self.by_domain.get(domain, ())}
        bits = [
            self.by_code[code]
            for code in self.by_code
            if (not codes or code in codes) and (not domains or code in in_domains)
        ]
        if any(bit is None for bit in bits):
            return None
        return reduce(or_, (bit for bit in bits if bit is not None), 0)


def service_masks() -> ServiceMasks:
    bits = dict(FactServiceType.objects.values_list("service_type_id", "mask"))
    by_code: dict[str, int | None] = {}
    by_domain: dict[str, list[str]] = defaultdict(list)
    for pk, code, domain in ServiceType.objects.values_list("pk", "code", "domain"):
        by_code[code] = bits.get(pk)
        by_domain[domain].append(code)
    return ServiceMasks(by_code, {domain: tuple(codes) for domain, codes in by_domain.items()})


def _age_band(low: int | None, high: int | None, year: int) -> Sql:
    """Aged ``low`` to ``high`` on 31 December: born in ``year - high`` … ``year - low``."""
    condition = TRUE
    if low:
        condition &= Sql("birth_year <= %s", (year - low,))
    if high is not None:
        condition &= Sql("birth_year >= %s", (year - high,))
    return condition


def _in_band(birth_year: int, low: int | None, high: int | None, year: int) -> bool:
    age = year - birth_year
    return (not low or age >= low) and (high is None or age <= high)


def person_condition(filters: d.PersonFilters, year: int) -> Sql:
    """``hoanhap.plans.person_filters.filter_persons`` on the facts of ``year`` (whose rows hold only the
    persons existing on 31 December, with their status on that day)."""
    condition = TRUE
    if filters.age_min is not None or filters.age_max is not None:
        condition &= _age_band(filters.age_min, filters.age_max, year)
    if filters.sexes:
        condition &= _in("sex", filters.sexes)
    if filters.statuses:
        condition &= _in("status", filters.statuses)
    if filters.ethnicities:
        condition &= _in("ethnicity_id", filters.ethnicities)
    if filters.households:
        condition &= _in("household", filters.households)
    if filters.special_groups:
        condition &= _has_bits("special_groups", sum(GROUP_BITS[g] for g in filters.special_groups))
    if filters.severities:
        condition &= _in("severity", filters.severities)
    if filters.disability_types:
        condition &= _has_bits("disability_types", sum(TYPE_BITS[t] for t in filters.disability_types))
    if filters.determined:
        condition &= Sql("severity <> ''")
    return condition


@dataclass(frozen=True)
class Measure:
    key: Hashable
    condition: Sql
    once: bool  # rows may repeat a person: count each person once
    child_units: bool = False  # count the units below with at least one, not the persons
    dimensions: tuple[str, ...] = ()
    age_groups: tuple[tuple[int, int | None], ...] = ()

    def wants(self, dimension: str) -> bool:
        return dimension in self.dimensions or (dimension == d.UNIT and self.child_units)


def measure_of(
    count: d.CountSpec,
    *,
    key: Hashable,
    year: int,
    masks: ServiceMasks,
    dimensions: tuple[str, ...] = (),
    age_groups: tuple[tuple[int, int | None], ...] = (),
) -> Measure | None:
    """The measure counting ``count`` in ``year`` from the facts, or None when they cannot."""
    persons = person_condition(count.persons or d.PersonFilters(), year)
    if count.source == d.PERSONS:
        condition, once = Sql("registered") & persons, False
    elif count.source == d.SERVICE_RECORDS:
        mask = masks.mask(count.domains, count.service_types)
        if mask is None:
            return None
        condition, once = _has_bits("service_types", mask) & persons, True
    else:
        return None
    return Measure(
        key=key,
        condition=condition,
        once=once,
        child_units=count.count == d.COUNT_CHILD_UNITS,
        dimensions=tuple(dimension for dimension in dimensions if dimension in FACT_DIMENSIONS),
        age_groups=age_groups,
    )


# --- the cells of the splits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    dimension: str
    key: str
    condition: Sql


def _cells(measure: Measure, year: int) -> list[_Cell]:
    """The FILTER cells of ``measure``'s splits by sex, age group, type and severity. An age band takes
    those not in an earlier band, as the CASE of the count from the records does."""
    cells: list[_Cell] = []
    if measure.wants(d.SEX):
        cells.extend(_Cell(d.SEX, value, Sql("sex = %s", (value,))) for value in Sex.values)
    if measure.wants(d.AGE_GROUP):
        earlier: list[Sql] = []
        for low, high in measure.age_groups:
            band = _age_band(low, high, year)
            cells.append(_Cell(d.AGE_GROUP, age_label(low, high), band & _none_of(earlier)))
            earlier.append(band)
        cells.append(_Cell(d.AGE_GROUP, NONE, _none_of(earlier)))
    if measure.wants(d.TYPE):
        cells.extend(
            _Cell(d.TYPE, value, _has_bits("disability_types", bit)) for value, bit in TYPE_BITS.items()
        )
        cells.append(_Cell(d.TYPE, NONE, Sql("severity = ''")))
    if measure.wants(d.SEVERITY):
        cells.extend(
            _Cell(d.SEVERITY, value, Sql("severity = %s", (value,))) for value in [*Severity.values, NONE]
        )
    return cells


def _none_of(conditions: Sequence[Sql]) -> Sql:
    if not conditions:
        return TRUE
    text = " OR ".join(_sql(condition) for condition in conditions)
    return Sql(f"NOT ({text})", tuple(param for condition in conditions for param in condition.params))


def _band_of(measure: Measure, birth_year: int, year: int) -> str:
    for low, high in measure.age_groups:
        if _in_band(birth_year, low, high, year):
            return age_label(low, high)
    return NONE


# --- counting ----------------------------------------------------------------------------------------------


def _area(area: Area, year: int) -> Sql:
    ranges = [
        Sql("(unit_path >= %s AND unit_path < %s)", (prefix, prefix + PATH_UPPER_BOUND))
        for prefix in area.prefixes
    ]
    if area.leaves:
        ranges.append(_in("unit_path", area.leaves))
    within = Sql(
        "(" + " OR ".join(part.text for part in ranges) + ")",
        tuple(param for part in ranges for param in part.params),
    )
    return Sql("year = %s", (year,)) & within


def _flagged(measures: Sequence[Measure], where: Sql, columns: Sequence[str]) -> tuple[str, list[Any]]:
    """The rows of ``where`` with ``columns`` and each measure's condition evaluated once, as m0, m1 …"""
    flags = [f"CASE WHEN {_sql(m.condition)} THEN 1 ELSE 0 END AS m{i}" for i, m in enumerate(measures)]
    params = [param for measure in measures for param in measure.condition.params]
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    text = f"SELECT {', '.join([*columns, *flags])} FROM {_TABLE} WHERE {where.text}{fence}"  # noqa: S608
    return text, [*params, *where.params]


def _run(text: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        return list(cursor.fetchall())


def _totals(measures: Sequence[Measure], where: Sql, year: int) -> dict[Hashable, Counted]:
    columns: list[str] = []
    params: list[Any] = []
    layout: list[tuple[int, _Cell | None]] = []
    for i, measure in enumerate(measures):
        columns.append(f"SUM(m{i})")
        layout.append((i, None))
        for cell in _cells(measure, year):
            columns.append(f"COUNT(*) FILTER (WHERE m{i} = 1 AND {_sql(cell.condition)})")
            params.extend(cell.condition.params)
            layout.append((i, cell))
    if len(layout) == len(measures):  # no cells: each condition is evaluated once as it is
        columns = [f"COUNT(*) FILTER (WHERE {_sql(measure.condition)})" for measure in measures]
        params = [param for measure in measures for param in measure.condition.params]
        text = f"SELECT {', '.join(columns)} FROM {_TABLE} WHERE {where.text}"  # noqa: S608
        (row,) = _run(text, [*params, *where.params])
    else:
        inner, inner_params = _flagged(measures, where, ["sex", "birth_year", "severity", "disability_types"])
        (row,) = _run(f"SELECT {', '.join(columns)} FROM ({inner}) t", [*params, *inner_params])  # noqa: S608
    results = {measure.key: Counted(total=0) for measure in measures}
    for (i, place), value in zip(layout, row, strict=True):
        counted = results[measures[i].key]
        if place is None:
            counted.total = int(value or 0)
            continue
        cell = place
        split = counted.splits.setdefault(cell.dimension, Counter())
        if value:
            split[cell.key] = int(value)
    return results


def _grouped(measures: Sequence[Measure], where: Sql, column: str) -> dict[Hashable, Counter[str]]:
    """The counts of ``measures`` by ``column``, in one statement (each condition once per row already:
    no subquery needed)."""
    if not measures:
        return {}
    counts = ", ".join(f"COUNT(*) FILTER (WHERE {_sql(measure.condition)})" for measure in measures)
    params = [param for measure in measures for param in measure.condition.params]
    text = f"SELECT {column}, {counts} FROM {_TABLE} WHERE {where.text} GROUP BY {column}"  # noqa: S608
    found: dict[Hashable, Counter[str]] = {measure.key: Counter() for measure in measures}
    for key, *values in _run(text, [*params, *where.params]):
        for measure, value in zip(measures, values, strict=True):
            if value:
                found[measure.key][str(key) if key is not None else NONE] += int(value)
    return found


def _by_child(area: Area, by_path: Counter[str]) -> Counter[str]:
    """Counts by the rows' own communes, added up by the child unit each falls in (``NONE`` for the rest)."""
    split: Counter[str] = Counter()
    for path, count in by_path.items():
        split[area.child_of(path) or NONE] += count
    return split


def _take_off_repeats(
    results: dict[Hashable, Counted], measures: Sequence[Measure], where: Sql, area: Area, year: int
) -> None:
    """Count once the persons on several rows: read their rows in the area and take off, from the total
    and from every cell, the rows beyond the first of each person (beyond the first in each unit below,
    for the split by unit)."""
    once = [measure for measure in measures if measure.once]
    if not once:
        return
    inner, params = _flagged(
        once, where & Sql("shared = %s", (True,)), ["person_id", "unit_path", *_ATTRIBUTES]
    )
    by_person: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in _run(inner, params):
        by_person[row[0]].append(row)
    for i, measure in enumerate(once):
        counted = results[measure.key]
        flag = 2 + len(_ATTRIBUTES) + i
        for rows in by_person.values():
            matched = [row for row in rows if row[flag]]
            if len(matched) > 1:
                _take_off(counted, measure, matched, area, year)


def _take_off(counted: Counted, measure: Measure, rows: list[tuple[Any, ...]], area: Area, year: int) -> None:
    extra = len(rows) - 1
    counted.total -= extra
    sex, birth_year, severity, types, ethnicity = rows[0][2:7]  # the same on every row of the person
    keys = {d.SEX: [sex], d.SEVERITY: [severity or NONE], d.ETHNICITY: [ethnicity or NONE]}
    keys[d.AGE_GROUP] = [_band_of(measure, birth_year, year)]
    keys[d.TYPE] = [value for value, bit in TYPE_BITS.items() if types & bit] if severity else [NONE]
    for dimension, split in counted.splits.items():
        if dimension == d.UNIT:
            children = Counter(area.child_of(row[1]) or NONE for row in rows)
            split.subtract(Counter({child: n - 1 for child, n in children.items() if n > 1}))
        else:
            split.subtract(Counter(dict.fromkeys(keys[dimension], extra)))
        counted.splits[dimension] = +split  # zeros left out, as everywhere


def count_measures(measures: Sequence[Measure], *, area: Area, year: int) -> dict[Hashable, Counted]:
    """The totals and splits of ``measures`` in ``area`` for ``year`` (module docstring)."""
    if not measures:
        return {}
    where = _area(area, year)
    by_unit = [measure for measure in measures if measure.wants(d.UNIT)] if area.children else []
    if by_unit and not any(_cells(measure, year) for measure in measures):
        # Totals are the sums by commune: the statement by commune serves for both.
        by_path = _grouped(measures, where, "unit_path")
        results = {m.key: Counted(total=sum(by_path[m.key].values())) for m in measures}
    else:
        results = _totals(measures, where, year)
        by_path = _grouped(by_unit, where, "unit_path")
    for measure in by_unit:
        results[measure.key].splits[d.UNIT] = _by_child(area, by_path[measure.key])
    if not area.children:  # a commune: everything is in the "rest" cell, no statement needed
        for measure in measures:
            if measure.wants(d.UNIT):
                results[measure.key].splits[d.UNIT] = +Counter({NONE: results[measure.key].total})
    by_ethnicity = [measure for measure in measures if measure.wants(d.ETHNICITY)]
    for key, split in _grouped(by_ethnicity, where, "ethnicity_id").items():
        results[key].splits[d.ETHNICITY] = split
    _take_off_repeats(results, measures, where, area, year)
    for measure in measures:
        if measure.child_units:
            units = results[measure.key].splits.get(d.UNIT, Counter())
            present = Counter({key: 1 for key, n in units.items() if key and n})
            results[measure.key] = Counted(
                total=len(present), splits=dict.fromkeys(measure.dimensions, present)
            )
    return results
