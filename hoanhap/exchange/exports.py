"""Exporting the person list: the persons a viewer may see, filtered as on the list page, as XLSX or CSV.

One exporter contract (after pretix's exporters): a header row, then rows produced from the scoped
queryset in chunks, written by one writer per format. Text cells pass through ``safe_cell_text`` in both
formats, so a name typed as ``=HYPERLINK(…)`` never runs as a formula in the reader's spreadsheet; CSV
starts with a byte-order mark so that Excel reads the UTF-8 Vietnamese text correctly. Every export is
recorded (``people.persons.exported``) with its filters and row count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoanhap.assessments.models import DisabilityDetermination
from hoanhap.assessments.selectors import (
    current_determinations_of,
    filter_by_current_disability,
    with_current_disability,
)
from hoanhap.audit.exports import MAX_ROWS, XLSX_CONTENT_TYPE, safe_cell_text, write_xlsx
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.jobs.models import Job, JobStatus
from hoanhap.people.exports import persons_export_record
from hoanhap.people.models import Person
from hoanhap.people.selectors import PersonFilters, person_list

JOB_KIND = "exchange.person_export"
# Up to this many rows the file is made while the user waits; larger exports run as a background job.
DIRECT_MAX_ROWS = 2000
CHUNK_SIZE = 2000

ProgressCallback = Callable[[int, int, str], None]


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", gettext_lazy("Spreadsheet (XLSX)")
    CSV = "csv", gettext_lazy("Comma-separated values (CSV, UTF-8)")


CONTENT_TYPES = {ExportFormat.XLSX: XLSX_CONTENT_TYPE, ExportFormat.CSV: "text/csv; charset=utf-8"}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    format: str
    rows: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[ExportFormat(self.format)]


@dataclass(frozen=True)
class ExportDownload:
    """The stored file of a finished export job."""

    job: Job
    path: Path
    format: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[ExportFormat(self.format)]


@dataclass(frozen=True)
class PersonExportFilters:
    """The filters of the list page: those of the person, and the current disability's types and severity."""

    persons: PersonFilters = field(default_factory=PersonFilters)
    types: tuple[str, ...] = ()
    severity: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain values, as a background job's arguments (JSON) and the audit trail take them."""
        return {**asdict(self.persons), "types": sorted(self.types), "severity": self.severity}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> PersonExportFilters:
        names = {item.name for item in fields(PersonFilters)}
        return cls(
            persons=PersonFilters(**{key: value for key, value in values.items() if key in names}),
            types=tuple(values.get("types") or ()),
            severity=str(values.get("severity") or ""),
        )


def export_path(*, job_id: Any, fmt: str) -> Path:
    """Where a background export keeps its file: ``MEDIA_ROOT/exports/<job id>.<format>``."""
    return Path(settings.MEDIA_ROOT) / "exports" / f"{job_id}.{ExportFormat(fmt).value}"


def check_export_format(fmt: str) -> ExportFormat:
    if fmt not in ExportFormat.values:
        raise ApplicationError(_("Choose the file format: XLSX or CSV."), field="format")
    return ExportFormat(fmt)


def check_export_size(fmt: str, rows: int) -> None:
    """A workbook holds at most ``MAX_ROWS`` rows: refuse rather than cut the list short."""
    if fmt == ExportFormat.XLSX and rows > MAX_ROWS:
        raise ApplicationError(
            _(
                "The list has %(rows)d persons; a spreadsheet export holds at most %(limit)d. "
                "Narrow the filters, or choose CSV."
            )
            % {"rows": rows, "limit": MAX_ROWS},
            code="too_many_rows",
            field="format",
        )


def _matching(*, viewer: Viewer, filters: PersonExportFilters) -> QuerySet[Person]:
    """The persons the export holds: only those ``viewer`` may see (``person_list`` is scoped)."""
    persons = person_list(viewer=viewer, filters=filters.persons)
    return filter_by_current_disability(persons, types=list(filters.types), severity=filters.severity)


def person_export_count(*, viewer: Viewer, filters: PersonExportFilters) -> int:
    return _matching(viewer=viewer, filters=filters).count()


def person_export_headers() -> list[str]:
    return [
        _("Record number"),
        _("Full name"),
        _("Date of birth"),
        _("Year of birth"),
        _("Sex"),
        _("Ethnicity code"),
        _("Ethnicity"),
        _("Citizen ID"),
        _("Commune code"),
        _("Commune"),
        _("Village"),
        _("Status"),
        _("Severity"),
        _("Types of disability"),
    ]


def _row(person: Person, determination: DisabilityDetermination | None) -> list[Any]:
    return [
        person.pk,
        person.full_name,
        person.birth_date,
        person.birth_year,
        person.get_sex_display(),
        person.ethnicity_id,
        person.ethnicity.name,
        person.cccd,
        person.commune.code,
        person.commune.name,
        person.village,
        person.get_status_display(),
        determination.get_severity_display() if determination else "",
        "; ".join(determination.get_types_display()) if determination else "",
    ]


def _batch_rows(batch: list[Person]) -> Iterator[list[Any]]:
    """Rows of a batch of persons, with their current determinations read in one query."""
    determinations = current_determinations_of(batch)
    for person in batch:
        yield _row(person, determinations.get(person.pk))


def _person_rows(
    persons: QuerySet[Person], *, total: int, progress: ProgressCallback | None
) -> Iterator[list[Any]]:
    done = 0
    batch: list[Person] = []
    for person in persons.iterator(chunk_size=CHUNK_SIZE):
        batch.append(person)
        if len(batch) == CHUNK_SIZE:
            yield from _batch_rows(batch)
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, total, _("%(done)d of %(total)d persons") % {"done": done, "total": total})
    if batch:
        yield from _batch_rows(batch)
        done += len(batch)
    if progress is not None:
        progress(done, max(total, done), _("%(done)d of %(total)d persons") % {"done": done, "total": total})


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell_text(value)


def write_csv(destination: IO[bytes], rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> None:
    """UTF-8 with a byte-order mark (Excel needs it to read Vietnamese), every text cell neutralised."""
    text = io.TextIOWrapper(destination, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([safe_cell_text(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    text.flush()
    text.detach()  # the caller owns the destination and closes it


def person_export_write(
    *,
    viewer: Viewer,
    filters: PersonExportFilters,
    fmt: str,
    destination: IO[bytes],
    progress: ProgressCallback | None = None,
) -> int:
    """Write the persons ``viewer`` may see that match ``filters`` to ``destination``, in the Vietnamese
    name order; return the number of rows. The export is recorded in the audit trail."""
    export_format = check_export_format(fmt)
    persons = with_current_disability(_matching(viewer=viewer, filters=filters))
    total = persons.count()
    check_export_size(export_format, total)
    source = persons[:MAX_ROWS] if export_format == ExportFormat.XLSX else persons
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for row in _person_rows(source, total=total, progress=progress):
            count += 1
            yield row

    if export_format == ExportFormat.CSV:
        write_csv(destination, rows(), person_export_headers())
    else:
        destination.write(write_xlsx(rows(), person_export_headers(), sheet_name=_("Persons")))
    persons_export_record(
        viewer=viewer,
        what="person list export",
        filters={key: value for key, value in filters.as_dict().items() if value},
        rows=count,
        fmt=export_format.value,
    )
    return count


def person_export_file(*, viewer: Viewer, filters: PersonExportFilters, fmt: str) -> ExportFile:
    """A small export, made while the user waits."""
    buffer = io.BytesIO()
    rows = person_export_write(viewer=viewer, filters=filters, fmt=fmt, destination=buffer)
    return ExportFile(content=buffer.getvalue(), format=fmt, rows=rows)


def export_jobs(*, viewer: Viewer) -> QuerySet[Job]:
    """The viewer's own export jobs, newest first."""
    return Job.objects.filter(owner_id=viewer.pk, kind=JOB_KIND).order_by("-created_at")


def access_export_download(*, viewer: Viewer, job_id: Any) -> ExportDownload:
    """The file of a finished export job, for the user who started it and nobody else (not even an
    administrator: the file holds the personal data of the starter's scope). ``Job.DoesNotExist``
    otherwise, a 404."""
    job = export_jobs(viewer=viewer).get(pk=job_id, status=JobStatus.SUCCEEDED)
    result = job.result if isinstance(job.result, dict) else {}
    fmt = result.get("format")
    if fmt not in ExportFormat.values or result.get("file_name") != f"{job.pk}.{fmt}":
        raise Job.DoesNotExist
    path = export_path(job_id=job.pk, fmt=fmt)
    if not path.is_file():
        raise Job.DoesNotExist
    return ExportDownload(job=job, path=path, format=fmt)
