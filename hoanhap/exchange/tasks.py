"""Starting an export: made at once when it is small, as a background job with progress otherwise."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from hoanhap.exchange import exports
from hoanhap.exchange.exports import (
    JOB_KIND,
    ExportFile,
    PersonExportFilters,
    check_export_format,
    check_export_size,
    export_path,
    person_export_count,
    person_export_file,
    person_export_write,
)
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_commit import person_import_commit
from hoanhap.exchange.models import PersonImport
from hoanhap.exchange.retention import expired_files_purge
from hoanhap.jobs.models import Job
from hoanhap.jobs.services import job_running, job_set_result, job_start


@task()
def person_export_task(job_id: str, filters: dict[str, Any], fmt: str, language: str) -> None:
    """Write the export file of job ``job_id`` as its owner sees the registry, in the owner's language."""
    expired_files_purge()  # no cron on a commune PC: each export clears the expired ones
    with job_running(job_id) as (job, progress), translation.override(language):
        path = export_path(job_id=job.pk, fmt=fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("wb") as handle:
                rows = person_export_write(
                    viewer=job.owner,
                    filters=PersonExportFilters.from_dict(filters),
                    fmt=fmt,
                    destination=handle,
                    progress=progress,
                )
        except BaseException:
            path.unlink(missing_ok=True)  # never leave half a file for download
            raise
        job_set_result(
            job_id=job.pk,
            result={"file_name": path.name, "format": fmt, "rows": rows},
            message=ngettext(
                "%(count)d person exported. Download the file from the export page.",
                "%(count)d persons exported. Download the file from the export page.",
                rows,
            )
            % {"count": rows},
        )


def person_export_start(
    *, actor: Any, filters: PersonExportFilters, fmt: str, direct_max_rows: int | None = None
) -> ExportFile | Job:
    """The export file itself when the list has at most ``direct_max_rows`` persons (default
    ``exports.DIRECT_MAX_ROWS``), otherwise the background job that makes it for ``actor`` to download."""
    check_export_format(fmt)
    total = person_export_count(viewer=actor, filters=filters)
    check_export_size(fmt, total)
    limit = exports.DIRECT_MAX_ROWS if direct_max_rows is None else direct_max_rows
    if total <= limit:
        return person_export_file(viewer=actor, filters=filters, fmt=fmt)
    return job_start(
        owner=actor,
        kind=JOB_KIND,
        label=_("Export of the person list (%(count)d persons, %(format)s)")
        % {"count": total, "format": fmt.upper()},
        task=person_export_task,
        filters=filters.as_dict(),
        fmt=fmt,
        language=translation.get_language() or "vi",
    )


ANALYSE_JOB = "exchange.person_import.analyse"
COMMIT_JOB = "exchange.person_import.commit"


@task()
def person_import_analyse_task(job_id: str, import_id: str, language: str) -> None:
    """Check and classify every row of the import (the dry run) for the job's owner."""
    with job_running(job_id) as (job, progress), translation.override(language):
        person_import = PersonImport.objects.select_related("commune").get(pk=import_id)
        counts = person_import_analyse(actor=job.owner, person_import=person_import, progress=progress)
        job_set_result(
            job_id=job.pk,
            result={"import": import_id, "counts": counts},
            message=_("The list is checked: see what the import will do before importing it."),
        )


@task()
def person_import_commit_task(job_id: str, import_id: str, language: str) -> None:
    """Write the import's rows; safe to run again after an interruption (it resumes)."""
    with job_running(job_id) as (job, progress), translation.override(language):
        person_import = PersonImport.objects.select_related("commune").get(pk=import_id)
        applied = person_import_commit(actor=job.owner, person_import=person_import, progress=progress)
        job_set_result(
            job_id=job.pk,
            result={"import": import_id, "applied": applied},
            message=_("%(created)d persons registered, %(updated)d updated.")
            % {"created": applied.get("created", 0), "updated": applied.get("updated", 0)},
        )


def _start(*, actor: Any, person_import: PersonImport, kind: str, label: str, task: Any) -> Job:
    job = job_start(
        owner=actor,
        kind=kind,
        label=label,
        task=task,
        import_id=str(person_import.pk),
        language=translation.get_language() or "vi",
    )
    PersonImport.objects.filter(pk=person_import.pk).update(job=job)
    person_import.job = job
    return job


def person_import_analyse_start(*, actor: Any, person_import: PersonImport) -> Job:
    return _start(
        actor=actor,
        person_import=person_import,
        kind=ANALYSE_JOB,
        label=_("Checking the list “%(file)s”") % {"file": person_import.file_name},
        task=person_import_analyse_task,
    )


def person_import_commit_start(*, actor: Any, person_import: PersonImport) -> Job:
    return _start(
        actor=actor,
        person_import=person_import,
        kind=COMMIT_JOB,
        label=_("Importing the list “%(file)s”") % {"file": person_import.file_name},
        task=person_import_commit_task,
    )
