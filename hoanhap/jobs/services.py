"""Starting jobs and reporting their progress."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from hoanhap.audit.services import audit_record
from hoanhap.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]


class EnqueueableTask(Protocol):
    def enqueue(self, *args: Any, **kwargs: Any) -> Any: ...


def job_start(*, owner: Any, kind: str, label: str, task: EnqueueableTask, **task_kwargs: Any) -> Job:
    """Create the job row and enqueue ``task(job_id=..., **task_kwargs)`` once the transaction commits.

    Enqueueing after commit means the worker never looks for a job row that is not visible yet, and a
    rolled-back request starts nothing.
    """
    job = Job.objects.create(owner=owner, kind=kind, label=label)
    audit_record(actor=owner, action="jobs.job.started", obj=job, new={"kind": kind})
    transaction.on_commit(lambda: task.enqueue(job_id=str(job.pk), **task_kwargs))
    return job


def job_progress(*, job_id: Any, done: int, total: int, message: str = "") -> None:
    """Record progress; written outside any transaction of the job's own work so the page sees it."""
    Job.objects.filter(pk=job_id).update(progress_done=done, progress_total=total, message=message[:500])


@contextmanager
def job_running(job_id: Any) -> Iterator[tuple[Job, ProgressCallback]]:
    """Mark the job running, hand the body a progress callback, and record how it ended.

    An exception marks the job failed with a message the user can read and is re-raised so the task
    queue records it too.
    """
    job = Job.objects.select_related("owner").get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int, message: str = "") -> None:
        job_progress(job_id=job.pk, done=done, total=total, message=message)

    try:
        yield job, progress
    except Exception as error:
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=str(error)[:500]
        )
        raise
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, finished_at=timezone.now())


def job_set_result(*, job_id: Any, result: dict[str, Any], message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(result=result, message=message[:500])
