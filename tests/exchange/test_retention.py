"""Export files are deleted once the retention period is over; the job row stays and says so."""

import io
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.exchange import exports
from hoanhap.exchange.exports import JOB_KIND
from hoanhap.exchange.retention import FILE_DELETED_KEY, expired_files_purge
from hoanhap.jobs.models import Job, JobStatus
from tests.factories import make_person, signed_in, unit

pytestmark = pytest.mark.django_db

EXPORT = "/persons/export/"


def finished_export(owner: User, media_root: Path, *, hours_ago: float) -> tuple[Job, Path]:
    finished = timezone.now() - timedelta(hours=hours_ago)
    job = Job.objects.create(
        owner=owner, kind=JOB_KIND, label="export", status=JobStatus.SUCCEEDED, finished_at=finished
    )
    job.result = {"file_name": f"{job.pk}.csv", "format": "csv", "rows": 1}
    job.save(update_fields=["result"])
    path = media_root / "exports" / f"{job.pk}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbfname\r\n")
    os.utime(path, (finished.timestamp(), finished.timestamp()))
    return job, path


def test_files_past_the_retention_period_are_deleted_and_the_job_says_so(
    commune_user: User, media_root: Path, settings: Any
) -> None:
    settings.FILE_RETENTION_HOURS = 24
    old_job, old_file = finished_export(commune_user, media_root, hours_ago=25)
    new_job, new_file = finished_export(commune_user, media_root, hours_ago=23)

    assert expired_files_purge() == 1

    assert not old_file.exists()
    assert new_file.exists()
    old_job.refresh_from_db()
    new_job.refresh_from_db()
    assert FILE_DELETED_KEY in old_job.result
    assert FILE_DELETED_KEY not in new_job.result
    event = AuditEvent.objects.get(action="exchange.files.purged")
    assert event.new_values["jobs"] == [str(old_job.pk)]
    assert expired_files_purge() == 0  # nothing left to do: no second event
    assert AuditEvent.objects.filter(action="exchange.files.purged").count() == 1


def test_an_unclaimed_old_file_is_deleted_but_a_recent_one_is_kept(
    commune_user: User, media_root: Path, settings: Any
) -> None:
    settings.FILE_RETENTION_HOURS = 24
    folder = media_root / "exports"
    folder.mkdir()
    stale, fresh = folder / "left-over.csv", folder / "being-written.csv"
    stale.write_text("x")
    fresh.write_text("x")
    long_ago = (timezone.now() - timedelta(hours=30)).timestamp()
    os.utime(stale, (long_ago, long_ago))

    assert expired_files_purge() == 1
    assert not stale.exists()
    assert fresh.exists()


def test_the_export_page_marks_a_deleted_file_and_its_download_is_gone(
    commune_user: User, media_root: Path, settings: Any
) -> None:
    settings.FILE_RETENTION_HOURS = 24
    job, _ = finished_export(commune_user, media_root, hours_ago=48)
    out = io.StringIO()
    call_command("purge_files", stdout=out)
    assert out.getvalue().startswith("1 file(s)")

    client = signed_in(commune_user)
    download = reverse("web:export_download", kwargs={"job_id": job.pk})
    page = client.get(EXPORT).content.decode()
    assert download not in page
    assert "File deleted" in page or "Đã xóa tệp" in page
    assert client.get(download).status_code == 404


def test_a_new_background_export_clears_the_expired_files_first(
    commune_user: User,
    media_root: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.FILE_RETENTION_HOURS = 24
    _, old_file = finished_export(commune_user, media_root, hours_ago=48)
    commune = unit("06325")
    for name in ("Lê Văn An", "Đặng Thị Ánh"):
        make_person(commune=commune, full_name=name, actor=commune_user)
    monkeypatch.setattr(exports, "DIRECT_MAX_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(commune_user).post(EXPORT, {"format": "csv"})
    assert not old_file.exists()
    assert Job.objects.filter(kind=JOB_KIND, status=JobStatus.SUCCEEDED).count() == 2


def test_an_import_left_unfinished_is_cancelled_and_its_file_deleted(
    commune_user: User, media_root: Path, settings: Any, tmp_path: Path
) -> None:
    from hoanhap.exchange.import_services import import_file_path, person_import_upload
    from hoanhap.exchange.models import ImportStatus, PersonImport
    from tests.exchange.test_import_pipeline import build_list

    settings.FILE_RETENTION_HOURS = 24
    path = build_list(tmp_path / "ds.xlsx")
    old, recent = (
        person_import_upload(
            actor=commune_user, commune=unit("06325"), file_name="ds.xlsx", content=path.read_bytes()
        )
        for _ in range(2)
    )
    PersonImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=30))

    assert expired_files_purge() == 1
    assert not import_file_path(old).exists()
    assert import_file_path(recent).exists()
    assert PersonImport.objects.get(pk=old.pk).status == ImportStatus.CANCELLED
    assert PersonImport.objects.get(pk=recent.pk).status == ImportStatus.PREVIEW
