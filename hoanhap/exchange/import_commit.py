"""The commit of an import: the rows that create or update persons written in chunks, each chunk in one
transaction that also marks its rows as written, so that a commit interrupted anywhere resumes where it
stopped and never writes a row twice. See ``import_services`` for the whole pipeline."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

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
from hoanhap.core.bulk import cycle_collection_paused, update_rows
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.import_classify import Registry, SourceRow, differences
from hoanhap.exchange.import_records_commit import write_record_chunk
from hoanhap.exchange.import_rows import Problem, RowValues
from hoanhap.exchange.import_services import (
    WRITES,
    Progress,
    check_import_actor,
    import_file_path,
    list_commune,
    no_progress,
)
from hoanhap.exchange.models import Decision, ImportRow, ImportStatus, ImportTarget, PersonImport, RowClass
from hoanhap.geo.models import AdminUnit
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.services import person_data_from, person_update, persons_register_many

COMMIT_CHUNK = 500


def _rows_to_write(person_import: PersonImport) -> Any:
    return _to_write(ImportRow.objects.filter(person_import=person_import))


def _to_write(rows: Any) -> Any:
    return rows.filter(applied=False, row_class__in=WRITES).exclude(
        row_class=RowClass.POSSIBLE_DUPLICATE, decision__in=[Decision.NONE, Decision.SKIP]
    )


@cycle_collection_paused()
def person_import_commit(
    *, actor: Any, person_import: PersonImport, progress: Progress = no_progress
) -> dict[str, int]:
    """Write the rows that create or update persons; resumable and idempotent (see the module docstring).

    Returns the changes written so far: persons created, updated, and rows found changed meanwhile."""
    check_import_actor(actor, person_import)
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
            if locked.target == ImportTarget.PERSONS:
                written = _write_chunk(actor, locked, chunk)
            else:
                written = write_record_chunk(actor, locked, chunk)
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
    commune = list_commune(person_import)
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
    registry_view = Registry([SourceRow(row.row_number, values)], list_commune(person_import))
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
