"""Plans, their targets and tasks, and indicator definitions. No `from __future__ import annotations` here:
django-ninja reads them.

Reading needs "plans.view" (every role): plans as ``hoanhap.plans.selectors.plans_visible`` shows them (a
draft only to those who may write it), definitions to all. Writing a definition needs "indicators.manage"
and goes through the same service as the editor; a definition that cannot be computed is answered with 422
naming the field at fault ("numerator.persons.age_min"). Progress on a task is posted by the lead agency's
reporters (403 for anyone else); the evidence posted with it is downloaded by those who may read the plan
(404 for anyone else), each download recorded. Figures are in ``hoanhap.api.plans_values``.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from hoanhap.api.auth import TokenAuth
from hoanhap.api.persons import unit_for_code
from hoanhap.api.persons_common import ONE_ERRORS, READ_ERRORS, viewer_of
from hoanhap.api.schemas import ErrorOut
from hoanhap.geo.models import Edition
from hoanhap.plans.indicator_services import FIELDS as INDICATOR_FIELDS
from hoanhap.plans.indicator_services import (
    IndicatorData,
    indicator_definition_create,
    indicator_definition_update,
)
from hoanhap.plans.models import (
    IndicatorDefinition,
    PeriodType,
    Plan,
    Target,
    Task,
    TaskOccurrence,
    TaskUpdate,
)
from hoanhap.plans.selectors import (
    access_indicator,
    access_plan,
    indicator_definitions,
    plan_contents,
    plans_visible,
    targets_for,
)
from hoanhap.plans.task_selectors import access_task_evidence, evidence_file_name
from hoanhap.plans.task_services import task_update_post

router = Router(tags=["plans"], auth=TokenAuth("plans.view"))
MANAGE_INDICATORS = TokenAuth("indicators.manage")


class PlanOut(Schema):
    id: int
    title: str
    number: str
    signed_on: date | None
    level: str
    status: str
    period_start: int
    period_end: int
    issuer_unit: str | None = Field(description="Code of the issuing unit.")
    issuer_agency_id: int | None
    coordinating_office_id: int | None
    parent_id: int | None = Field(description="The plan this one implements.")
    legal_basis: str


class PhaseOut(Schema):
    id: int
    name: str
    start_year: int
    end_year: int


class TargetOut(Schema):
    id: int
    objective_id: int
    indicator: str = Field(description="The indicator's code.")
    indicator_id: int
    kind: str = Field(description="count, percentage or range.")
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    phase_id: int | None
    unit: str | None = Field(description="Code of the unit the target is for; null: the plan's own.")


class ObjectiveOut(Schema):
    id: int
    code: str
    text: str
    domain: str
    targets: list[TargetOut]


class PlanDetailOut(PlanOut):
    phases: list[PhaseOut]
    objectives: list[ObjectiveOut]


class TargetsQuery(Schema):
    unit: str | None = Field(None, max_length=10, description="A unit's code: the targets that apply to it.")
    edition: Edition | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="With a year, only the targets in force.")


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    description: str
    numerator: dict[str, Any]
    denominator: dict[str, Any] | None
    disaggregations: list[str]
    age_groups: list[list[int | None]]
    period_type: str
    legal_basis: str
    source: str
    is_active: bool


class IndicatorIn(Schema):
    code: str = Field(max_length=60)
    name: str = Field(max_length=300)
    numerator: dict[str, Any] = Field(description="A count definition (see hoanhap.plans.definitions).")
    denominator: dict[str, Any] | None = None
    disaggregations: list[str] = []
    age_groups: list[list[int | None]] = []
    period_type: PeriodType = PeriodType.YEAR
    description: str = ""
    legal_basis: str = Field("", max_length=400)
    source: str = Field("", max_length=400)
    is_active: bool = True


class IndicatorsQuery(Schema):
    active_only: bool = True


class UpdateOut(Schema):
    id: int
    author: str
    progress: str
    share_done: int
    evidence: str | None
    evidence_url: str | None = Field(description="Where the evidence file is downloaded; null without one.")
    created_at: datetime


class OccurrenceOut(Schema):
    id: int
    period_label: str
    due_on: date
    status: str
    share_done: int
    done_on: date | None
    updates: list[UpdateOut]


class TaskOut(Schema):
    id: int
    text: str
    expected_result: str
    objective_id: int | None
    lead_agency_id: int
    lead_agency: str
    coordinating_agency_ids: list[int]
    recurrence: Any
    deadline_note: str
    occurrences: list[OccurrenceOut]


class TaskUpdateIn(Schema):
    progress: str
    share_done: int = Field(ge=0, le=100)


def _plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "number": plan.number,
        "signed_on": plan.signed_on,
        "level": plan.level,
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "issuer_unit": plan.issuer_unit.code if plan.issuer_unit else None,
        "issuer_agency_id": plan.issuer_agency_id,
        "coordinating_office_id": plan.coordinating_office_id,
        "parent_id": plan.parent_id,
        "legal_basis": plan.legal_basis,
    }


def _target_out(target: Target) -> dict[str, Any]:
    return {
        "id": target.pk,
        "objective_id": target.objective_id,
        "indicator": target.indicator.code,
        "indicator_id": target.indicator_id,
        "kind": target.kind,
        "value": target.value,
        "low": target.low,
        "high": target.high,
        "phase_id": target.phase_id,
        "unit": target.unit.code if target.unit else None,
    }


def indicator_out(indicator: IndicatorDefinition) -> dict[str, Any]:
    return {name: getattr(indicator, name) for name in INDICATOR_FIELDS} | {"id": indicator.pk}


def _update_out(update: TaskUpdate) -> dict[str, Any]:
    return {
        "id": update.pk,
        "author": update.author.username if update.author else "",
        "progress": update.progress,
        "share_done": update.share_done,
        "evidence": update.evidence.name if update.evidence else None,
        "evidence_url": (
            reverse("api:get_task_update_evidence", kwargs={"update_id": update.pk})
            if update.evidence
            else None
        ),
        "created_at": update.created_at,
    }


def _occurrence_out(occurrence: TaskOccurrence) -> dict[str, Any]:
    return {
        "id": occurrence.pk,
        "period_label": occurrence.period_label,
        "due_on": occurrence.due_on,
        "status": occurrence.status,
        "share_done": occurrence.share_done,
        "done_on": occurrence.done_on,
        "updates": [_update_out(update) for update in occurrence.updates.all()],
    }


def _task_out(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "text": task.text,
        "expected_result": task.expected_result,
        "objective_id": task.objective_id,
        "lead_agency_id": task.lead_agency_id,
        "lead_agency": task.lead_agency.name,
        "coordinating_agency_ids": sorted(agency.pk for agency in task.coordinating_agencies.all()),
        "recurrence": task.recurrence,
        "deadline_note": task.deadline_note,
        "occurrences": [_occurrence_out(occurrence) for occurrence in task.occurrences.all()],
    }


@router.get("/plans", response={200: list[PlanOut], **READ_ERRORS}, summary="List the plans")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    """Plans whose area overlaps yours (the plans above your area too), newest period first; drafts only
    to those who may write them."""
    return [_plan_out(plan) for plan in plans_visible(viewer=viewer_of(request))]


@router.get(
    "/plans/{plan_id}", response={200: PlanDetailOut, **READ_ERRORS, 404: ErrorOut}, summary="Read a plan"
)
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """The plan with its phases and objectives, each objective with its targets (per phase, per unit)."""
    plan = plan_contents(plan=access_plan(viewer=viewer_of(request), plan_id=plan_id))
    return {
        **_plan_out(plan),
        "phases": [
            {"id": p.pk, "name": p.name, "start_year": p.start_year, "end_year": p.end_year}
            for p in plan.phases.all()
        ],
        "objectives": [
            {
                "id": objective.pk,
                "code": objective.code,
                "text": objective.text,
                "domain": objective.domain,
                "targets": [_target_out(target) for target in objective.targets.all()],
            }
            for objective in plan.objectives.all()
        ],
    }


@router.get(
    "/plans/{plan_id}/targets",
    response={200: list[TargetOut], **ONE_ERRORS},
    summary="List a plan's targets",
)
def list_plan_targets(
    request: HttpRequest, plan_id: int, filters: Query[TargetsQuery]
) -> list[dict[str, Any]]:
    """Every target of the plan; with a year, those in force that year for the unit given (its own target
    over the plan's, a phase's over the whole period's)."""
    plan = access_plan(viewer=viewer_of(request), plan_id=plan_id)
    unit = unit_for_code(filters.unit, filters.edition, field="unit") if filters.unit else None
    if filters.year is not None:
        return [_target_out(target) for target in targets_for(plan=plan, unit=unit, year=filters.year)]
    targets = Target.objects.filter(objective__plan=plan).select_related("indicator", "unit")
    if unit is not None:
        targets = targets.filter(Q(unit=unit) | Q(unit__isnull=True))
    return [_target_out(target) for target in targets.order_by("objective__position", "objective_id", "id")]


@router.get(
    "/plans/{plan_id}/tasks",
    response={200: list[TaskOut], **READ_ERRORS, 404: ErrorOut},
    summary="List a plan's tasks and their occurrences",
)
def list_plan_tasks(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    """Each task with its lead and coordinating agencies, and each occurrence with its status and the
    progress posted on it."""
    plan = access_plan(viewer=viewer_of(request), plan_id=plan_id)
    updates = TaskUpdate.objects.select_related("author").order_by("created_at", "id")
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("lead_agency")
        .prefetch_related(
            "coordinating_agencies",
            Prefetch("occurrences", TaskOccurrence.objects.prefetch_related(Prefetch("updates", updates))),
        )
    )
    return [_task_out(task) for task in tasks]


@router.post(
    "/plans/{plan_id}/occurrences/{occurrence_id}/updates",
    response={201: UpdateOut, **ONE_ERRORS, 400: ErrorOut},
    summary="Post progress on a task occurrence",
)
def post_task_update(
    request: HttpRequest, plan_id: int, occurrence_id: int, payload: TaskUpdateIn
) -> Status[dict[str, Any]]:
    """For the lead agency's reporters, on tasks of issued plans. The occurrence takes the share done
    (done at 100). Evidence files are attached on the web page."""
    viewer = viewer_of(request)
    plan = access_plan(viewer=viewer, plan_id=plan_id)
    occurrence = TaskOccurrence.objects.get(pk=occurrence_id, task__plan=plan)
    update = task_update_post(
        actor=viewer, occurrence=occurrence, progress=payload.progress, share_done=payload.share_done
    )
    return Status(201, _update_out(update))


@router.get(
    "/tasks/updates/{update_id}/evidence",
    response={**READ_ERRORS, 404: ErrorOut},
    summary="Download the evidence posted with a task update",
    # The file is no JSON: its response is described without a schema (the API reference lists no fields).
    openapi_extra={"responses": {"200": {"description": "The evidence file, as an attachment."}}},
)
def get_task_update_evidence(request: HttpRequest, update_id: int) -> FileResponse:
    """The file posted with the update, for those who may read its plan (404 for a plan out of your reach or
    an update without a file). Each download is recorded in the audit trail."""
    update = access_task_evidence(viewer=viewer_of(request), update_id=update_id)
    response = FileResponse(
        update.evidence.open("rb"), as_attachment=True, filename=evidence_file_name(update)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/indicators", response={200: list[IndicatorOut], **READ_ERRORS}, summary="List the indicator definitions"
)
def list_indicators(request: HttpRequest, filters: Query[IndicatorsQuery]) -> list[dict[str, Any]]:
    definitions = indicator_definitions(viewer=viewer_of(request), active_only=filters.active_only)
    return [indicator_out(indicator) for indicator in definitions.order_by("code")]


@router.get(
    "/indicators/{indicator_id}",
    response={200: IndicatorOut, **READ_ERRORS, 404: ErrorOut},
    summary="Read an indicator definition",
)
def get_indicator(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    return indicator_out(access_indicator(viewer=viewer_of(request), indicator_id=indicator_id))


def _data(payload: IndicatorIn) -> IndicatorData:
    values = payload.model_dump()
    values["period_type"] = PeriodType(values["period_type"]).value
    return IndicatorData(**values)


@router.post(
    "/indicators",
    auth=MANAGE_INDICATORS,
    response={201: IndicatorOut, **ONE_ERRORS},
    summary="Create an indicator definition",
)
def create_indicator(request: HttpRequest, payload: IndicatorIn) -> Status[dict[str, Any]]:
    """The definition is checked in full before it is saved: 422 names the field at fault."""
    indicator = indicator_definition_create(actor=viewer_of(request), data=_data(payload))
    return Status(201, indicator_out(indicator))


@router.put(
    "/indicators/{indicator_id}",
    auth=MANAGE_INDICATORS,
    response={200: IndicatorOut, **ONE_ERRORS},
    summary="Change an indicator definition",
)
def update_indicator(request: HttpRequest, indicator_id: int, payload: IndicatorIn) -> dict[str, Any]:
    """The whole definition is sent. Changing it changes every figure measured by it, past years included;
    the audit trail keeps the old definition."""
    viewer = viewer_of(request)
    indicator = access_indicator(viewer=viewer, indicator_id=indicator_id)
    return indicator_out(indicator_definition_update(actor=viewer, indicator=indicator, data=_data(payload)))
