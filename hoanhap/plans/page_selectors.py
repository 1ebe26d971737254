"""What the plan pages read beyond the plans' own selectors: the unit a plan's figures are shown for, each
target's current figure as the viewer may see it, and a task occurrence of a plan the viewer may read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.plans.areas import Area
from hoanhap.plans.compute import IndicatorValue
from hoanhap.plans.figures import area_for_viewer, indicator_values
from hoanhap.plans.models import Plan, TaskOccurrence, TaskUpdate
from hoanhap.plans.periods import year
from hoanhap.plans.selectors import plans_visible


def figure_unit(
    *, viewer: Viewer, plan: Plan, own_units: Sequence[AdminUnit] = ()
) -> tuple[AdminUnit, Area] | None:
    """The unit the plan's figures are shown for: the issuer's, or — for a viewer who does not reach all of
    it (a commune officer reading the province's plan) — the first of ``own_units`` (the viewer's assigned
    units) they reach. None when the viewer reaches none."""
    candidates: list[AdminUnit] = []
    issuer = plan.issuer_unit or (plan.issuer_agency.unit if plan.issuer_agency else None)
    if issuer is not None:
        candidates.append(issuer)
    candidates.extend(own_units)
    for unit in candidates:
        try:
            return unit, area_for_viewer(viewer=viewer, unit=unit)
        except PermissionDenied:
            continue
    return None


def target_figures(
    *, viewer: Viewer, plan: Plan, unit: AdminUnit, area: Area, year_: int
) -> dict[int, IndicatorValue]:
    """The current figure of each target's indicator of ``plan`` (already read with ``plan_contents``),
    for ``unit`` and ``year_``, small counts withheld as ``indicator_value`` withholds them; counted
    together, one figure per indicator shared by its targets. An indicator that cannot be counted for the
    unit is left out (shown as unknown)."""
    indicators = {
        target.indicator_id: target.indicator
        for objective in plan.objectives.all()
        for target in objective.targets.all()
    }
    values = indicator_values(
        viewer=viewer,
        indicators=list(indicators.values()),
        unit=unit,
        period=year(year_),
        dimensions=(),
        area=area,
    )
    return {
        pk: value for pk, indicator in indicators.items() if (value := values[indicator.code]) is not None
    }


def access_occurrence(*, viewer: Viewer, occurrence_id: Any) -> TaskOccurrence:
    """An occurrence of a task of a plan the viewer may read, with its task, plan, agencies and updates
    (``TaskOccurrence.DoesNotExist`` otherwise, a 404)."""
    updates = TaskUpdate.objects.select_related("author")
    return (
        TaskOccurrence.objects.filter(task__plan__in=plans_visible(viewer=viewer))
        .select_related("task__plan", "task__lead_agency", "task__objective")
        .prefetch_related("task__coordinating_agencies", Prefetch("updates", queryset=updates))
        .get(pk=occurrence_id)
    )
