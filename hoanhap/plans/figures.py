"""Indicator figures as a viewer may see them: inside their area, small counts withheld from those without
access to personal data, and the persons behind a figure only for those with it.

These are what pages and the API call; ``hoanhap.plans.compute`` counts without asking who is looking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person
from hoanhap.people.selectors import PERSONAL_DATA, person_queryset
from hoanhap.plans import definitions as d
from hoanhap.plans.areas import Area, area_of, current_area_path
from hoanhap.plans.compute import Figure, IndicatorValue, compute_figures, compute_spec
from hoanhap.plans.models import IndicatorDefinition
from hoanhap.plans.periods import Period
from hoanhap.plans.person_filters import outer_ref
from hoanhap.plans.sources import counting_for
from hoanhap.plans.suppression import suppress, threshold_on

VIEW = "plans.view"


def area_for_viewer(*, viewer: Viewer, unit: AdminUnit) -> Area:
    """The area of ``unit`` if the viewer's scope covers all of it (a former district counts the persons
    of several current communes: the viewer must reach each); ``PermissionDenied`` otherwise."""
    if not viewer.has_capability(VIEW):
        raise PermissionDenied
    area = area_of(unit)
    # A former commune whose successor kept another commune's code has no current commune of its own: the
    # viewer must then reach its successors.
    paths = area.current_paths() or tuple(path for path in [current_area_path(unit)] if path)
    if not viewer.scope.everything and (not paths or not all(viewer.scope.covers(path) for path in paths)):
        raise PermissionDenied
    return area


def indicator_figure(
    *,
    viewer: Viewer,
    spec: d.IndicatorSpec,
    unit: AdminUnit,
    period: Period,
    dimensions: tuple[str, ...] | None = None,
    threshold: int | None = None,
    area: Area | None = None,
    code: str = "",
    name: str = "",
) -> IndicatorValue:
    """The figure of ``spec`` for ``unit`` and ``period`` as ``viewer`` may see it. Counts below
    ``threshold`` (by default the rule in force today) are withheld unless the viewer may see personal data.
    ``area`` is the result of ``area_for_viewer`` when the caller computes several figures for one unit."""
    area = area or area_for_viewer(viewer=viewer, unit=unit)
    value = compute_spec(
        spec=spec, unit=unit, period=period, dimensions=dimensions, area=area, code=code, name=name
    )
    return _as_seen(viewer, value, threshold)


def _as_seen(viewer: Viewer, value: IndicatorValue, threshold: int | None = None) -> IndicatorValue:
    """``value`` with its small counts withheld, unless the viewer may see personal data."""
    if viewer.has_capability(PERSONAL_DATA):
        return value
    return suppress(value, threshold if threshold is not None else threshold_on(timezone.localdate()))


def indicator_values(
    *,
    viewer: Viewer,
    indicators: Sequence[IndicatorDefinition],
    unit: AdminUnit,
    period: Period,
    dimensions: tuple[str, ...] | None = None,
    area: Area | None = None,
) -> dict[str, IndicatorValue | None]:
    """The figures of several saved indicators for one unit and period, by code, counted together (a
    dashboard's targets: a few statements over the indicator facts in all), small counts withheld as
    ``indicator_figure`` withholds them. An indicator that cannot be counted for this unit or period (an
    aggregate entry by month) is None."""
    area = area or area_for_viewer(viewer=viewer, unit=unit)
    figures = [Figure(d.spec_of(indicator), indicator.code, indicator.name) for indicator in indicators]
    try:
        values: list[IndicatorValue | None] = list(
            compute_figures(figures=figures, unit=unit, period=period, dimensions=dimensions, area=area)
        )
    except ApplicationError:  # one of them cannot be counted: each on its own, to tell which
        values = []
        for figure in figures:
            try:
                values.extend(
                    compute_figures(
                        figures=[figure], unit=unit, period=period, dimensions=dimensions, area=area
                    )
                )
            except ApplicationError:
                values.append(None)
    # The rule in force is read once for all the figures.
    threshold = None if viewer.has_capability(PERSONAL_DATA) else threshold_on(timezone.localdate())
    return {
        indicator.code: _as_seen(viewer, value, threshold) if value is not None else None
        for indicator, value in zip(indicators, values, strict=True)
    }


def indicator_value(
    *,
    viewer: Viewer,
    indicator: IndicatorDefinition,
    unit: AdminUnit,
    period: Period,
    dimensions: tuple[str, ...] | None = None,
    threshold: int | None = None,
    area: Area | None = None,
) -> IndicatorValue:
    """A saved indicator's figure, as ``indicator_figure``."""
    return indicator_figure(
        viewer=viewer,
        spec=d.spec_of(indicator),
        unit=unit,
        period=period,
        dimensions=dimensions,
        threshold=threshold,
        area=area,
        code=indicator.code,
        name=indicator.name,
    )


def indicator_preview(
    *, viewer: Viewer, definition: dict[str, Any], unit: AdminUnit, period: Period
) -> IndicatorValue:
    """The value of a definition being edited (checked as it would be saved), without its splits: what the
    editor shows beside the form. ``ApplicationError`` names the field at fault."""
    spec = d.parse_indicator(
        numerator=definition.get("numerator"),
        denominator=definition.get("denominator"),
        disaggregations=definition.get("disaggregations") or [],
        age_groups=definition.get("age_groups") or [],
        period_type=definition.get("period_type") or "year",
    )
    return indicator_figure(viewer=viewer, spec=spec, unit=unit, period=period, dimensions=())


def indicator_persons(
    *,
    viewer: Viewer,
    indicator: IndicatorDefinition,
    unit: AdminUnit,
    period: Period,
    part: str = "numerator",
) -> QuerySet[Person]:
    """The persons behind the numerator (or the denominator) of a figure, inside the viewer's scope.

    Only for those who may see personal data (``PermissionDenied`` otherwise, through ``person_queryset``);
    the caller records what it shows with ``hoanhap.people.selectors.record_person_list_read``. Figures
    not counted person by person (aggregate entries, staff and family participants, units) have none.
    """
    persons = person_queryset(viewer=viewer)
    area = area_for_viewer(viewer=viewer, unit=unit)
    spec = d.spec_of(indicator)
    count = spec.numerator if part == "numerator" else spec.denominator
    if count is None or count.source == d.CHILD_UNITS:
        raise ApplicationError(_("This figure is not counted person by person."), field="part")
    counting = counting_for(count, area, period)
    if counting.person is None or counting.child_units:
        raise ApplicationError(_("This figure is not counted person by person."), field="part")
    return persons.filter(pk__in=counting.rows.order_by().values(outer_ref(counting.person)))
