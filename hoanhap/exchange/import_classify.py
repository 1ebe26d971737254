"""Classifying the rows of an import against the file itself and the registry, all rows at once.

A row that passed the person rules is, in this order:
1. repeated in the file — the same citizen ID, or (without one) the same name, birth and sex, as an
   earlier row;
2. matched by its citizen ID to an active person: in the officer's area, an update (or unchanged, when
   the row says nothing new); elsewhere, rejected (the record belongs to another commune);
3. matched by name and birth year to a person of the commune or a neighbouring one (the duplicate rule
   of the person form): unchanged when it is that commune's person with the same values, otherwise a
   possible duplicate the officer decides on;
4. otherwise a new person.
The registry is read in a few queries per thousand rows, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import Certificate, DisabilityDetermination, DisabilityType
from hoanhap.core.scope import Scope
from hoanhap.core.text import fold
from hoanhap.exchange.import_rows import UNKNOWN_ETHNICITY, Problem, RowValues
from hoanhap.exchange.models import RowClass
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.selectors import neighbouring_communes

_TYPE_VALUES = tuple(DisabilityType.values)  # read once: ``Choices.values`` is rebuilt at every call
QUERY_CHUNK = 900  # parameters per IN (...): under SQLite's limit, and small plans on PostgreSQL

# The person fields a row may set, compared to tell an update from an unchanged record.
COMPARED_FIELDS = (
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "cccd",
    "village",
    "phone",
    "household",
    "carer_name",
    "carer_relation",
)


@dataclass
class Classified:
    row_class: str
    match: Person | None = None
    duplicate_of_row: int | None = None
    reasons: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class SourceRow:
    number: int
    values: RowValues


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), QUERY_CHUNK):
        yield items[start : start + QUERY_CHUNK]


def _name_key(values: RowValues) -> tuple[str, int | None]:
    return fold(values.person.full_name), values.person.birth_year


def _file_key(values: RowValues) -> tuple[Any, ...]:
    person = values.person
    return (fold(person.full_name), person.birth_year, person.birth_date, person.sex)


class Registry:
    """The registered persons the rows may match, read in bulk."""

    def __init__(self, rows: Sequence[SourceRow], commune: AdminUnit) -> None:
        cccds = sorted({row.values.person.cccd for row in rows if row.values.person.cccd})
        names = sorted({fold(row.values.person.full_name) for row in rows})
        nearby = [unit.pk for unit in neighbouring_communes(commune)]
        # The commune prefetched rather than joined: the persons of one commune then share one instance of
        # it, instead of one each (a re-imported list of 100,000 persons holds them all at once).
        active = Person.objects.filter(merged_into__isnull=True).prefetch_related("commune")
        # A person found both by citizen ID and by name is kept once.
        loaded: dict[int, Person] = {}
        self.by_cccd: dict[str, Person] = {}
        for chunk in _chunks(cccds):
            for person in active.filter(cccd__in=chunk, status=PersonStatus.ACTIVE):
                self.by_cccd[person.cccd] = loaded.setdefault(person.pk, person)
        self.by_name: dict[tuple[str, int | None], list[Person]] = defaultdict(list)
        for chunk in _chunks(names):
            candidates = active.filter(name_folded__in=chunk, commune_id__in=nearby).exclude(
                status=PersonStatus.REMOVED
            )
            for person in candidates.order_by("sort_key", "id"):
                self.by_name[(person.name_folded, person.birth_year)].append(
                    loaded.setdefault(person.pk, person)
                )
        matched = list(self.by_cccd.values()) + [p for group in self.by_name.values() for p in group]
        self.current = _current_disability(matched)
        self.certificates = _certificate_numbers(matched)


def _current_disability(persons: Iterable[Person]) -> dict[int, tuple[tuple[str, ...], str]]:
    """Each person's current types and severity (the latest determination)."""
    ids = sorted({person.pk for person in persons})
    current: dict[int, tuple[tuple[str, ...], str]] = {}
    for chunk in _chunks(ids):
        determinations = DisabilityDetermination.objects.filter(person_id__in=chunk).only(
            "person_id", "severity", *_TYPE_VALUES
        )
        for determination in determinations.order_by("person_id", "decided_on", "id"):
            current[determination.person_id] = (tuple(determination.types), determination.severity)
    return current


def _certificate_numbers(persons: Iterable[Person]) -> dict[int, set[str]]:
    ids = sorted({person.pk for person in persons})
    numbers: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(ids):
        for person_id, number in Certificate.objects.filter(person_id__in=chunk).values_list(
            "person_id", "number"
        ):
            numbers[person_id].add(number)
    return numbers


def differences(values: RowValues, person: Person, registry: Registry) -> list[str]:
    """The fields the row would change on ``person``: only what the row states counts (an empty cell
    leaves the record as it is), so re-importing the same list changes nothing."""
    changed = []
    row = values.person
    for name in COMPARED_FIELDS:
        new = getattr(row, name)
        old = getattr(person, "ethnicity_id" if name == "ethnicity" else name)
        if new in (None, "") or (name == "ethnicity" and new == UNKNOWN_ETHNICITY):
            continue
        if name == "birth_year" and row.birth_date is not None:
            continue  # follows the date
        if new != old:
            changed.append(name)
    if values.has_disability:
        current = registry.current.get(person.pk)
        types = tuple(value for value in _TYPE_VALUES if value in values.types)
        if current is None or current != (types, values.severity):
            changed.append("disability")
    if values.certificate_number and values.certificate_number not in registry.certificates.get(
        person.pk, set()
    ):
        changed.append("certificate")
    return changed


def _describe(person: Person) -> str:
    born = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else str(person.birth_year)
    return f"{person.full_name}, {born}, {person.commune.name}"


def classify_rows(rows: Sequence[SourceRow], *, commune: AdminUnit, scope: Scope) -> list[Classified]:
    """Classify rows that passed the person rules (``rows`` in file order), in the same order."""
    registry = Registry(rows, commune)
    first_by_cccd: dict[str, int] = {}
    first_by_key: dict[tuple[Any, ...], int] = {}
    results = []
    for row in rows:
        results.append(_classify(row, registry, first_by_cccd, first_by_key, commune, scope))
    return results


def _classify(
    row: SourceRow,
    registry: Registry,
    first_by_cccd: dict[str, int],
    first_by_key: dict[tuple[Any, ...], int],
    commune: AdminUnit,
    scope: Scope,
) -> Classified:
    values = row.values
    cccd = values.person.cccd
    key = _file_key(values)
    earlier = first_by_cccd.get(cccd) if cccd else None
    if earlier is None and not cccd:
        earlier = first_by_key.get(key)
    if earlier is not None:
        return Classified(
            RowClass.DUPLICATE_IN_FILE,
            duplicate_of_row=earlier,
            reasons=[Problem("", format_lazy(_("The same person as row {row} of the file."), row=earlier))],
        )
    if cccd:
        first_by_cccd[cccd] = row.number
    first_by_key.setdefault(key, row.number)

    holder = registry.by_cccd.get(cccd) if cccd else None
    if holder is not None:
        if not scope.covers(holder.unit_path):
            return Classified(
                RowClass.REJECTED,
                reasons=[
                    Problem(
                        "cccd",
                        format_lazy(
                            _(
                                "The citizen ID {cccd} is that of a person registered in {commune}, outside "
                                "your area: that commune moves the person to yours if they live here now."
                            ),
                            cccd=cccd,
                            commune=holder.commune.name,
                        ),
                    )
                ],
            )
        changed = differences(values, holder, registry)
        return Classified(RowClass.UPDATE if changed else RowClass.UNCHANGED, match=holder)

    candidates = registry.by_name.get(_name_key(values), [])
    if not candidates:
        return Classified(RowClass.CREATE)
    same = [
        person
        for person in candidates
        if person.commune_id == commune.pk and not differences(values, person, registry)
    ]
    if same:
        return Classified(RowClass.UNCHANGED, match=same[0])
    return Classified(
        RowClass.POSSIBLE_DUPLICATE,
        match=candidates[0],
        reasons=[
            Problem(
                "full_name",
                format_lazy(
                    _(
                        "May be {person} (already registered): decide whether to update that record, "
                        "register a new person or skip the row."
                    ),
                    person=_describe(candidates[0]),
                ),
            )
        ],
    )
