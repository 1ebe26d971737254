"""Classifying the rows of a service or attendance list against the file and the registry, all at once.

The list's area is the commune of a service list, the unit of an activity (and always within the
officer's area). A row that passed its checks is, in this order:
1. rejected when the person it names is not found in the area's registry: by citizen ID, or by name and
   year of birth (and the date of birth when both sides give it); two registered namesakes born the same
   year cannot be told apart without the citizen ID, so that row is rejected too, saying so. A family
   member's row names the person cared for, found by name (and the year in brackets, when given);
2. rejected when an agency reporter may not record for that person (outside the agency's area);
3. repeated in the file — the same person (or the same family member or staff name) as an earlier row,
   for a service on the same date;
4. already recorded — the service of that type on that date, or that participant of the activity:
   importing the same list again writes nothing;
5. otherwise new.
The registry is read in a few queries per thousand rows, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hoanhap.core.scope import subtree_q
from hoanhap.core.text import fold
from hoanhap.exchange.import_classify import QUERY_CHUNK, Classified
from hoanhap.exchange.import_records import RecordValues
from hoanhap.exchange.import_rows import Problem
from hoanhap.exchange.models import ImportTarget, PersonImport, RowClass
from hoanhap.exchange.reading import fields as f
from hoanhap.people.models import Person, PersonStatus
from hoanhap.provision.activities import normalised_name
from hoanhap.provision.models import ParticipantKind, ServiceRecord
from hoanhap.provision.reach import may_record


@dataclass(frozen=True)
class RecordRow:
    number: int
    values: RecordValues


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), QUERY_CHUNK):
        yield items[start : start + QUERY_CHUNK]


def area_persons(person_import: PersonImport, actor: Any) -> QuerySet[Person]:
    """The registered persons a list may name: in its area and the actor's, not merged or removed."""
    return (
        Person.objects.filter(merged_into__isnull=True)
        .exclude(status=PersonStatus.REMOVED)
        .filter(subtree_q("unit_path", person_import.unit_path))
        .filter(actor.scope.q("unit_path"))
    )


class AreaRegistry:
    """The registered persons of the list's area the rows may name, read in bulk."""

    def __init__(self, rows: Sequence[RecordRow], person_import: PersonImport, actor: Any) -> None:
        persons = area_persons(person_import, actor).only(
            "id", "full_name", "name_folded", "birth_date", "birth_year", "cccd", "unit_path", "commune_id"
        )
        cccds = sorted({row.values.person.cccd for row in rows if row.values.person.cccd})
        names = sorted(
            {fold(row.values.person.full_name) for row in rows if row.values.finds_person}
            | {fold(row.values.cared_for_name) for row in rows if row.values.cared_for_name}
        )
        self.by_cccd: dict[str, Person] = {}
        for chunk in _chunks(cccds):
            for person in persons.filter(cccd__in=chunk):
                self.by_cccd[person.cccd] = person
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        for chunk in _chunks(names):
            for person in persons.filter(name_folded__in=chunk).order_by("sort_key", "id"):
                self.by_name[person.name_folded].append(person)

    def find(self, values: RecordValues) -> tuple[Person | None, Problem | None]:
        """The person a row names, or why none is taken."""
        person = values.person
        if person.cccd:
            found = self.by_cccd.get(person.cccd)
            if found is not None:
                return found, None
            if person.birth_year is None:
                return None, Problem(
                    f.CCCD,
                    format_lazy(
                        _("No registered person of this area has the citizen ID {cccd}."), cccd=person.cccd
                    ),
                )
        candidates = [
            candidate
            for candidate in self.by_name.get(fold(person.full_name), [])
            if candidate.birth_year == person.birth_year
            and (person.birth_date is None or candidate.birth_date in (None, person.birth_date))
        ]
        return self._one(candidates, person.full_name, person.birth_year, f.FULL_NAME)

    def find_cared_for(self, values: RecordValues) -> tuple[Person | None, Problem | None]:
        candidates = [
            candidate
            for candidate in self.by_name.get(fold(values.cared_for_name), [])
            if values.cared_for_year is None or candidate.birth_year == values.cared_for_year
        ]
        return self._one(candidates, values.cared_for_name, values.cared_for_year, f.CARED_FOR)

    @staticmethod
    def _one(
        candidates: list[Person], name: str, year: int | None, column: str
    ) -> tuple[Person | None, Problem | None]:
        born = format_lazy(_(" born {year}"), year=year) if year else ""
        if len(candidates) == 1:
            return candidates[0], None
        if not candidates:
            return None, Problem(
                column,
                format_lazy(
                    _(
                        "No registered person of this area is {name}{born}: register the person first, "
                        "or correct the name or the year."
                    ),
                    name=name,
                    born=born,
                ),
            )
        return None, Problem(
            column,
            format_lazy(
                _(
                    "{count} registered persons are {name}{born}: give the citizen ID (or, for the person "
                    "cared for, the year of birth in brackets) to say which."
                ),
                count=len(candidates),
                name=name,
                born=born,
            ),
        )


def classify_record_rows(
    rows: Sequence[RecordRow], *, person_import: PersonImport, actor: Any
) -> list[Classified]:
    """Classify rows that passed their checks (``rows`` in file order), in the same order."""
    registry = AreaRegistry(rows, person_import, actor)
    found: list[tuple[Person | None, Problem | None]] = [
        registry.find(row.values)
        if row.values.finds_person
        else registry.find_cared_for(row.values)
        if row.values.participant_kind == ParticipantKind.FAMILY
        else (None, None)
        for row in rows
    ]
    if person_import.target == ImportTarget.SERVICES:
        return _classify_services(rows, found, person_import, actor)
    return _classify_participants(rows, found, person_import)


def _rejected(problem: Problem) -> Classified:
    return Classified(RowClass.REJECTED, reasons=[problem])


def _repeated(earlier: int) -> Classified:
    return Classified(
        RowClass.DUPLICATE_IN_FILE,
        duplicate_of_row=earlier,
        reasons=[Problem("", format_lazy(_("The same as row {row} of the file."), row=earlier))],
    )


def _classify_services(
    rows: Sequence[RecordRow],
    found: list[tuple[Person | None, Problem | None]],
    person_import: PersonImport,
    actor: Any,
) -> list[Classified]:
    service_type = person_import.service_type
    if service_type is None:
        raise ValueError("A service list has its service type.")
    ids = sorted({person.pk for person, _problem in found if person is not None})
    recorded: set[tuple[int, Any]] = set()
    for chunk in _chunks(ids):
        recorded.update(
            ServiceRecord.objects.filter(service_type=service_type, person_id__in=chunk).values_list(
                "person_id", "delivered_on"
            )
        )
    first: dict[tuple[int, Any], int] = {}
    results = []
    for row, (person, problem) in zip(rows, found, strict=True):
        if person is None:
            results.append(_rejected(problem or Problem("", _("The person was not found."))))
            continue
        if not may_record(actor, domain=service_type.domain, unit_path=person.unit_path):
            results.append(_rejected(Problem("", _("You cannot record this service for this person."))))
            continue
        key = (person.pk, row.values.delivered_on)
        if key in first:
            results.append(_repeated(first[key]))
            continue
        first[key] = row.number
        row_class = RowClass.UNCHANGED if key in recorded else RowClass.CREATE
        results.append(Classified(row_class, match=person))
    return results


def _participant_key(values: RecordValues, person: Person | None) -> tuple[Any, ...]:
    """What makes a participant the same one: the person, or the kind, the name and the person cared for."""
    if values.participant_kind == ParticipantKind.PWD:
        return (ParticipantKind.PWD, person.pk if person else None)
    cared_for = person.pk if values.participant_kind == ParticipantKind.FAMILY and person else None
    return (values.participant_kind, normalised_name(values.person.full_name), cared_for)


def _classify_participants(
    rows: Sequence[RecordRow],
    found: list[tuple[Person | None, Problem | None]],
    person_import: PersonImport,
) -> list[Classified]:
    activity = person_import.activity
    if activity is None:
        raise ValueError("An attendance list has its activity.")
    existing = {
        (kind, person_id)
        if kind == ParticipantKind.PWD
        else (kind, name_folded, cared_for_id if kind == ParticipantKind.FAMILY else None)
        for kind, person_id, name_folded, cared_for_id in activity.participants.filter(
            Q(kind=ParticipantKind.PWD) | Q(agency__isnull=True)
        ).values_list("kind", "person_id", "name_folded", "cared_for_id")
    }
    first: dict[tuple[Any, ...], int] = {}
    results = []
    for row, (person, problem) in zip(rows, found, strict=True):
        if problem is not None:
            results.append(_rejected(problem))
            continue
        key = _participant_key(row.values, person)
        if key in first:
            results.append(_repeated(first[key]))
            continue
        first[key] = row.number
        row_class = RowClass.UNCHANGED if key in existing else RowClass.CREATE
        results.append(Classified(row_class, match=person))
    return results
