"""Writing plans: the plan itself, its phases, objectives and targets. A plan is written as a draft and then
issued; once issued (signed) it is not changed here — an amendment is a new plan that implements it. Who
may write is ``hoanhap.plans.access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Tier
from hoanhap.plans.access import require_draft, require_manage
from hoanhap.plans.areas import current_area_path
from hoanhap.plans.models import (
    IndicatorDefinition,
    Objective,
    Phase,
    Plan,
    PlanLevel,
    PlanStatus,
    Target,
    TargetKind,
)
from hoanhap.plans.occurrences import occurrences_rebuild
from hoanhap.provision.aggregates import FIRST_YEAR, LAST_YEAR
from hoanhap.provision.models import Domain

LEVEL_OF_TIER: dict[str, str] = {
    Tier.PROVINCE: PlanLevel.PROVINCE,
    Tier.DISTRICT: PlanLevel.DISTRICT,
    Tier.COMMUNE: PlanLevel.COMMUNE,
}
PLAN_FIELDS = [
    "title",
    "period_start",
    "period_end",
    "issuer_unit",
    "issuer_agency",
    "coordinating_office",
    "level",
    "number",
    "signed_on",
    "parent",
    "legal_basis",
]


@dataclass(frozen=True)
class PlanData:
    title: str
    period_start: int
    period_end: int
    issuer_unit: AdminUnit | None = None
    issuer_agency: Agency | None = None
    coordinating_office: Agency | None = None
    level: str = ""  # taken from the issuing unit's tier when empty
    number: str = ""
    signed_on: date | None = None
    parent: Plan | None = None
    legal_basis: str = ""
    document: File | None = None


def check_years(first: int, last: int, *, field: str = "period_start") -> None:
    if not (FIRST_YEAR <= first <= LAST_YEAR and FIRST_YEAR <= last <= LAST_YEAR):
        raise ApplicationError(_("Enter years from 2000 to 2100."), field=field)
    if first > last:
        raise ApplicationError(_("The first year cannot be after the last."), field=field)


def _checked_plan(data: PlanData, *, plan: Plan | None = None) -> dict[str, Any]:
    title = " ".join(data.title.split())
    if not title:
        raise ApplicationError(_("Enter the title of the plan."), field="title")
    check_years(data.period_start, data.period_end)
    if data.issuer_unit is None and data.issuer_agency is None:
        raise ApplicationError(_("Choose the unit or the agency that issues the plan."), field="issuer_unit")
    level = data.level
    if not level:
        tier_unit = data.issuer_unit or (data.issuer_agency.unit if data.issuer_agency else None)
        level = LEVEL_OF_TIER.get(tier_unit.tier, "") if tier_unit is not None else ""
    if level not in PlanLevel.values:
        raise ApplicationError(_("Choose the level of the plan."), field="level")
    parent = data.parent
    while parent is not None and plan is not None:
        if parent.pk == plan.pk:
            raise ApplicationError(_("A plan cannot implement itself."), field="parent")
        parent = parent.parent
    if data.signed_on is not None and data.signed_on > timezone.localdate():
        raise ApplicationError(_("The date signed cannot be in the future."), field="signed_on")
    return {
        "title": title,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "issuer_unit": data.issuer_unit,
        "issuer_agency": data.issuer_agency,
        "coordinating_office": data.coordinating_office,
        "level": level,
        "number": data.number.strip(),
        "signed_on": data.signed_on,
        "parent": data.parent,
        "legal_basis": " ".join(data.legal_basis.split()),
    }


def _area_path(values: dict[str, Any]) -> str:
    if values["issuer_unit"] is not None:
        return current_area_path(values["issuer_unit"])
    agency: Agency = values["issuer_agency"]
    return agency.unit_path


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value.pk if hasattr(value, "pk") else value for name, value in values.items()}


@transaction.atomic
def plan_create(*, actor: Any, data: PlanData) -> Plan:
    """A draft plan. Audited as ``plans.plan.created``."""
    values = _checked_plan(data)
    area_path = _area_path(values)
    require_manage(actor, area_path)
    plan = Plan(**values, area_path=area_path, status=PlanStatus.DRAFT, created_by=actor)
    if data.document is not None:
        plan.document = data.document
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="plans.plan.created", obj=plan, unit_path=area_path, new=_plain(values))
    return plan


def _check_period_keeps_contents(plan: Plan) -> None:
    """A new period must still hold the plan's phases (its tasks' deadlines are checked as they are
    rebuilt)."""
    outside = plan.phases.exclude(start_year__gte=plan.period_start, end_year__lte=plan.period_end)
    if outside.exists():
        raise ApplicationError(_("The plan's phases must lie within its period."), field="period_start")


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, data: PlanData) -> Plan:
    """Change a draft; the actor must reach both the plan's area and its new one. Audited as
    ``plans.plan.changed`` with the fields changed."""
    require_manage(actor, plan.area_path)
    require_draft(plan)
    values = _checked_plan(data, plan=plan)
    area_path = _area_path(values)
    require_manage(actor, area_path)
    changed = [name for name in PLAN_FIELDS if getattr(plan, name) != values[name]]
    old = _plain({name: getattr(plan, name) for name in changed})
    for name in changed:
        setattr(plan, name, values[name])
    if data.document is not None:
        plan.document = data.document
        changed.append("document")
    if area_path != plan.area_path:
        plan.area_path = area_path
        changed.append("area_path")
    if not changed:
        return plan
    if "period_start" in changed or "period_end" in changed:
        _check_period_keeps_contents(plan)
    plan.full_clean()
    plan.save(update_fields=[*changed, "updated_at"])
    if "period_start" in changed or "period_end" in changed:
        occurrences_rebuild(plan=plan)
    new = _plain({name: getattr(plan, name) for name in changed if name != "document"})
    if "document" in changed:
        new["document"] = plan.document.name
    audit_record(
        actor=actor, action="plans.plan.changed", obj=plan, unit_path=plan.area_path, old=old, new=new
    )
    return plan


@transaction.atomic
def plan_issue(*, actor: Any, plan: Plan) -> Plan:
    """The plan is signed: it becomes issued, its tasks' deadlines count. Audited as ``plans.plan.issued``."""
    require_manage(actor, plan.area_path)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    require_draft(plan)
    plan.status = PlanStatus.ISSUED
    plan.issued_at = timezone.now()
    plan.issued_by = actor
    plan.full_clean()
    plan.save(update_fields=["status", "issued_at", "issued_by", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.plan.issued",
        obj=plan,
        unit_path=plan.area_path,
        old={"status": PlanStatus.DRAFT},
        new={"status": PlanStatus.ISSUED, "number": plan.number, "signed_on": plan.signed_on},
    )
    return plan


@transaction.atomic
def phase_add(*, actor: Any, plan: Plan, name: str, start_year: int, end_year: int) -> Phase:
    """A phase of the plan's period; phases do not overlap. Audited as ``plans.phase.added``."""
    require_manage(actor, plan.area_path)
    require_draft(plan)
    name = " ".join(name.split())
    if not name:
        raise ApplicationError(_("Enter the name of the phase."), field="name")
    check_years(start_year, end_year, field="start_year")
    if start_year < plan.period_start or end_year > plan.period_end:
        raise ApplicationError(_("A phase lies within the plan's period."), field="start_year")
    if plan.phases.filter(start_year__lte=end_year, end_year__gte=start_year).exists():
        raise ApplicationError(_("Phases of a plan cannot overlap."), field="start_year")
    phase = Phase(plan=plan, name=name, start_year=start_year, end_year=end_year)
    phase.full_clean()
    phase.save()
    audit_record(
        actor=actor,
        action="plans.phase.added",
        obj=phase,
        unit_path=plan.area_path,
        new={"plan": plan.pk, "name": name, "start_year": start_year, "end_year": end_year},
    )
    return phase


@transaction.atomic
def objective_create(*, actor: Any, plan: Plan, code: str, text: str, domain: str = "") -> Objective:
    """An objective of a draft plan, numbered as in the plan. Audited as ``plans.objective.created``."""
    require_manage(actor, plan.area_path)
    require_draft(plan)
    code, text = code.strip(), " ".join(text.split())
    if not code:
        raise ApplicationError(_("Enter the objective's number."), field="code")
    if not text:
        raise ApplicationError(_("Enter the objective."), field="text")
    if domain and domain not in Domain.values:
        raise ApplicationError(_("Choose the domain of the objective."), field="domain")
    if plan.objectives.filter(code=code).exists():
        raise ApplicationError(_("The plan already has an objective with this number."), field="code")
    objective = Objective(plan=plan, code=code, text=text, domain=domain, position=plan.objectives.count())
    objective.full_clean()
    objective.save()
    audit_record(
        actor=actor,
        action="plans.objective.created",
        obj=objective,
        unit_path=plan.area_path,
        new={"plan": plan.pk, "code": code, "text": text, "domain": domain},
    )
    return objective


@dataclass(frozen=True)
class TargetData:
    indicator: IndicatorDefinition
    kind: str
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    phase: Phase | None = None
    unit: AdminUnit | None = None  # None: the plan's own target


def _checked_target(objective: Objective, data: TargetData) -> None:
    if not data.indicator.is_active:
        raise ApplicationError(_("This indicator is no longer in use."), field="indicator")
    if data.kind not in TargetKind.values:
        raise ApplicationError(_("Choose the kind of target."), field="kind")
    if (data.kind == TargetKind.COUNT) == data.indicator.is_percentage:
        raise ApplicationError(
            _("A percentage target needs an indicator with a denominator, a count target one without."),
            field="kind",
        )
    if data.kind == TargetKind.RANGE:
        if data.low is None or data.high is None or not 0 <= data.low <= data.high <= 100:
            raise ApplicationError(
                _("Enter a range of percentages from 0 to 100, lowest first."), field="low"
            )
    elif data.value is None or data.value < 0 or (data.kind == TargetKind.PERCENTAGE and data.value > 100):
        raise ApplicationError(_("Enter the target value."), field="value")
    if data.phase is not None and data.phase.plan_id != objective.plan_id:
        raise ApplicationError(_("Choose a phase of this plan."), field="phase")
    plan = objective.plan
    if (
        data.unit is not None
        and plan.area_path
        and not current_area_path(data.unit).startswith(plan.area_path)
    ):
        raise ApplicationError(_("The unit lies outside the plan's area."), field="unit")
    clash = Target.objects.filter(
        objective=objective, indicator=data.indicator, phase=data.phase, unit=data.unit
    ).exists()
    if clash:
        raise ApplicationError(
            _("This objective already has a target for this indicator, phase and unit."), field="indicator"
        )


@transaction.atomic
def target_create(*, actor: Any, objective: Objective, data: TargetData) -> Target:
    """A target of an objective of a draft plan. Audited as ``plans.target.created``."""
    plan = objective.plan
    require_manage(actor, plan.area_path)
    require_draft(plan)
    _checked_target(objective, data)
    ranged = data.kind == TargetKind.RANGE
    target = Target(
        objective=objective,
        indicator=data.indicator,
        kind=data.kind,
        value=None if ranged else data.value,
        low=data.low if ranged else None,
        high=data.high if ranged else None,
        phase=data.phase,
        unit=data.unit,
    )
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="plans.target.created",
        obj=target,
        unit_path=plan.area_path,
        new={
            "objective": objective.pk,
            "indicator": data.indicator.code,
            "kind": data.kind,
            "value": target.value,
            "low": target.low,
            "high": target.high,
            "phase": data.phase.pk if data.phase else None,
            "unit": data.unit.code if data.unit else None,
        },
    )
    return target
