"""A task's occurrences as rows: written when the task is created, and rebuilt when a draft plan's period
changes (nothing can have been reported on a draft, so nothing is lost)."""

from __future__ import annotations

from typing import Any

from hoanhap.plans.models import Plan, TaskOccurrence
from hoanhap.plans.recurrence import occurrences


def occurrence_rows(*, recurrence: Any, plan: Plan) -> list[TaskOccurrence]:
    """Unsaved occurrences of ``recurrence`` over the plan's period (``ApplicationError`` if unreadable)."""
    dues = occurrences(recurrence, first_year=plan.period_start, last_year=plan.period_end)
    return [TaskOccurrence(period_label=due.label, due_on=due.due_on) for due in dues]


def occurrences_rebuild(*, plan: Plan) -> None:
    """Every task's occurrences again, for the plan's (changed) period. The caller checked it is a draft."""
    rows = []
    for task in plan.tasks.all():
        for row in occurrence_rows(recurrence=task.recurrence, plan=plan):
            row.task = task
            rows.append(row)
    TaskOccurrence.objects.filter(task__plan=plan).delete()
    TaskOccurrence.objects.bulk_create(rows)
