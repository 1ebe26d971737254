from __future__ import annotations

from django_tasks import task

from hoanhap.geo.loading import geo_load_units
from hoanhap.jobs.services import job_running, job_set_result


@task()
def load_units_task(job_id: str) -> None:
    with job_running(job_id) as (job, progress):
        report = geo_load_units(actor=job.owner, progress=progress)
        job_set_result(job_id=job.pk, result=report.as_dict())
