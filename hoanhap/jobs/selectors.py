from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hoanhap.core.scope import Viewer
from hoanhap.jobs.models import Job


def job_list(*, viewer: Viewer) -> QuerySet[Job]:
    """Jobs the viewer started; administrators see everyone's."""
    jobs = Job.objects.select_related("owner")
    if viewer.scope.everything:
        return jobs
    return jobs.filter(owner_id=viewer.pk)


def access_job(*, viewer: Viewer, job_id: Any) -> Job:
    """The job if the viewer may see it; ``Job.DoesNotExist`` otherwise (a 404, never a 403 leak)."""
    return job_list(viewer=viewer).get(pk=job_id)
