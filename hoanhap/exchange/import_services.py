"""Importing a commune's list: upload → analyse (the dry run) → map and decide → commit.

Pipeline (after pretix's importer): the upload keeps the file and finds its table; the analysis converts
and classifies every source row and stores it (``ImportRow``), writing nothing to the registry; the officer
may change the column mapping (analysed again) and decide on possible duplicates; the commit writes the
rows that create or update persons, in chunks, each chunk in one transaction that also marks its rows as
written. So a commit interrupted anywhere (a crash, a restart, a killed worker) resumes where it stopped,
and running it again writes nothing twice; importing the same file again finds its persons already
registered and changes nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.assessments.models import AssessingBody, CertificateReason
from hoanhap.assessments.selectors import current_certificate
from hoanhap.assessments.services import (
    DeterminationData,
    ImportedDisability,
    certificate_issue,
    determination_record,
    disabilities_record_many,
)
from hoanhap.audit.services import audit_record
from hoanhap.core.bulk import cycle_collection_paused, insert_rows, update_rows
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.import_classify import Registry, SourceRow, classify_rows, differences
from hoanhap.exchange.import_files import cells_to_json
from hoanhap.exchange.import_rows import Problem, RowContext, RowValues, row_values
from hoanhap.exchange.models import Decision, ImportMapping, ImportRow, ImportStatus, PersonImport, RowClass
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.encoding import prevailing_encoding
from hoanhap.exchange.reading.headers import label_key
from hoanhap.exchange.reading.table import RowKind, Table, read_tables
from hoanhap.exchange.reading.workbook import MAX_DATA_ROWS
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Ethnicity, Person, PersonStatus
from hoanhap.people.services import person_data_from, person_update, persons_register_many
from hoanhap.people.validation import legacy_province_codes

logger = logging.getLogger(__name__)

MANAGE = "registry.manage"
MAX_FILE_BYTES = 50 * 1024 * 1024
COMMIT_CHUNK = 500
ANALYSE_CHUNK = 2000
TEXT_FIELDS = (f.FULL_NAME, f.VILLAGE, f.ADDRESS, f.CARER_NAME, f.CARER_RELATION)
WRITES = (RowClass.CREATE, RowClass.UPDATE, RowClass.POSSIBLE_DUPLICATE)

Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, message: str = "") -> None:
    return None


def _check_actor(actor: Any, commune: AdminUnit) -> None:
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
    _check_actor(actor, commune)
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
    _check_open(actor, person_import)
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
    _check_open(actor, person_import)
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


def _check_open(actor: Any, person_import: PersonImport) -> None:
    _check_actor(actor, person_import.commune)
    if person_import.status != ImportStatus.PREVIEW:
        raise ApplicationError(_("This import can no longer be changed."), code="import_closed")


@transaction.atomic
def person_import_cancel(*, actor: Any, person_import: PersonImport) -> PersonImport:
    _check_open(actor, person_import)
    person_import.status = ImportStatus.CANCELLED
    person_import.save(update_fields=["status"])
    import_file_path(person_import).unlink(missing_ok=True)
    audit_record(
        actor=actor, action="exchange.import.cancelled", obj=person_import, unit_path=person_import.unit_path
    )
    return person_import


# --- Analysis (the dry run) ------------------------------------------------------------------------------


def _context(person_import: PersonImport, table: Table, mapping: Mapping[int, str]) -> RowContext:
    encodings: dict[int, str | None] = {}
    for index, field in mapping.items():
        if field in TEXT_FIELDS:
            texts = [
                row.cells[index]
                for row in table.data_rows
                if index < len(row.cells) and isinstance(row.cells[index], str)
            ]
            encodings[index] = prevailing_encoding(texts)  # type: ignore[arg-type]
    return RowContext(
        commune=person_import.commune,
        ethnicities=dict(Ethnicity.objects.values_list("code", "name")),
        province_codes=legacy_province_codes(),
        today=timezone.localdate(),
        column_encodings=encodings,
    )


@dataclasses.dataclass(slots=True)
class _AnalysedRow:
    """One source row as the analysis stores it (an ``ImportRow``, without a model instance per row)."""

    sheet: str
    row_number: int
    kind: str
    cells: list[Any]
    cell_types: str
    section: str
    row_class: str = RowClass.NOT_DATA
    reasons: list[dict[str, str]] = dataclasses.field(default_factory=list)
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    match_id: int | None = None
    duplicate_of_row: int | None = None


_ANALYSED_COLUMNS = (
    "person_import_id",
    "sheet",
    "row_number",
    "kind",
    "cells",
    "cell_types",
    "section",
    "row_class",
    "reasons",
    "values",
    "match_id",
    "duplicate_of_row",
    "decision",
    "applied",
    "person_id",
)


@cycle_collection_paused()
def person_import_analyse(
    *, actor: Any, person_import: PersonImport, progress: Progress = _no_progress
) -> dict[str, int]:
    """Convert and classify every source row, replacing any earlier analysis; write nothing else.

    Returns the count of rows per class (also stored on the import)."""
    _check_open(actor, person_import)
    search = read_tables(import_file_path(person_import), file_name=person_import.file_name)
    tables = [table for table in search.tables if table.sheet in person_import.layout]
    total = sum(len(table.rows) for table in tables)
    rows: list[_AnalysedRow] = []
    for table in tables:
        mapping = column_mapping(person_import, table.sheet)
        context = _context(person_import, table, mapping)
        converted: list[tuple[_AnalysedRow, RowValues]] = []
        for source in table.rows:
            cells, types = cells_to_json(source.cells)
            row = _AnalysedRow(
                sheet=table.sheet,
                row_number=source.number,
                kind=source.kind,
                cells=cells,
                cell_types=types[:200],
                section=source.section[:200],
            )
            rows.append(row)
            if source.kind != RowKind.DATA:
                continue
            values = row_values(source.cells, mapping, section=source.section, context=context)
            row.values = values.as_json()
            if values.problems:
                row.row_class = RowClass.REJECTED
                row.reasons = [problem.as_json() for problem in values.problems]
            else:
                converted.append((row, values))
            if len(rows) % ANALYSE_CHUNK == 0:
                progress(len(rows), total, "")
        classified = classify_rows(
            [SourceRow(row.row_number, values) for row, values in converted],
            commune=person_import.commune,
            scope=actor.scope,
        )
        for (row, _values), outcome in zip(converted, classified, strict=True):
            row.row_class = outcome.row_class
            row.match_id = outcome.match.pk if outcome.match is not None else None
            row.duplicate_of_row = outcome.duplicate_of_row
            row.reasons = [problem.as_json() for problem in outcome.reasons]
    counts = dict(Counter(row.row_class for row in rows))
    with transaction.atomic():
        locked = PersonImport.objects.select_for_update().get(pk=person_import.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ApplicationError(_("This import can no longer be changed."), code="import_closed")
        ImportRow.objects.filter(person_import=person_import).delete()
        insert_rows(ImportRow, _ANALYSED_COLUMNS, (_stored(person_import, row) for row in rows))
        person_import.counts = counts
        person_import.save(update_fields=["counts"])
        audit_record(
            actor=actor,
            action="exchange.import.analysed",
            obj=person_import,
            unit_path=person_import.unit_path,
            new={"counts": counts},
        )
    progress(total, total, "")
    return counts


def _stored(person_import: PersonImport, row: _AnalysedRow) -> tuple[Any, ...]:
    """The row's values in the order of ``_ANALYSED_COLUMNS``; no decision yet, nothing written."""
    return (
        person_import.pk,
        row.sheet,
        row.row_number,
        row.kind,
        row.cells,
        row.cell_types,
        row.section,
        row.row_class,
        row.reasons,
        row.values,
        row.match_id,
        row.duplicate_of_row,
        Decision.NONE,
        False,
        None,
    )


# --- Commit ----------------------------------------------------------------------------------------------


def _rows_to_write(person_import: PersonImport) -> Any:
    return _to_write(ImportRow.objects.filter(person_import=person_import))


def _to_write(rows: Any) -> Any:
    return rows.filter(applied=False, row_class__in=WRITES).exclude(
        row_class=RowClass.POSSIBLE_DUPLICATE, decision__in=[Decision.NONE, Decision.SKIP]
    )


@cycle_collection_paused()
def person_import_commit(
    *, actor: Any, person_import: PersonImport, progress: Progress = _no_progress
) -> dict[str, int]:
    """Write the rows that create or update persons; resumable and idempotent (see the module docstring).

    Returns the changes written so far: persons created, updated, and rows found changed meanwhile."""
    _check_actor(actor, person_import.commune)
    started = PersonImport.objects.filter(
        pk=person_import.pk, status__in=[ImportStatus.PREVIEW, ImportStatus.COMMITTING]
    ).update(status=ImportStatus.COMMITTING)
    if not started:
        raise ApplicationError(_("This import can no longer be changed."), code="import_closed")
    # The rows to write, listed once and then read by their ids alone, chunk by chunk. Any condition on the
    # import lets PostgreSQL, without statistics yet on the rows the analysis has just stored, read every
    # row of the import for each chunk (quadratic: a fifth of a 100,000-row commit).
    pending = list(_rows_to_write(person_import).order_by("id").values_list("id", flat=True))
    total = len(pending) + sum(person_import.applied.values() or [0])
    for start in range(0, len(pending), COMMIT_CHUNK):
        with transaction.atomic():
            # One chunk at a time, whoever runs it: a second worker resuming the same import waits here
            # and then finds the chunk already written, which the filter leaves out.
            locked = PersonImport.objects.select_for_update().get(pk=person_import.pk)
            ids = pending[start : start + COMMIT_CHUNK]
            # Only what writing needs: the cells, kept for the preview and the error workbook, are not read.
            chunk = list(
                _to_write(ImportRow.objects.filter(id__in=ids))
                .only("id", "row_number", "row_class", "decision", "values", "match_id", "person_import_id")
                .order_by("id")
            )
            if not chunk:
                continue
            written = _write_chunk(actor, locked, chunk)
            applied = Counter(locked.applied)
            applied.update(written)
            locked.applied = dict(applied)
            locked.save(update_fields=["applied"])
            person_import.applied = locked.applied
        progress(sum(person_import.applied.values()), total, "")
    import_file_path(person_import).unlink(
        missing_ok=True
    )  # the rows keep every cell; the file is no longer needed
    with transaction.atomic():
        counts = dict(
            Counter(ImportRow.objects.filter(person_import=person_import).values_list("row_class", flat=True))
        )
        PersonImport.objects.filter(pk=person_import.pk).update(
            status=ImportStatus.COMMITTED, committed_at=timezone.now(), committed_by=actor, counts=counts
        )
        person_import.refresh_from_db()
        audit_record(
            actor=actor,
            action="exchange.import.committed",
            obj=person_import,
            unit_path=person_import.unit_path,
            new={"applied": person_import.applied, "counts": person_import.counts},
        )
    return dict(person_import.applied)


def _values_of(row: ImportRow, commune: AdminUnit) -> RowValues:
    """The row's stored values back as a ``RowValues`` (the analysis validated them)."""
    stored = row.values
    person = PersonData(
        full_name=stored["full_name"],
        sex=stored["sex"],
        commune=commune,
        birth_date=date.fromisoformat(stored["birth_date"]) if stored["birth_date"] else None,
        birth_year=stored["birth_year"],
        ethnicity=stored["ethnicity"],
        cccd=stored["cccd"],
        village=stored["village"],
        phone=stored["phone"],
        household=stored["household"],
        carer_name=stored["carer_name"],
        carer_relation=stored["carer_relation"],
    )
    return RowValues(
        person=person,
        types=tuple(stored["types"]),
        severity=stored["severity"],
        determination_date=date.fromisoformat(stored["determination_date"])
        if stored["determination_date"]
        else None,
        certificate_number=stored["certificate_number"],
        certificate_date=date.fromisoformat(stored["certificate_date"])
        if stored["certificate_date"]
        else None,
    )


def _write_chunk(actor: Any, person_import: PersonImport, chunk: list[ImportRow]) -> Counter[str]:
    commune = person_import.commune
    written: Counter[str] = Counter()
    values = {row.pk: _values_of(row, commune) for row in chunk}
    taken = set(
        Person.objects.filter(
            cccd__in=[v.person.cccd for v in values.values() if v.person.cccd],
            status=PersonStatus.ACTIVE,
            merged_into__isnull=True,
        ).values_list("cccd", flat=True)
    )
    creates = [
        row
        for row in chunk
        if row.row_class == RowClass.CREATE
        or (row.row_class == RowClass.POSSIBLE_DUPLICATE and row.decision == Decision.CREATE)
    ]
    fresh = []
    for row in creates:
        cccd = values[row.pk].person.cccd
        if cccd and cccd in taken:
            # Registered by someone else since the analysis: the row now needs the officer again.
            row.row_class = RowClass.REJECTED
            row.reasons = [
                Problem(
                    "cccd", _("Since the file was checked, a person with this citizen ID was registered.")
                ).as_json()
            ]
            row.save(update_fields=["row_class", "reasons"])
            written["changed_meanwhile"] += 1
            continue
        taken.add(cccd)
        fresh.append(row)
    persons = persons_register_many(
        actor=actor, records=[values[row.pk].person for row in fresh], note={"import": str(person_import.pk)}
    )
    disabilities = []
    basis = _import_basis(person_import)
    for row, person in zip(fresh, persons, strict=True):
        row.person = person
        row.applied = True
        if values[row.pk].has_disability:
            disabilities.append(_imported_disability(person, values[row.pk], basis))
    disabilities_record_many(actor=actor, items=disabilities, note={"import": str(person_import.pk)})
    # Both at once: each UPDATE of a row rewrites it (with its cells), so not twice.
    update_rows(ImportRow, ["person", "applied"], [(row.pk, row.person_id, True) for row in fresh])
    written["created"] += len(fresh)
    # By id: ``row not in creates`` compares model instances one by one, quadratic in the chunk's size.
    created_ids = {row.pk for row in creates}
    updates = [row for row in chunk if row.pk not in created_ids]
    for row in updates:
        _write_update(actor, person_import, row, values[row.pk])
        written["updated" if row.applied else "changed_meanwhile"] += 1
    return written


def _import_basis(person_import: PersonImport) -> tuple[str, str]:
    """The basis written on a determination the import records: with a date given by the list, and
    without one. Made once per chunk (translating costs per call)."""
    given = _("From the list “%(file)s” imported on %(date)s.") % {
        "file": person_import.file_name,
        "date": timezone.localdate().strftime("%d/%m/%Y"),
    }
    missing = (
        given
        + " "
        + _("The list did not give the date of the determination: the date of the import is used.")
    )
    return given, missing


def _imported_disability(person: Person, values: RowValues, basis: tuple[str, str]) -> ImportedDisability:
    decided_on = values.determination_date or values.certificate_date
    return ImportedDisability(
        person=person,
        determination=DeterminationData(
            decided_on=decided_on or timezone.localdate(),
            body=AssessingBody.COMMUNE_COUNCIL,
            severity=values.severity,
            types=list(values.types),
            basis=basis[0] if decided_on else basis[1],
        ),
        certificate_number=values.certificate_number,
        certificate_issued_on=values.certificate_date,
    )


def _write_update(actor: Any, person_import: PersonImport, row: ImportRow, values: RowValues) -> None:
    """Update the matched person with what the row states (empty cells leave the record as it is)."""
    person = (
        Person.objects.filter(pk=row.match_id or 0, merged_into__isnull=True)
        .select_related("commune")
        .first()
    )
    if person is None or not actor.scope.covers(person.unit_path):
        row.row_class = RowClass.REJECTED
        row.reasons = [
            Problem(
                "", _("The registered person this row matched has changed since the file was checked.")
            ).as_json()
        ]
        row.save(update_fields=["row_class", "reasons"])
        return
    data = person_data_from(person)
    for name in (
        "full_name",
        "birth_date",
        "sex",
        "cccd",
        "village",
        "phone",
        "household",
        "carer_name",
        "carer_relation",
    ):
        new = getattr(values.person, name)
        if new not in (None, ""):
            setattr(data, name, new)
    if values.person.birth_date is None and values.person.birth_year:
        if person.birth_date is None or person.birth_date.year != values.person.birth_year:
            data.birth_date, data.birth_year = None, values.person.birth_year
    else:
        data.birth_year = None
    if values.person.ethnicity != "99":
        data.ethnicity = values.person.ethnicity
    person = person_update(actor=actor, person=person, expected_version=person.version, data=data)
    registry_view = Registry([SourceRow(row.row_number, values)], person_import.commune)
    changed = differences(values, person, registry_view)
    if "disability" in changed:
        item = _imported_disability(person, values, _import_basis(person_import))
        determination = determination_record(actor=actor, person=person, data=item.determination)
        if values.certificate_number and "certificate" in changed:
            certificate_issue(
                actor=actor,
                person=person,
                determination=determination,
                number=values.certificate_number,
                issued_on=values.certificate_date or determination.decided_on,
                reason=CertificateReason.CHANGED
                if current_certificate(person=person)
                else CertificateReason.FIRST_ISSUE,
            )
    row.person = person
    row.applied = True
    row.save(update_fields=["person", "applied"])
