"""Writing a plan's tasks, and the progress the lead agency reports on each occurrence.

A task's deadline is data (``hoanhap.plans.recurrence``); creating the task writes one ``TaskOccurrence``
per deadline over the plan's period, each tracked on its own. Progress is reported by the lead agency's
reporters — agency reporters are told apart as ``hoanhap.provision.reach.reporting_agency`` tells them —
on occurrences of issued plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.access import require_draft, require_manage
from hoanhap.plans.models import (
    Objective,
    OccurrenceStatus,
    Plan,
    PlanStatus,
    Task,
    TaskOccurrence,
    TaskUpdate,
)
from hoanhap.plans.occurrences import occurrence_rows
from hoanhap.provision.reach import reporting_agency


@dataclass(frozen=True)
class TaskData:
    text: str
    lead_agency: Agency
    recurrence: dict[str, Any]
    expected_result: str = ""
    coordinating_agencies: Sequence[Agency] = field(default_factory=tuple)
    deadline_note: str = ""
    objective: Objective | None = None


@transaction.atomic
def task_create(*, actor: Any, plan: Plan, data: TaskData) -> Task:
    """A task of a draft plan with its occurrences over the plan's period. Audited as
    ``plans.task.created``."""
    require_manage(actor, plan.area_path)
    require_draft(plan)
    text = " ".join(data.text.split())
    if not text:
        raise ApplicationError(_("Enter the task."), field="text")
    if data.objective is not None and data.objective.plan_id != plan.pk:
        raise ApplicationError(_("Choose an objective of this plan."), field="objective")
    if not data.lead_agency.is_active:
        raise ApplicationError(_("This agency is no longer active."), field="lead_agency")
    rows = occurrence_rows(recurrence=data.recurrence, plan=plan)
    coordinating = {
        agency.pk: agency for agency in data.coordinating_agencies if agency.pk != data.lead_agency.pk
    }
    task = Task(
        plan=plan,
        objective=data.objective,
        text=text,
        expected_result=data.expected_result.strip(),
        lead_agency=data.lead_agency,
        recurrence=data.recurrence,
        deadline_note=" ".join(data.deadline_note.split()),
        position=plan.tasks.count(),
        created_by=actor,
    )
    task.full_clean()
    task.save()
    task.coordinating_agencies.set(list(coordinating.values()))
    for row in rows:
        row.task = task
    TaskOccurrence.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="plans.task.created",
        obj=task,
        unit_path=plan.area_path,
        new={
            "plan": plan.pk,
            "text": text,
            "lead_agency": data.lead_agency.pk,
            "coordinating_agencies": sorted(coordinating),
            "recurrence": data.recurrence,
            "occurrences": [row.due_on for row in rows],
        },
    )
    return task


def may_report(actor: User, task: Task) -> bool:
    """Whether ``actor`` reports for the task's lead agency."""
    agency = reporting_agency(actor)
    return agency is not None and agency.pk == task.lead_agency_id


@transaction.atomic
def task_update_post(
    *,
    actor: User,
    occurrence: TaskOccurrence,
    progress: str,
    share_done: int,
    evidence: File | None = None,
) -> TaskUpdate:
    """The lead agency's reporter reports progress on one occurrence of a task of an issued plan. The
    occurrence takes the share done (done at 100 %, in progress below). Audited as
    ``plans.task.update_posted``."""
    occurrence = TaskOccurrence.objects.select_for_update().select_related("task__plan").get(pk=occurrence.pk)
    task = occurrence.task
    if not may_report(actor, task):
        raise PermissionDenied
    if task.plan.status != PlanStatus.ISSUED:
        raise ApplicationError(_("Progress is reported on tasks of issued plans."), field="occurrence")
    progress = progress.strip()
    if not progress:
        raise ApplicationError(_("Describe the progress made."), field="progress")
    if isinstance(share_done, bool) or not isinstance(share_done, int) or not 0 <= share_done <= 100:
        raise ApplicationError(_("Enter the share done, from 0 to 100 %."), field="share_done")
    update = TaskUpdate(occurrence=occurrence, author=actor, progress=progress, share_done=share_done)
    if evidence is not None:
        update.evidence = evidence
    update.full_clean()
    update.save()
    old = {"status": occurrence.status, "share_done": occurrence.share_done}
    occurrence.share_done = share_done
    occurrence.status = OccurrenceStatus.DONE if share_done == 100 else OccurrenceStatus.IN_PROGRESS
    occurrence.done_on = timezone.localdate() if share_done == 100 else None
    occurrence.full_clean()
    occurrence.save(update_fields=["share_done", "status", "done_on"])
    audit_record(
        actor=actor,
        action="plans.task.update_posted",
        obj=update,
        unit_path=task.plan.area_path,
        old=old,
        new={
            "occurrence": occurrence.pk,
            "status": occurrence.status,
            "share_done": share_done,
            "evidence": update.evidence.name if update.evidence else "",
        },
    )
    return update
