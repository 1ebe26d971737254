"""Which task occurrences are overdue, for the home pages: the lead agency's, the coordinating office's
(the agency that follows a plan and compiles its results), and a unit's; and the evidence file posted with
an update, for those who may read the plan.

An occurrence of a task of an issued plan is overdue from the day after it was due until it is done
(``hoanhap.plans.recurrence.is_overdue``); these lists are that rule as one query each.
"""

from __future__ import annotations

import posixpath
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.scope import Viewer, subtree_q
from hoanhap.geo.models import AdminUnit
from hoanhap.plans.areas import current_area_path
from hoanhap.plans.models import OccurrenceStatus, PlanStatus, TaskOccurrence, TaskUpdate
from hoanhap.plans.selectors import plans_visible

VIEW = "plans.view"


def overdue_occurrences(*, today: date | None = None) -> QuerySet[TaskOccurrence]:
    """Every overdue occurrence, soonest due first, with its task, plan and lead agency."""
    today = today or timezone.localdate()
    return (
        TaskOccurrence.objects.filter(task__plan__status=PlanStatus.ISSUED, due_on__lt=today)
        .exclude(status=OccurrenceStatus.DONE)
        .select_related("task__plan", "task__lead_agency")
        .order_by("due_on", "id")
    )


def overdue_for_agency(*, agency: Agency, today: date | None = None) -> QuerySet[TaskOccurrence]:
    """The overdue occurrences of the tasks ``agency`` leads."""
    return overdue_occurrences(today=today).filter(task__lead_agency=agency)


def overdue_for_office(*, office: Agency, today: date | None = None) -> QuerySet[TaskOccurrence]:
    """The overdue occurrences of every task of the plans ``office`` coordinates, whoever leads them."""
    return overdue_occurrences(today=today).filter(task__plan__coordinating_office=office)


def overdue_in_unit(
    *, viewer: Viewer, unit: AdminUnit, today: date | None = None
) -> QuerySet[TaskOccurrence]:
    """The overdue occurrences of the plans issued for ``unit``'s area or below it: what the unit's
    coordinating office watches. The viewer's scope must cover the unit."""
    path = current_area_path(unit)
    if not viewer.has_capability(VIEW) or not path or not viewer.scope.covers(path):
        raise PermissionDenied
    return overdue_occurrences(today=today).filter(subtree_q("task__plan__area_path", path))


def access_task_evidence(*, viewer: Viewer, update_id: Any) -> TaskUpdate:
    """An update of a task of a plan the viewer may read — the plans the occurrence page shows them — whose
    evidence file is still stored (``TaskUpdate.DoesNotExist`` otherwise, a 404). Reading it is recorded as
    ``plans.task.evidence_downloaded``: the file may name persons."""
    update = (
        TaskUpdate.objects.filter(occurrence__task__plan__in=plans_visible(viewer=viewer))
        .exclude(evidence="")
        .select_related("occurrence__task__plan")
        .get(pk=update_id)
    )
    name = update.evidence.name
    if not name or not update.evidence.storage.exists(name):
        raise TaskUpdate.DoesNotExist
    plan = update.occurrence.task.plan
    audit_record(
        actor=viewer,
        action="plans.task.evidence_downloaded",
        obj=update,
        unit_path=plan.area_path,
        new={"plan": plan.pk, "occurrence": update.occurrence_id, "evidence": name},
    )
    return update


def evidence_file_name(update: TaskUpdate) -> str:
    """The name the evidence is downloaded as: the stored file's own, without the folders of the store."""
    return posixpath.basename(update.evidence.name or "")
