"""The export page and the download of a background export: small lists at once, large ones as a job."""

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.exchange import exports
from hoanhap.exchange.exports import JOB_KIND, PersonExportFilters
from hoanhap.exchange.tasks import person_export_start
from hoanhap.jobs.models import Job, JobStatus
from hoanhap.people.selectors import PersonFilters
from tests.factories import DONG_DANG, make_person, signed_in, unit

pytestmark = pytest.mark.django_db

EXPORT = "/persons/export/"


@pytest.fixture
def persons(commune_user: User, other_commune_user: User) -> None:
    for name, sex in [("Lê Văn An", "male"), ("Đặng Thị Ánh", "female"), ("Lê Văn Cường", "male")]:
        make_person(commune_user, full_name=name, sex=sex)
    make_person(other_commune_user, full_name="Hà Thị Bình", commune=unit(DONG_DANG))


def names_in_csv(content: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return [row[1] for row in rows[1:]]


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_page_carries_the_list_filters_over(commune_client: Client) -> None:
    page = commune_client.get(EXPORT, {"q": "lê văn", "sex": "male", "types": ["vision", "other"]})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="lê văn"' in html
    assert '<option value="male" selected>' in html
    assert re.search(r'value="vision"[^>]*checked', html)
    assert re.search(r'value="other"[^>]*checked', html)
    assert not re.search(r'value="mobility"[^>]*checked', html)
    assert re.search(r'name="format" value="xlsx"[^>]*checked', html)


@pytest.mark.usefixtures("persons")
def test_a_small_export_downloads_at_once_with_the_filters(commune_client: Client) -> None:
    response = commune_client.post(EXPORT, {"format": "csv", "sex": "male"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-nguoi-khuyet-tat-')
    assert names_in_csv(response.content) == ["Lê Văn An", "Lê Văn Cường"]
    xlsx = commune_client.post(EXPORT, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Lê Văn An",
        "Đặng Thị Ánh",
        "Lê Văn Cường",
    ]
    assert not Job.objects.exists()
    assert AuditEvent.objects.filter(action="people.persons.exported").count() == 2


def test_invalid_filters_or_format_show_errors_on_the_form(commune_client: Client) -> None:
    response = commune_client.post(EXPORT, {"format": "pdf", "commune": "99999"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "No current administrative unit has the code 99999." in html
    assert not AuditEvent.objects.filter(action="people.persons.exported").exists()


def test_viewers_cannot_open_the_page_or_export(viewer_user: User) -> None:
    client = signed_in(viewer_user)
    assert client.get(EXPORT).status_code == 403
    assert client.post(EXPORT, {"format": "csv"}).status_code == 403


@pytest.mark.usefixtures("persons")
def test_a_large_export_runs_as_a_job_with_progress_for_its_owner_only(
    commune_user: User,
    other_commune_user: User,
    admin_user: User,
    media_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(exports, "DIRECT_MAX_ROWS", 2)  # three persons: more than a direct export
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    client = signed_in(commune_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORT, {"format": "csv"})
    job = Job.objects.get(kind=JOB_KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:job_detail", kwargs={"job_id": job.pk})
    assert (job.owner, job.status, job.percent) == (commune_user, JobStatus.SUCCEEDED, 100)
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result == {"file_name": f"{job.pk}.csv", "format": "csv", "rows": 3}
    stored = media_root / "exports" / f"{job.pk}.csv"
    assert names_in_csv(stored.read_bytes()) == ["Lê Văn An", "Đặng Thị Ánh", "Lê Văn Cường"]
    event = AuditEvent.objects.get(action="people.persons.exported")
    assert (event.actor_id, event.new_values["rows"]) == (commune_user.pk, 3)

    url = reverse("web:export_download", kwargs={"job_id": job.pk})
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert streamed(download) == stored.read_bytes()
    assert signed_in(other_commune_user).get(url).status_code == 404
    assert signed_in(admin_user).get(url).status_code == 404  # not even an administrator
    assert url in client.get(EXPORT).content.decode()  # listed among the user's recent exports
    job_page = reverse("web:job_progress", kwargs={"job_id": job.pk})
    assert url in client.get(job_page).content.decode()  # and offered on the job page


@pytest.mark.usefixtures("persons")
def test_a_background_export_sees_only_its_owners_area(
    province_user: User, commune_user: User, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = person_export_start(
            actor=commune_user, filters=PersonExportFilters(), fmt="xlsx", direct_max_rows=0
        )
    assert isinstance(job, Job)
    job.refresh_from_db()
    sheet = load_workbook(media_root / "exports" / f"{job.pk}.xlsx").active
    assert sheet is not None
    assert "Hà Thị Bình" not in {row[1] for row in sheet.iter_rows(values_only=True)}
    assert job.result["rows"] == 3
    wide = person_export_start(
        actor=province_user, filters=PersonExportFilters(persons=PersonFilters(commune="20")), fmt="csv"
    )
    assert not isinstance(wide, Job)
    assert "Hà Thị Bình" in names_in_csv(wide.content)


def test_an_unfinished_or_failed_export_cannot_be_downloaded(commune_user: User) -> None:
    running = Job.objects.create(owner=commune_user, kind=JOB_KIND, label="x", status=JobStatus.RUNNING)
    failed = Job.objects.create(owner=commune_user, kind=JOB_KIND, label="x", status=JobStatus.FAILED)
    client = signed_in(commune_user)
    for job in (running, failed):
        assert client.get(reverse("web:export_download", kwargs={"job_id": job.pk})).status_code == 404


def test_a_failed_background_export_leaves_no_file(
    commune_user: User,
    media_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_person(commune_user)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "write_csv", broken)
    with django_capture_on_commit_callbacks(execute=True):  # the task queue records the error
        person_export_start(actor=commune_user, filters=PersonExportFilters(), fmt="csv", direct_max_rows=0)
    job = Job.objects.get(kind=JOB_KIND)
    assert (job.status, job.message) == (JobStatus.FAILED, "disk full")
    assert not (media_root / "exports" / f"{job.pk}.csv").exists()
