from typing import Any

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from hoanhap.geo.tasks import load_units_task
from hoanhap.jobs.models import Job, JobStatus
from hoanhap.jobs.selectors import access_job
from hoanhap.jobs.services import job_running, job_start
from tests.factories import signed_in

pytestmark = pytest.mark.django_db


def test_a_job_runs_after_commit_and_records_progress_and_result(
    admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(owner=admin_user, kind="geo.load_units", label="Load", task=load_units_task)
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.percent == 100
    assert job.result["unchanged"]["current"] == 3355


def test_a_failing_job_is_marked_failed_with_its_message(admin_user: User) -> None:
    job = Job.objects.create(owner=admin_user, kind="x", label="x")

    def failing_work() -> None:
        with job_running(job.pk) as (_job, progress):
            progress(1, 4, "step")
            raise RuntimeError("the file is damaged")

    with pytest.raises(RuntimeError):
        failing_work()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "the file is damaged"
    assert (job.progress_done, job.progress_total) == (1, 4)


def test_jobs_are_visible_to_their_owner_only(
    admin_user: User, commune_user: User, other_commune_user: User
) -> None:
    job = Job.objects.create(owner=commune_user, kind="x", label="mine")
    assert access_job(viewer=commune_user, job_id=job.pk) == job
    assert access_job(viewer=admin_user, job_id=job.pk) == job
    with pytest.raises(Job.DoesNotExist):
        access_job(viewer=other_commune_user, job_id=job.pk)
    assert signed_in(other_commune_user).get(f"/jobs/{job.pk}/progress/").status_code == 404


def test_the_progress_fragment_polls_until_finished(commune_user: User) -> None:
    job = Job.objects.create(
        owner=commune_user,
        kind="x",
        label="mine",
        progress_done=3,
        progress_total=10,
        status=JobStatus.RUNNING,
    )
    client: Client = signed_in(commune_user)
    running = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert 'value="30"' in running
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    done = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in done
