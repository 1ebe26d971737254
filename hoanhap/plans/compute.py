"""The value of an indicator for one unit (of either edition) and one period, with its disaggregations.

Counts of persons and of persons served in a whole year are read from the indicator facts when the year is
built (``hoanhap.plans.facts``): all the figures asked for together cost at most three statements. The rest
(quarters and months, activities, campaigns, aggregate entries) is counted from the records, one statement
for each count's total and one per disaggregation (``hoanhap.plans.counting``) — unless the area holds no
row of that source at all, found by one existence check per source. Resolving the area takes
three or four more, which callers computing for one unit many times resolve once with ``area_of``. Nothing
here checks who is asking: ``hoanhap.plans.figures`` does, and suppresses small counts for viewers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.campaigns.progress import share
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Ethnicity, Sex
from hoanhap.plans import definitions as d
from hoanhap.plans.areas import Area, area_of
from hoanhap.plans.counting import NONE, Counted, age_label, splits, total
from hoanhap.plans.facts.counting import Measure, count_measures, measure_of, service_masks
from hoanhap.plans.facts.reading import facts_cover
from hoanhap.plans.models import IndicatorDefinition
from hoanhap.plans.periods import Period
from hoanhap.plans.sources import Counting, counting_for, refuse_uncountable, source_present


@dataclass(frozen=True)
class Cell:
    """One figure: its numerator, denominator (None for a count indicator) and value (the percentage, or
    the count). ``suppressed`` marks a cell whose small counts are withheld from the viewer."""

    key: str
    label: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    suppressed: bool = False


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    name: str
    unit: AdminUnit
    period: Period
    is_percentage: bool
    total: Cell
    breakdowns: dict[str, tuple[Cell, ...]] = field(default_factory=dict)
    # The figure counts units ("districts with a service network"), not persons: nothing to withhold.
    counts_units: bool = False


def _value(numerator: int | None, denominator: int | None, is_percentage: bool) -> Decimal | None:
    if numerator is None:
        return None
    if is_percentage:
        return share(numerator, denominator or 0)
    return Decimal(numerator)


def cell(key: str, label: str, numerator: int | None, denominator: int | None, is_percentage: bool) -> Cell:
    return Cell(key, label, numerator, denominator, _value(numerator, denominator, is_percentage))


def _none_label(dimension: str) -> str:
    if dimension in (d.TYPE, d.SEVERITY):
        return _("No determination")
    if dimension == d.AGE_GROUP:
        return _("Other ages")
    if dimension == d.UNIT:
        return _("Not in a unit below")
    return _("Not recorded")


def _labels(dimension: str, keys: set[str], area: Area, spec: d.IndicatorSpec) -> list[tuple[str, str]]:
    """The cells of a split, in reading order, with their labels: every category of a fixed list (so a zero
    shows), the ethnic groups present, and last the rest ("none": no determination, other ages, not in a
    unit below) when there is any."""
    if dimension == d.SEX:
        pairs = [(str(value), str(label)) for value, label in Sex.choices]
    elif dimension == d.AGE_GROUP:
        pairs = [(age_label(low, high),) * 2 for low, high in spec.age_groups]
    elif dimension == d.TYPE:
        pairs = [(str(value), str(label)) for value, label in DisabilityType.choices]
    elif dimension == d.SEVERITY:
        pairs = [(str(value), str(label)) for value, label in Severity.choices]
    elif dimension == d.ETHNICITY:
        names = dict(Ethnicity.objects.filter(code__in=keys - {NONE}).values_list("code", "name"))
        pairs = [(code, names.get(code, code)) for code in sorted(keys - {NONE})]
    else:
        pairs = [(child.path, child.name) for child in area.children]
    known = {key for key, _label in pairs}
    pairs.extend((key, key) for key in sorted(keys - known - {NONE}))
    if NONE in keys:
        pairs.append((NONE, _none_label(dimension)))
    return pairs


def _splits(
    spec: d.IndicatorSpec,
    count: d.CountSpec,
    counting: Counting,
    whole: int,
    wanted: tuple[str, ...],
    area: Area,
    period: Period,
) -> dict[str, Counter[str]]:
    """The splits of one count by the ``wanted`` dimensions its source allows."""
    dimensions = tuple(dimension for dimension in wanted if dimension in count.dimensions)
    if not dimensions:
        return {}
    return splits(counting, dimensions, area=area, day=period.end, age_groups=spec.age_groups, whole=whole)


def _breakdown(
    spec: d.IndicatorSpec, dimension: str, area: Area, tops: Counter[str], bottoms: Counter[str] | None
) -> tuple[Cell, ...]:
    """The cells of one split. The denominator is split too when its source allows it; otherwise the
    cells carry the numerator only (a count of trained staff by sex, over staff reported as one figure)."""
    # The "none" cell shows only when someone is in it.
    keys = {key for key in set(tops) | set(bottoms or ()) if key or tops[key] or (bottoms or Counter())[key]}
    return tuple(
        cell(
            key,
            label,
            tops.get(key, 0),
            bottoms.get(key, 0) if bottoms is not None else None,
            spec.is_percentage,
        )
        for key, label in _labels(dimension, keys, area, spec)
    )


@dataclass(frozen=True)
class Figure:
    """What to compute: a definition (possibly unsaved), with the code and name its value carries."""

    spec: d.IndicatorSpec
    code: str = ""
    name: str = ""


def _from_records(
    spec: d.IndicatorSpec, count: d.CountSpec, area: Area, period: Period, wanted: tuple[str, ...]
) -> Counted:
    counting = counting_for(count, area, period)
    whole = total(counting, area)
    return Counted(whole, _splits(spec, count, counting, whole, wanted, area, period))


def _wanted(spec: d.IndicatorSpec, dimensions: tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(
        dimension
        for dimension in (spec.disaggregations if dimensions is None else dimensions)
        if dimension in spec.disaggregations
    )


def _counts(
    figures: Sequence[Figure], area: Area, period: Period, dimensions: tuple[str, ...] | None
) -> dict[tuple[int, str], Counted]:
    """The total and splits of every numerator and denominator of ``figures``: those the indicator facts
    hold counted together (``hoanhap.plans.facts.counting``), the others from the records."""
    masks = service_masks() if facts_cover(period) else None
    measures: list[Measure] = []
    counted: dict[tuple[int, str], Counted] = {}
    present: dict[str, bool] = {}
    for index, figure in enumerate(figures):
        wanted = _wanted(figure.spec, dimensions)
        for part, count in (("numerator", figure.spec.numerator), ("denominator", figure.spec.denominator)):
            if count is None or count.source == d.CHILD_UNITS:
                continue
            split_by = tuple(dimension for dimension in wanted if dimension in count.dimensions)
            measure = None
            if masks is not None:
                measure = measure_of(
                    count,
                    key=(index, part),
                    year=period.year,
                    masks=masks,
                    dimensions=split_by,
                    age_groups=figure.spec.age_groups,
                )
            if measure is not None:
                measures.append(measure)
                continue
            if count.source not in present:
                present[count.source] = source_present(count.source, area)
            if present[count.source]:
                counted[(index, part)] = _from_records(figure.spec, count, area, period, wanted)
            else:
                refuse_uncountable(count, period)  # rows or not, a count by month of yearly entries
                counted[(index, part)] = Counted(0, {dimension: Counter() for dimension in split_by})
    for key, value in count_measures(measures, area=area, year=period.year).items():
        counted[key] = value  # type: ignore[index]
    return counted


def _assemble(
    figure: Figure,
    unit: AdminUnit,
    area: Area,
    period: Period,
    wanted: tuple[str, ...],
    top: Counted,
    bottom: Counted | None,
) -> IndicatorValue:
    spec = figure.spec
    denominator: int | None = None
    bottoms: dict[str, Counter[str]] = {}
    if spec.denominator is not None and spec.denominator.source == d.CHILD_UNITS:
        denominator = len(area.children)
        bottoms = {d.UNIT: Counter({child.path: 1 for child in area.children})}
    elif bottom is not None:
        denominator = bottom.total
        bottoms = bottom.splits
    breakdowns = {
        dimension: _breakdown(spec, dimension, area, top.splits[dimension], bottoms.get(dimension))
        for dimension in wanted
    }
    return IndicatorValue(
        code=figure.code,
        name=figure.name,
        unit=unit,
        period=period,
        is_percentage=spec.is_percentage,
        total=cell("", figure.name, top.total, denominator, spec.is_percentage),
        breakdowns=breakdowns,
        counts_units=spec.numerator.count == d.COUNT_CHILD_UNITS,
    )


def compute_figures(
    *,
    figures: Sequence[Figure],
    unit: AdminUnit,
    period: Period,
    dimensions: tuple[str, ...] | None = None,
    area: Area | None = None,
) -> list[IndicatorValue]:
    """The values of ``figures`` for one unit and period, in the order given; ``dimensions`` limits the
    splits (all those each definition allows by default, none with ``()``). Counted together: a
    dashboard's figures cost a few statements over the indicator facts, not a few per figure."""
    area = area or area_of(unit)
    counted = _counts(figures, area, period, dimensions)
    return [
        _assemble(
            figure,
            unit,
            area,
            period,
            _wanted(figure.spec, dimensions),
            counted[(index, "numerator")],
            counted.get((index, "denominator")),
        )
        for index, figure in enumerate(figures)
    ]


def compute_spec(
    *,
    spec: d.IndicatorSpec,
    unit: AdminUnit,
    period: Period,
    dimensions: tuple[str, ...] | None = None,
    area: Area | None = None,
    code: str = "",
    name: str = "",
) -> IndicatorValue:
    """The value of a (possibly unsaved) definition: what the editor's preview shows."""
    return compute_figures(
        figures=[Figure(spec, code, name)], unit=unit, period=period, dimensions=dimensions, area=area
    )[0]


def compute_indicator(
    *,
    indicator: IndicatorDefinition,
    unit: AdminUnit,
    period: Period,
    dimensions: tuple[str, ...] | None = None,
    area: Area | None = None,
) -> IndicatorValue:
    """The value of a saved indicator for ``unit`` and ``period``; ``dimensions`` limits the splits (all
    those the definition allows by default, none with ``()``)."""
    return compute_spec(
        spec=d.spec_of(indicator),
        unit=unit,
        period=period,
        dimensions=dimensions,
        area=area,
        code=indicator.code,
        name=indicator.name,
    )
