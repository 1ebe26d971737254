"""Writing a chunk of a service or attendance list: each new row through the service that records it
(``service_record_create``, ``activity_participant_add_*``), with its checks and its audit event, inside
the chunk's transaction (``import_commit``), which also marks the rows as written.

What changed since the analysis is checked again: a row whose service or participant has been recorded
meanwhile (by hand, or by another import of the same list) is marked written without writing it twice;
a row whose person was removed, merged or moved out of reach, or that the recording service now refuses,
becomes rejected with the reason, for the officer to see in the error workbook.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.import_records import RecordContext, RecordValues, list_provider
from hoanhap.exchange.import_records_match import area_persons
from hoanhap.exchange.import_rows import Problem
from hoanhap.exchange.models import ImportRow, ImportTarget, PersonImport, RowClass
from hoanhap.people.models import Person
from hoanhap.provision.activities import (
    activity_participant_add_family,
    activity_participant_add_person,
    activity_participant_add_staff,
    normalised_name,
)
from hoanhap.provision.models import ParticipantKind, ServiceRecord
from hoanhap.provision.services import service_record_create


def write_record_chunk(actor: Any, person_import: PersonImport, chunk: list[ImportRow]) -> Counter[str]:
    """Write the rows of ``chunk`` (all of them new records); the counts of what was done."""
    persons = area_persons(person_import, actor).in_bulk([row.match_id for row in chunk if row.match_id])
    context = _context(person_import)
    written: Counter[str] = Counter()
    for row in chunk:
        values = RecordValues.from_json(row.values, person_import)
        person = persons.get(row.match_id) if row.match_id else None
        try:
            # A savepoint per row: a row the service refuses leaves the chunk's other rows written.
            with transaction.atomic():
                if person_import.target == ImportTarget.SERVICES:
                    created = _write_service(actor, context, values, person)
                else:
                    created = _write_participant(actor, person_import, values, person)
        except (ApplicationError, PermissionDenied) as error:
            message = error.message if isinstance(error, ApplicationError) else _OUT_OF_REACH
            _reject(row, Problem("", message))
            written["changed_meanwhile"] += 1
            continue
        row.person = person
        row.applied = True
        row.save(update_fields=["person", "applied"])
        written["created" if created else "already_recorded"] += 1
    return written


_OUT_OF_REACH = _("You can no longer record this for the person the row names.")
_GONE = _("The registered person this row matched has changed since the file was checked.")


def _context(person_import: PersonImport) -> RecordContext | None:
    if person_import.target != ImportTarget.SERVICES:
        return None
    return RecordContext(
        person_import=person_import,
        reader_context=None,
        service_type=person_import.service_type,
        provider=list_provider(person_import),
        today=person_import.created_at.date(),
    )


def _write_service(
    actor: Any, context: RecordContext | None, values: RecordValues, person: Person | None
) -> bool:
    if context is None or person is None:
        raise ApplicationError(_GONE)
    data = values.service_data(context)
    if ServiceRecord.objects.filter(
        person=person, service_type=data.service_type, delivered_on=data.delivered_on
    ).exists():
        return False
    service_record_create(actor=actor, person=person, data=data)
    return True


def _write_participant(
    actor: Any, person_import: PersonImport, values: RecordValues, person: Person | None
) -> bool:
    activity = person_import.activity
    if activity is None:
        raise ValueError("An attendance list has its activity.")
    kind = values.participant_kind
    participants = activity.participants
    same_name = participants.filter(
        kind=kind, name_folded=normalised_name(values.person.full_name), agency__isnull=True
    )
    if kind in (ParticipantKind.PWD, ParticipantKind.FAMILY) and person is None:
        raise ApplicationError(_GONE)
    if kind == ParticipantKind.PWD and person is not None:
        if participants.filter(person=person).exists():
            return False
        activity_participant_add_person(actor=actor, activity=activity, person=person)
        return True
    if kind == ParticipantKind.FAMILY and person is not None:
        if same_name.filter(cared_for=person).exists():
            return False
        activity_participant_add_family(
            actor=actor,
            activity=activity,
            full_name=values.person.full_name,
            sex=values.person.sex,
            cared_for=person,
        )
        return True
    if same_name.exists():
        return False
    activity_participant_add_staff(
        actor=actor,
        activity=activity,
        full_name=values.person.full_name,
        sex=values.person.sex,
        position=values.position,
    )
    return True


def _reject(row: ImportRow, problem: Problem) -> None:
    row.row_class = RowClass.REJECTED
    row.reasons = [problem.as_json()]
    row.save(update_fields=["row_class", "reasons"])
