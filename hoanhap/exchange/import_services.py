"""Importing a commune's list: upload → analyse (the dry run) → map and decide → commit.

Pipeline (after pretix's importer): the upload keeps the file and finds its table; the analysis converts
and classifies every source row and stores it (``ImportRow``), writing nothing to the registry; the officer
may change the column mapping (analysed again) and decide on possible duplicates; the commit writes the
rows that create or update persons, in chunks, each chunk in one transaction that also marks its rows as
written. So a commit interrupted anywhere (a crash, a restart, a killed worker) resumes where it stopped,
and running it again writes nothing twice; importing the same file again finds its persons already
registered and changes nothing.

This module holds the upload, the mapping, the decisions and what the steps share; the analysis is in
``import_analysis``, the commit in ``import_commit``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hoanhap.audit.services import audit_record
from hoanhap.core.bulk import cycle_collection_paused
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.models import Decision, ImportMapping, ImportRow, ImportStatus, PersonImport, RowClass
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.headers import label_key
from hoanhap.exchange.reading.table import Table, read_tables
from hoanhap.exchange.reading.workbook import MAX_DATA_ROWS
from hoanhap.geo.models import AdminUnit, Edition, Tier

logger = logging.getLogger(__name__)

MANAGE = "registry.manage"
MAX_FILE_BYTES = 50 * 1024 * 1024
WRITES = (RowClass.CREATE, RowClass.UPDATE, RowClass.POSSIBLE_DUPLICATE)

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str = "") -> None:
    return None


def check_actor(actor: Any, commune: AdminUnit) -> None:
    if not actor.has_capability(MANAGE):
        raise ApplicationError(_("You cannot import persons."), code="forbidden")
    if commune.edition != Edition.CURRENT or commune.tier != Tier.COMMUNE:
        raise ApplicationError(_("Choose a commune of today's administrative units."), field="commune")
    if not actor.scope.covers(commune.path):
        raise ApplicationError(_("This commune is outside your area."), code="out_of_scope", field="commune")


def import_file_path(person_import: PersonImport) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / person_import.stored_file


# --- Upload ----------------------------------------------------------------------------------------------


@cycle_collection_paused()
@transaction.atomic
def person_import_upload(*, actor: Any, commune: AdminUnit, file_name: str, content: bytes) -> PersonImport:
    """Keep the file and find its table(s); ``ApplicationError`` when it is no readable list.

    Nothing is classified yet: ``person_import_analyse`` does that (a background job for large files).
    """
    check_actor(actor, commune)
    if not content:
        raise ApplicationError(_("The file is empty."), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise ApplicationError(
            _("The file is larger than %(size)d MB: split the list into several files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)},
            field="file",
        )
    file_name = Path(file_name).name[:255] or "list"
    person_import = PersonImport(
        commune=commune,
        unit_path=commune.path,
        file_name=file_name,
        file_sha256=hashlib.sha256(content).hexdigest(),
        file_size=len(content),
        created_by=actor,
    )
    suffix = Path(file_name).suffix.lower()[:8]
    person_import.stored_file = f"{person_import.pk}{suffix}"
    path = import_file_path(person_import)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    try:
        search = read_tables(path, file_name=file_name)
    except ApplicationError as error:
        path.unlink(missing_ok=True)
        error.field = "file"
        raise
    if not search.tables:
        path.unlink(missing_ok=True)
        reasons = "; ".join(f"{sheet.name}: {sheet.reason}" for sheet in search.skipped)
        raise ApplicationError(
            _("No list of persons was found in the file (%(reasons)s).") % {"reasons": reasons}, field="file"
        )
    data_rows = sum(len(table.data_rows) for table in search.tables)
    if data_rows > MAX_DATA_ROWS:
        path.unlink(missing_ok=True)
        raise ApplicationError(
            _("The file has %(rows)d persons; an import takes at most %(limit)d. Split the list.")
            % {"rows": data_rows, "limit": MAX_DATA_ROWS},
            field="file",
        )
    person_import.layout = _layout(search.tables, commune)
    person_import.skipped_sheets = [
        {"sheet": sheet.name, "reason": str(sheet.reason)} for sheet in search.skipped
    ]
    person_import.save()
    audit_record(
        actor=actor,
        action="exchange.import.uploaded",
        obj=person_import,
        unit_path=person_import.unit_path,
        new={
            "file_name": file_name,
            "sha256": person_import.file_sha256,
            "size": person_import.file_size,
            "commune": commune.code,
            "sheets": list(person_import.layout),
        },
    )
    return person_import


def _layout(tables: list[Table], commune: AdminUnit) -> dict[str, Any]:
    """What was found in each sheet, with the mapping: the commune's remembered choice for a label, or
    the recognised field."""
    remembered = dict(ImportMapping.objects.filter(commune=commune).values_list("label_key", "field"))
    layout: dict[str, Any] = {}
    for table in tables:
        columns = []
        for column in table.columns:
            key = label_key(column.label)
            field = remembered.get(key, column.field) if key else column.field
            columns.append(
                {
                    "index": column.index,
                    "letter": column.letter,
                    "label": column.label,
                    "parent": column.heading.parent,
                    "text": column.heading.text,
                    "field": field if field in f.FIELD_LABELS else f.IGNORE,
                    "proposed": column.field,
                }
            )
        layout[table.sheet] = {"header_rows": list(table.header_rows), "columns": columns}
    return layout


def column_mapping(person_import: PersonImport, sheet: str) -> dict[int, str]:
    return {column["index"]: column["field"] for column in person_import.layout[sheet]["columns"]}


# --- Mapping and decisions -------------------------------------------------------------------------------


@transaction.atomic
def person_import_map(
    *, actor: Any, person_import: PersonImport, sheet: str, mapping: Mapping[int, str]
) -> PersonImport:
    """Change the fields of a sheet's columns (remembered for the commune's next file). The caller then
    analyses the import again. Each field but "do not import" may be taken by one column only."""
    check_open(actor, person_import)
    if sheet not in person_import.layout:
        raise ApplicationError(_("The file has no such sheet."), field="sheet")
    taken: dict[str, str] = {}
    columns = person_import.layout[sheet]["columns"]
    for column in columns:
        field = mapping.get(column["index"], column["field"])
        if field not in f.FIELD_LABELS:
            raise ApplicationError(_("Choose a field from the list."), field=f"column_{column['index']}")
        if field != f.IGNORE and field in taken:
            raise ApplicationError(
                _("Columns %(first)s and %(second)s are both mapped to “%(field)s”: keep one.")
                % {"first": taken[field], "second": column["letter"], "field": f.FIELD_LABELS[field]},
                field=f"column_{column['index']}",
            )
        taken[field] = column["letter"]
        column["field"] = field
    if not any(column["field"] == f.FULL_NAME for column in columns):
        raise ApplicationError(_("Map one column to the full name."), field="mapping")
    person_import.save(update_fields=["layout"])
    for column in columns:
        key = label_key(column["label"])
        if key:
            ImportMapping.objects.update_or_create(
                commune=person_import.commune, label_key=key, defaults={"field": column["field"]}
            )
    audit_record(
        actor=actor,
        action="exchange.import.mapped",
        obj=person_import,
        unit_path=person_import.unit_path,
        new={"sheet": sheet, "mapping": {column["letter"]: column["field"] for column in columns}},
    )
    return person_import


@transaction.atomic
def person_import_decide(*, actor: Any, person_import: PersonImport, decisions: Mapping[int, str]) -> int:
    """Record the officer's decision on possible duplicates (row id → create/update/skip)."""
    check_open(actor, person_import)
    rows = ImportRow.objects.filter(
        person_import=person_import, pk__in=list(decisions), row_class=RowClass.POSSIBLE_DUPLICATE
    )
    changed = 0
    for row in rows:
        decision = decisions[row.pk]
        if decision not in Decision.values:
            raise ApplicationError(_("Choose what to do with the row."), field=f"decision_{row.pk}")
        if decision != row.decision:
            row.decision = decision
            row.save(update_fields=["decision"])
            changed += 1
    if changed:
        audit_record(
            actor=actor,
            action="exchange.import.decided",
            obj=person_import,
            unit_path=person_import.unit_path,
            new={"decisions": {str(row_id): value for row_id, value in decisions.items()}},
        )
    return changed


def check_open(actor: Any, person_import: PersonImport) -> None:
    check_actor(actor, person_import.commune)
    if person_import.status != ImportStatus.PREVIEW:
        raise ApplicationError(_("This import can no longer be changed."), code="import_closed")


@transaction.atomic
def person_import_cancel(*, actor: Any, person_import: PersonImport) -> PersonImport:
    check_open(actor, person_import)
    person_import.status = ImportStatus.CANCELLED
    person_import.save(update_fields=["status"])
    import_file_path(person_import).unlink(missing_ok=True)
    audit_record(
        actor=actor, action="exchange.import.cancelled", obj=person_import, unit_path=person_import.unit_path
    )
    return person_import
