"""Reading imports: always inside the viewer's area. An import holds personal data (its rows), so reading
it needs the personal-data capability, and opening one is recorded."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from hoanhap.audit.services import audit_record
from hoanhap.core.scope import Viewer
from hoanhap.exchange.import_files import import_error_workbook
from hoanhap.exchange.import_services import WRITES
from hoanhap.exchange.models import Decision, ImportRow, PersonImport, RowClass

PERSONAL_DATA = "personal_data.view"
# The rows the error workbook holds: refused, repeated, or waiting for the officer's decision.
NEEDS_ATTENTION = (RowClass.REJECTED, RowClass.DUPLICATE_IN_FILE, RowClass.POSSIBLE_DUPLICATE)


def person_imports(*, viewer: Viewer) -> QuerySet[PersonImport]:
    """The imports of the communes in the viewer's area, newest first."""
    if not viewer.has_capability(PERSONAL_DATA):
        raise PermissionDenied
    return (
        PersonImport.objects.filter(viewer.scope.q("unit_path"))
        .select_related("commune", "created_by", "job", "service_type", "activity__unit")
        .order_by("-created_at")
    )


def commune_imports(*, viewer: Viewer, commune_path: str) -> QuerySet[PersonImport]:
    """The imports of one commune (its page lists them), for a viewer who may see it."""
    return person_imports(viewer=viewer).filter(unit_path=commune_path)


def access_person_import(*, viewer: Viewer, import_id: Any, record_read: bool = True) -> PersonImport:
    """One import in the viewer's area (``PersonImport.DoesNotExist`` otherwise: a 404)."""
    person_import = person_imports(viewer=viewer).get(pk=import_id)
    if record_read:
        audit_record(
            actor=viewer,
            action="exchange.import.viewed",
            obj=person_import,
            unit_path=person_import.unit_path,
        )
    return person_import


def import_rows(*, person_import: PersonImport, row_class: str = "") -> QuerySet[ImportRow]:
    """The import's rows in file order, of one class if given (the caller accessed the import)."""
    rows = ImportRow.objects.filter(person_import=person_import).select_related("match__commune", "person")
    if row_class:
        rows = rows.filter(row_class=row_class)
    return rows.order_by("id")


def rows_needing_attention(*, person_import: PersonImport) -> QuerySet[ImportRow]:
    """Rows refused, repeated or undecided: what the error workbook gives back to the officer."""
    return (
        ImportRow.objects.filter(person_import=person_import, row_class__in=NEEDS_ATTENTION, applied=False)
        .exclude(row_class=RowClass.POSSIBLE_DUPLICATE, decision__in=["create", "update", "skip"])
        .order_by("id")
    )


def rows_to_write_count(*, person_import: PersonImport) -> int:
    """How many rows a commit would write now (the same rule as the commit's): what the preview offers to
    import."""
    return (
        ImportRow.objects.filter(person_import=person_import, applied=False, row_class__in=WRITES)
        .exclude(row_class=RowClass.POSSIBLE_DUPLICATE, decision__in=[Decision.NONE, Decision.SKIP])
        .count()
    )


def import_errors_download(*, viewer: Viewer, person_import: PersonImport) -> bytes:
    """The error workbook of an import the viewer accessed; recorded as an export of personal data."""
    rows = list(rows_needing_attention(person_import=person_import))
    content = import_error_workbook(person_import=person_import, rows=rows)
    audit_record(
        actor=viewer,
        action="exchange.import.errors_downloaded",
        obj=person_import,
        unit_path=person_import.unit_path,
        new={"rows": len(rows), "ids": [row.pk for row in rows]},
    )
    return content
