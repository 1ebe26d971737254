"""The analysis of an import (the dry run): every source row converted, classified and stored as an
``ImportRow``; nothing else is written. See ``import_services`` for the whole pipeline."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.audit.services import audit_record
from hoanhap.core.bulk import cycle_collection_paused, insert_rows
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.import_classify import SourceRow, classify_rows
from hoanhap.exchange.import_files import cells_to_json
from hoanhap.exchange.import_records import RecordContext, RecordValues, list_provider, record_row_values
from hoanhap.exchange.import_records_match import RecordRow, classify_record_rows
from hoanhap.exchange.import_rows import RowContext, RowValues, row_values
from hoanhap.exchange.import_services import (
    Progress,
    check_open,
    column_mapping,
    import_file_path,
    list_commune,
    no_progress,
    requires_birth,
)
from hoanhap.exchange.models import Decision, ImportRow, ImportStatus, ImportTarget, PersonImport, RowClass
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.encoding import prevailing_encoding
from hoanhap.exchange.reading.table import RowKind, Table, TableRow, read_tables
from hoanhap.people.models import Ethnicity
from hoanhap.people.validation import legacy_province_codes

ANALYSE_CHUNK = 2000
TEXT_FIELDS = (
    f.FULL_NAME,
    f.VILLAGE,
    f.ADDRESS,
    f.CARER_NAME,
    f.CARER_RELATION,
    f.OUTCOME,
    f.POSITION,
    f.WORKPLACE,
    f.CARED_FOR,
    f.NOTES,
)


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
    *, actor: Any, person_import: PersonImport, progress: Progress = no_progress
) -> dict[str, int]:
    """Convert and classify every source row, replacing any earlier analysis; write nothing else.

    Returns the count of rows per class (also stored on the import)."""
    check_open(actor, person_import)
    search = read_tables(
        import_file_path(person_import),
        file_name=person_import.file_name,
        require_birth=requires_birth(person_import),
    )
    tables = [table for table in search.tables if table.sheet in person_import.layout]
    total = sum(len(table.rows) for table in tables)
    rows: list[_AnalysedRow] = []
    for table in tables:
        mapping = column_mapping(person_import, table.sheet)
        context = _context(person_import, table, mapping)
        if person_import.target != ImportTarget.PERSONS:
            _analyse_records(actor, person_import, table, mapping, context, rows)
            continue
        converted: list[tuple[_AnalysedRow, RowValues]] = []
        for source in table.rows:
            row = _source_row(table, source)
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
            commune=list_commune(person_import),
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


def _source_row(table: Table, source: TableRow) -> _AnalysedRow:
    cells, types = cells_to_json(source.cells)
    return _AnalysedRow(
        sheet=table.sheet,
        row_number=source.number,
        kind=source.kind,
        cells=cells,
        cell_types=types[:200],
        section=source.section[:200],
    )


def _analyse_records(
    actor: Any,
    person_import: PersonImport,
    table: Table,
    mapping: Mapping[int, str],
    reader_context: RowContext,
    rows: list[_AnalysedRow],
) -> None:
    """Convert and classify the rows of one sheet of a service or attendance list into ``rows``."""
    context = RecordContext(
        person_import=person_import,
        reader_context=reader_context,
        service_type=person_import.service_type,
        provider=list_provider(person_import),
        today=reader_context.today,
    )
    converted: list[tuple[_AnalysedRow, RecordValues]] = []
    for source in table.rows:
        row = _source_row(table, source)
        rows.append(row)
        if source.kind != RowKind.DATA:
            continue
        values = record_row_values(source.cells, mapping, context=context)
        row.values = values.as_json()
        if values.problems:
            row.row_class = RowClass.REJECTED
            row.reasons = [problem.as_json() for problem in values.problems]
        else:
            converted.append((row, values))
    classified = classify_record_rows(
        [RecordRow(row.row_number, values) for row, values in converted],
        person_import=person_import,
        actor=actor,
    )
    for (row, _values), outcome in zip(converted, classified, strict=True):
        row.row_class = outcome.row_class
        row.match_id = outcome.match.pk if outcome.match is not None else None
        row.duplicate_of_row = outcome.duplicate_of_row
        row.reasons = [problem.as_json() for problem in outcome.reasons]


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
