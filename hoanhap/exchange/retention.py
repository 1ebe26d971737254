"""Deleting generated files that hold personal data once they have served their purpose.

An export is a copy of personal data outside the registry's scope checks; kept forever on the server's disk
it would outlive every correction and every removal. Each export job's file is deleted
``settings.FILE_RETENTION_HOURS`` after the job finished; the job row stays (who exported what, when) and
says the file is gone, so the officer knows to export again. Files in the exports folder that no job
claims (a crash between writing and recording) are deleted by their age too.

An uploaded list is deleted when its import is committed or cancelled (its rows keep every cell); an
import left unfinished longer than the retention period is cancelled and its file deleted.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hoanhap.audit.services import audit_record
from hoanhap.exchange.exports import JOB_KIND, export_path
from hoanhap.exchange.import_services import import_file_path
from hoanhap.exchange.models import ImportStatus, PersonImport
from hoanhap.jobs.models import Job, JobStatus

FILE_DELETED_KEY = "file_deleted_at"


def _cutoff(now: datetime | None) -> datetime:
    return (now or timezone.now()) - timedelta(hours=settings.FILE_RETENTION_HOURS)


def _export_jobs_due(cutoff: datetime) -> list[Job]:
    jobs = Job.objects.filter(kind=JOB_KIND, status=JobStatus.SUCCEEDED, finished_at__lt=cutoff)
    return [job for job in jobs if isinstance(job.result, dict) and FILE_DELETED_KEY not in job.result]


def _orphan_files(cutoff: datetime, claimed: set[Path]) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "exports"
    if not folder.is_dir():
        return []
    oldest = cutoff.timestamp()
    return [
        path
        for path in folder.iterdir()
        if path.is_file() and path not in claimed and path.stat().st_mtime < oldest
    ]


def expired_files_purge(*, now: datetime | None = None) -> int:
    """Delete the export files older than the retention period; return how many files were deleted."""
    cutoff = _cutoff(now)
    deleted_at = (now or timezone.now()).isoformat()
    deleted = 0
    job_ids: list[str] = []
    with transaction.atomic():
        for job in _export_jobs_due(cutoff):
            result = job.result if isinstance(job.result, dict) else {}
            path = export_path(job_id=job.pk, fmt=str(result.get("format") or "xlsx"))
            if path.is_file():
                path.unlink()
                deleted += 1
            job.result = {**result, FILE_DELETED_KEY: deleted_at}
            job.save(update_fields=["result"])
            job_ids.append(str(job.pk))
        live = {
            export_path(job_id=job.pk, fmt=str(job.result.get("format")))
            for job in Job.objects.filter(kind=JOB_KIND, status=JobStatus.SUCCEEDED)
            if isinstance(job.result, dict) and job.result.get("format") in ("xlsx", "csv")
        }
        orphans = _orphan_files(cutoff, live)
        for path in orphans:
            path.unlink(missing_ok=True)
        deleted += len(orphans)
        stale_imports = list(
            PersonImport.objects.filter(
                status=ImportStatus.PREVIEW, created_at__lt=cutoff
            ).select_for_update()
        )
        for person_import in stale_imports:
            path = import_file_path(person_import)
            if path.is_file():
                path.unlink()
                deleted += 1
        PersonImport.objects.filter(pk__in=[i.pk for i in stale_imports]).update(
            status=ImportStatus.CANCELLED
        )
        if job_ids or orphans or stale_imports:
            audit_record(
                actor=None,
                action="exchange.files.purged",
                object_type="exchange.export_file",
                object_repr="export files",
                new={
                    "jobs": job_ids,
                    "orphan_files": [path.name for path in orphans],
                    "imports_cancelled": [str(i.pk) for i in stale_imports],
                    "retention_hours": settings.FILE_RETENTION_HOURS,
                },
            )
    return deleted
