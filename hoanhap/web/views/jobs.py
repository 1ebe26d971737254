from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hoanhap.core.access import capability_required
from hoanhap.jobs.models import Job
from hoanhap.jobs.selectors import access_job, job_list
from hoanhap.web.views.common import signed_in_user


@capability_required("jobs.view")
def job_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "web/jobs/list.html", {"jobs": job_list(viewer=signed_in_user(request))[:100]})


def _job_or_404(request: HttpRequest, job_id: UUID) -> Job:
    try:
        return access_job(viewer=signed_in_user(request), job_id=job_id)
    except Job.DoesNotExist:
        raise Http404 from None


@capability_required("jobs.view")
def job_detail_view(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return render(request, "web/jobs/detail.html", {"job": _job_or_404(request, job_id)})


@capability_required("jobs.view")
def job_progress_view(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The progress fragment that the job page polls with htmx until the job has finished."""
    return render(request, "web/jobs/_progress.html", {"job": _job_or_404(request, job_id)})
