"""Reading plans, their contents and the targets that apply to a unit in a year.

Plans are public documents of the bodies that sign them: an issued plan is visible to every holder of
``plans.view`` whose area overlaps the plan's (a commune officer reads the province's plan their commune
implements; a province officer the plans of its communes). A draft is visible only to those who may write it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.plans.access import MANAGE
from hoanhap.plans.models import (
    IndicatorDefinition,
    Objective,
    Plan,
    PlanStatus,
    Target,
    TargetKind,
    Task,
)

VIEW = "plans.view"


def _enclosing(path: str) -> list[str]:
    """The paths of the units above ``path`` ("/c/20/06325/" → ["/c/20/"]), and "" (national)."""
    parts = [part for part in path.split("/") if part]
    return ["", *("/" + "/".join(parts[:depth]) + "/" for depth in range(2, len(parts)))]


def plans_visible(*, viewer: Viewer) -> QuerySet[Plan]:
    if not viewer.has_capability(VIEW):
        raise PermissionDenied
    plans = Plan.objects.select_related("issuer_unit", "issuer_agency", "coordinating_office", "parent")
    scope = viewer.scope
    if scope.everything:
        return plans
    above = sorted({enclosing for path in scope.paths for enclosing in _enclosing(path)})
    overlapping = scope.q("area_path") | Q(area_path__in=above)
    drafts_allowed = scope.q("area_path") if viewer.has_capability(MANAGE) else Q(pk__in=[])
    return plans.filter(overlapping).filter(Q(status=PlanStatus.ISSUED) | drafts_allowed)


def access_plan(*, viewer: Viewer, plan_id: Any) -> Plan:
    """A plan the viewer may read (``Plan.DoesNotExist`` otherwise, a 404)."""
    return plans_visible(viewer=viewer).get(pk=plan_id)


def plan_contents(*, plan: Plan) -> Plan:
    """The plan with its phases, objectives (with their targets) and tasks (with their agencies and
    occurrences), in a fixed number of queries."""
    targets = Target.objects.select_related("indicator", "phase", "unit").order_by(
        "phase__start_year", "unit__path", "id"
    )
    tasks = Task.objects.select_related("lead_agency", "objective").prefetch_related(
        "coordinating_agencies", "occurrences"
    )
    return (
        Plan.objects.select_related("issuer_unit", "issuer_agency", "coordinating_office", "parent")
        .prefetch_related(
            "phases",
            Prefetch("objectives", queryset=Objective.objects.prefetch_related(Prefetch("targets", targets))),
            Prefetch("tasks", queryset=tasks),
        )
        .get(pk=plan.pk)
    )


def indicator_definitions(*, viewer: Viewer, active_only: bool = True) -> QuerySet[IndicatorDefinition]:
    """Definitions are no one's personal data: every holder of ``plans.view`` reads them all."""
    if not viewer.has_capability(VIEW):
        raise PermissionDenied
    definitions = IndicatorDefinition.objects.all()
    return definitions.filter(is_active=True) if active_only else definitions


def access_indicator(*, viewer: Viewer, indicator_id: Any) -> IndicatorDefinition:
    return indicator_definitions(viewer=viewer, active_only=False).get(pk=indicator_id)


def _specificity(target: Target) -> tuple[bool, bool]:
    return (target.unit_id is not None, target.phase_id is not None)


def targets_for(*, plan: Plan, unit: AdminUnit | None, year: int) -> list[Target]:
    """The targets of ``plan`` that apply to ``unit`` in ``year``: for each objective and indicator, the
    unit's own target over the plan's, and a phase's target over one for the whole period. One query."""
    candidates = (
        Target.objects.filter(objective__plan=plan)
        .filter(Q(phase__isnull=True) | Q(phase__start_year__lte=year, phase__end_year__gte=year))
        .filter(Q(unit__isnull=True) | Q(unit=unit) if unit is not None else Q(unit__isnull=True))
        .select_related("objective", "indicator", "phase", "unit")
    )
    chosen: dict[tuple[int, int], Target] = {}
    for target in candidates:
        key = (target.objective_id, target.indicator_id)
        if key not in chosen or _specificity(target) > _specificity(chosen[key]):
            chosen[key] = target
    return sorted(chosen.values(), key=lambda t: (t.objective.position, t.objective_id, t.indicator.code))


def target_reached(target: Target, value: Decimal | None) -> bool | None:
    """Whether ``value`` reaches the target (a range is reached at its lower end); None when unknown."""
    if value is None:
        return None
    floor = target.low if target.kind == TargetKind.RANGE else target.value
    return floor is not None and value >= floor
