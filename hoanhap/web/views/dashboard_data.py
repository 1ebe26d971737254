"""What a dashboard shows for one unit and one period, as tables the page prints beside its charts and the
XLSX export writes: the targets of the plans covering the unit with their status, the trend of one indicator
over the last periods, its comparison across the unit's communes (with their coordinates, for the map) and
its disaggregations.

Every figure comes from ``hoanhap.plans.figures`` (so small counts are withheld from viewers there); this
module only arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.plans import definitions as d
from hoanhap.plans.areas import Area
from hoanhap.plans.compute import Cell, IndicatorValue
from hoanhap.plans.figures import area_for_viewer, indicator_figure, indicator_values
from hoanhap.plans.models import IndicatorDefinition, PeriodType, Plan, PlanStatus, Target
from hoanhap.plans.periods import Period
from hoanhap.plans.selectors import plans_visible, targets_for
from hoanhap.plans.status import LABELS, TAG_CLASSES, target_status

TREND_LENGTH: dict[str, int] = {PeriodType.YEAR: 5, PeriodType.QUARTER: 4, PeriodType.MONTH: 6}
BREAKDOWNS = (d.SEX, d.AGE_GROUP, d.TYPE, d.SEVERITY)


def dimension_label(dimension: str) -> str:
    return {
        d.SEX: _("Sex"),
        d.AGE_GROUP: _("Age group"),
        d.TYPE: _("Type of disability"),
        d.SEVERITY: _("Severity"),
    }[dimension]


@dataclass
class Table:
    """One data table: printed in the page beside its chart and written to XLSX as is."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any] | None = None


@dataclass
class TargetRow:
    target: Target
    plan: Plan
    value: Cell
    status: str | None

    @property
    def status_label(self) -> str:
        return str(LABELS[self.status]) if self.status else ""

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self.status] if self.status else ""


@dataclass
class Dashboard:
    unit: AdminUnit
    period: Period
    targets: list[TargetRow]
    indicators: list[IndicatorDefinition]
    indicator: IndicatorDefinition | None
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)

    @property
    def charts(self) -> list[dict[str, Any]]:
        return [table.chart for table in self.tables if table.chart is not None]


def previous_periods(period: Period) -> list[Period]:
    """The periods of the trend, oldest first, ending with ``period``."""
    periods = [period]
    for _index in range(TREND_LENGTH.get(period.type, 5) - 1):
        last = periods[0]
        if last.type == PeriodType.QUARTER:
            before = (
                Period(last.type, last.year - 1, 4)
                if last.number == 1
                else replace(last, number=last.number - 1)
            )
        elif last.type == PeriodType.MONTH:
            before = (
                Period(last.type, last.year - 1, 12)
                if last.number == 1
                else replace(last, number=last.number - 1)
            )
        else:
            before = Period(last.type, last.year - 1)
        periods.insert(0, before)
    return periods


def plans_covering(*, viewer: Viewer, unit: AdminUnit, year: int) -> list[Plan]:
    """The issued plans the viewer may read whose area holds ``unit`` and whose period holds ``year``."""
    parts = [part for part in unit.path.split("/") if part]
    paths = ["", *("/" + "/".join(parts[:depth]) + "/" for depth in range(2, len(parts) + 1))]
    return list(
        plans_visible(viewer=viewer)
        .filter(
            Q(area_path__in=paths), status=PlanStatus.ISSUED, period_start__lte=year, period_end__gte=year
        )
        .order_by("period_start", "id")
    )


def number(value: Decimal | None) -> float | int | None:
    """A figure as JSON and XLSX take it."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def shown(cell: Cell, withheld: str) -> Any:
    """What a table prints for a cell: the value, "withheld", or nothing when unknown."""
    if cell.suppressed:
        return withheld
    return number(cell.value)


def _series_chart(
    *, key: str, kind: str, title: str, description: str, cells: list[tuple[str, Cell]], percent: bool
) -> dict[str, Any]:
    return {
        "id": f"chart-{key}",
        "kind": kind,
        "title": title,
        "description": description,
        "categories": [label for label, _cell in cells],
        "values": [None if c.suppressed else number(c.value) for _label, c in cells],
        "percent": percent,
    }


def _describe(title: str, cells: list[tuple[str, Cell]], percent: bool, withheld: str) -> str:
    parts = []
    for label, c in cells:
        value = shown(c, withheld)
        text = "–" if value is None else f"{value}{' %' if percent and not c.suppressed else ''}"
        parts.append(f"{label}: {text}")
    return f"{title}. " + "; ".join(parts) + "."


def _value_headers(percent: bool) -> list[str]:
    if percent:
        return [_("Value (%)"), _("Numerator"), _("Denominator")]
    return [_("Value")]


def _value_cells(cell: Cell, percent: bool, withheld: str) -> list[Any]:
    if percent:
        top = withheld if cell.suppressed and cell.numerator is None else cell.numerator
        bottom = withheld if cell.suppressed and cell.denominator is None else cell.denominator
        return [shown(cell, withheld), top, bottom]
    return [shown(cell, withheld)]


def build_dashboard(
    *, viewer: Viewer, unit: AdminUnit, period: Period, indicator_code: str = ""
) -> Dashboard:
    """The dashboard of ``unit`` for ``period`` as ``viewer`` may see it (``PermissionDenied`` when the unit
    is outside the viewer's area)."""
    area = area_for_viewer(viewer=viewer, unit=unit)
    withheld = _("withheld")
    rows: list[TargetRow] = []
    for plan in plans_covering(viewer=viewer, unit=unit, year=period.year):
        for target in targets_for(plan=plan, unit=unit, year=period.year):
            target.objective.plan = plan
            rows.append(
                TargetRow(target=target, plan=plan, value=Cell("", "", None, None, None), status=None)
            )
    indicators = list({row.target.indicator.code: row.target.indicator for row in rows}.values())
    values = indicator_values(
        viewer=viewer, indicators=indicators, unit=unit, period=period, dimensions=(), area=area
    )
    for row in rows:
        value = values[row.target.indicator.code]
        row.value = value.total if value is not None else Cell("", "", None, None, None)
        row.status = target_status(target=row.target, value=row.value.value, period=period)
    chosen = next((i for i in indicators if i.code == indicator_code), indicators[0] if indicators else None)
    dashboard = Dashboard(unit=unit, period=period, targets=rows, indicators=indicators, indicator=chosen)
    dashboard.tables.append(_targets_table(rows, withheld))
    if chosen is not None:
        _indicator_tables(dashboard, viewer, chosen, area, withheld)
    return dashboard


def _figure(
    viewer: Viewer,
    indicator: IndicatorDefinition,
    unit: AdminUnit,
    period: Period,
    area: Area,
    dimensions: tuple[str, ...] | None,
) -> IndicatorValue:
    spec = d.spec_of(indicator)
    if dimensions and d.UNIT in dimensions and d.UNIT not in spec.disaggregations:
        # The comparison across communes is always wanted, whether or not the definition lists it.
        spec = replace(spec, disaggregations=(*spec.disaggregations, d.UNIT))
    return indicator_figure(
        viewer=viewer,
        spec=spec,
        unit=unit,
        period=period,
        dimensions=dimensions,
        area=area,
        code=indicator.code,
        name=indicator.name,
    )


def _targets_table(rows: list[TargetRow], withheld: str) -> Table:
    return Table(
        key="targets",
        caption=_("Targets and where the unit stands"),
        headers=[_("Plan"), _("Objective"), _("Indicator"), _("Target"), _("Current value"), _("Status")],
        rows=[
            [
                row.plan.number or row.plan.title,
                row.target.objective.code,
                row.target.indicator.name,
                str(row.target),
                shown(row.value, withheld),
                row.status_label,
            ]
            for row in rows
        ],
    )


def _indicator_tables(
    dashboard: Dashboard, viewer: Viewer, indicator: IndicatorDefinition, area: Area, withheld: str
) -> None:
    unit, period = dashboard.unit, dashboard.period
    percent = indicator.is_percentage
    name = indicator.name
    trend = [
        (p.label, _figure(viewer, indicator, unit, p, area, dimensions=()).total)
        for p in previous_periods(period)
    ]
    title = _("%(indicator)s in %(unit)s, by period") % {"indicator": name, "unit": unit.name}
    dashboard.tables.append(
        Table(
            key="trend",
            caption=title,
            headers=[_("Period"), *_value_headers(percent)],
            rows=[[label, *_value_cells(c, percent, withheld)] for label, c in trend],
            chart=_series_chart(
                key="trend",
                kind="line",
                title=title,
                description=_describe(title, trend, percent, withheld),
                cells=trend,
                percent=percent,
            ),
        )
    )
    figure = _figure(viewer, indicator, unit, period, area, dimensions=(d.UNIT, *BREAKDOWNS))
    _communes_table(dashboard, figure, area, percent, withheld)
    for dimension in BREAKDOWNS:
        cells = figure.breakdowns.get(dimension)
        if not cells:
            continue
        label = dimension_label(dimension)
        title = _("%(indicator)s in %(unit)s, %(period)s, by %(dimension)s") % {
            "indicator": name,
            "unit": unit.name,
            "period": period.label,
            "dimension": label.lower(),
        }
        pairs = [(c.label, c) for c in cells]
        dashboard.tables.append(
            Table(
                key=f"by-{dimension}",
                caption=title,
                headers=[label, *_value_headers(percent)],
                rows=[[c.label, *_value_cells(c, percent, withheld)] for c in cells],
                chart=_series_chart(
                    key=f"by-{dimension}",
                    kind="bar",
                    title=title,
                    description=_describe(title, pairs, percent, withheld),
                    cells=pairs,
                    percent=percent,
                ),
            )
        )


def _communes_table(
    dashboard: Dashboard, figure: IndicatorValue, area: Area, percent: bool, withheld: str
) -> None:
    cells = [c for c in figure.breakdowns.get(d.UNIT, ()) if c.key in {child.path for child in area.children}]
    if not cells:
        return
    places = {
        unit.path: unit
        for unit in AdminUnit.objects.filter(path__in=[c.key for c in cells]).only(
            "path", "code", "latitude", "longitude"
        )
    }
    title = _("%(indicator)s in the communes of %(unit)s, %(period)s") % {
        "indicator": figure.name,
        "unit": dashboard.unit.name,
        "period": dashboard.period.label,
    }
    pairs = [(c.label, c) for c in cells]
    points = []
    for c in cells:
        place = places.get(c.key)
        if place is not None and place.latitude is not None and place.longitude is not None:
            value = None if c.suppressed else number(c.value)
            points.append([float(place.longitude), float(place.latitude), value, c.label])
    chart = _series_chart(
        key="communes",
        kind="map",
        title=title,
        description=_describe(title, pairs, percent, withheld),
        cells=pairs,
        percent=percent,
    )
    chart["points"] = points
    dashboard.tables.append(
        Table(
            key="communes",
            caption=title,
            headers=[_("Commune"), _("Code"), *_value_headers(percent), _("Latitude"), _("Longitude")],
            rows=[
                [
                    c.label,
                    places[c.key].code if c.key in places else "",
                    *_value_cells(c, percent, withheld),
                    number(places[c.key].latitude) if c.key in places else None,
                    number(places[c.key].longitude) if c.key in places else None,
                ]
                for c in cells
            ],
            chart=chart if points else None,
        )
    )
