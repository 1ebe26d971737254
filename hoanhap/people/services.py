"""Writes on the registry. Every service takes the acting user, checks scope, and writes the audit event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.audit.services import AuditEntry, audit_record, audit_record_many
from hoanhap.core.bulk import insert_instances
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.core.text import fold
from hoanhap.geo.models import AdminUnit
from hoanhap.geo.selectors import current_commune_for
from hoanhap.people.data_types import PERSON_FIELDS, PersonData
from hoanhap.people.identity.events import population_event_record, population_events_withdraw
from hoanhap.people.models import Person, PersonSpecialGroup, PersonStatus, PopulationEventKind
from hoanhap.people.sorting import vietnamese_sort_key
from hoanhap.people.validation import clean_person_data


class StaleVersion(ApplicationError):
    """Someone saved the record after this user opened it; ``current`` is the record as it is now."""

    def __init__(self, current: Person) -> None:
        super().__init__(
            _("Someone else changed this record while you were editing it. Check the changes and try again."),
            code="stale_version",
        )
        self.current = current


def _commune_in_scope(actor: Viewer | None, data: PersonData) -> AdminUnit:
    commune = current_commune_for(unit=data.commune, choice=data.successor_choice)
    if actor is not None and not actor.scope.covers(commune.path):
        raise ApplicationError(_("This commune is outside your area."), code="out_of_scope", field="commune")
    return commune


def _check_cccd_free(cccd: str, exclude_pk: int | None = None) -> None:
    if not cccd:
        return
    clash = Person.objects.filter(cccd=cccd, status=PersonStatus.ACTIVE)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ApplicationError(
            _("Another person in the registry already has this citizen ID."), code="cccd_taken", field="cccd"
        )


def _derived(data: PersonData, commune: AdminUnit) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in PERSON_FIELDS}
    values["ethnicity_id"] = values.pop("ethnicity")
    values.update(
        name_folded=fold(data.full_name),
        sort_key=vietnamese_sort_key(data.full_name),
        commune=commune,
        unit_path=commune.path,
        province_code=commune.province_code,
    )
    return values


def _describe(values: dict[str, Any], groups: list[str]) -> dict[str, Any]:
    described = {
        key: value
        for key, value in values.items()
        if key not in {"name_folded", "sort_key", "unit_path", "province_code", "commune"}
    }
    described["commune"] = values["commune"].code
    described["special_groups"] = sorted(groups)
    return described


def _set_groups(person: Person, groups: list[str]) -> None:
    PersonSpecialGroup.objects.filter(person=person).exclude(group__in=groups).delete()
    have = set(PersonSpecialGroup.objects.filter(person=person).values_list("group", flat=True))
    PersonSpecialGroup.objects.bulk_create(
        [PersonSpecialGroup(person=person, group=group) for group in sorted(set(groups) - have)]
    )


@transaction.atomic
def person_register(*, actor: Any, data: PersonData) -> Person:
    """Add a person to the registry in a commune of the actor's area."""
    clean_person_data(data)
    commune = _commune_in_scope(actor, data)
    _check_cccd_free(data.cccd)
    values = _derived(data, commune)
    person = Person(**values, created_by=actor, updated_by=actor)
    person.full_clean(exclude=["created_by", "updated_by", "carer"])
    person.save()
    _set_groups(person, data.special_groups)
    audit_record(
        actor=actor,
        action="people.person.registered",
        obj=person,
        unit_path=person.unit_path,
        new=_describe(values, data.special_groups),
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, expected_version: int, data: PersonData) -> Person:
    """Change a person's record; refused with ``StaleVersion`` if it changed since ``expected_version``.

    The caller fetched ``person`` through ``access_person`` (so it is in the actor's scope); the commune
    given must be the person's own commune or another one in the actor's area.
    """
    clean_person_data(data)
    commune = _commune_in_scope(actor, data)
    _check_cccd_free(data.cccd, exclude_pk=person.pk)
    values = _derived(data, commune)
    old = {key: getattr(person, key) for key in values}
    changed = {key: value for key, value in values.items() if old[key] != value}
    old_groups = sorted(person.special_groups.values_list("group", flat=True))
    groups_changed = old_groups != sorted(set(data.special_groups))
    if not changed and not groups_changed:
        if person.version != expected_version:
            raise StaleVersion(Person.objects.get(pk=person.pk))
        return person
    updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
        **changed, version=F("version") + 1, updated_at=timezone.now(), updated_by=actor
    )
    if not updated:
        raise StaleVersion(Person.objects.get(pk=person.pk))
    _set_groups(person, data.special_groups)
    person.refresh_from_db()
    old_described = _describe({**values, **old}, old_groups)
    new_described = _describe(values, data.special_groups)
    diff = [key for key in new_described if old_described.get(key) != new_described[key]]
    audit_record(
        actor=actor,
        action="people.person.updated",
        obj=person,
        unit_path=person.unit_path,
        old={key: old_described.get(key) for key in diff},
        new={key: new_described[key] for key in diff},
    )
    return person


@transaction.atomic
def person_move(
    *,
    actor: Any,
    person: Person,
    expected_version: int,
    commune: AdminUnit,
    successor_choice: AdminUnit | None = None,
    village: str = "",
) -> Person:
    """Move a person to another commune, anywhere in the country: the record (and its history) follows,
    and from now on it is in the new commune's scope.

    A move to another commune of a person with a citizen ID is reported to the national population
    database, dated today, once the move commits (``people.identity.events``)."""
    destination = current_commune_for(unit=commune, choice=successor_choice)
    old_path, old_commune = person.unit_path, person.commune.code
    updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
        commune=destination,
        unit_path=destination.path,
        province_code=destination.province_code,
        village=village.strip(),
        version=F("version") + 1,
        updated_at=timezone.now(),
        updated_by=actor,
    )
    if not updated:
        raise StaleVersion(Person.objects.get(pk=person.pk))
    person.refresh_from_db()
    # Recorded in both places: the commune that lost the person and the one that gained them see it.
    for path in (old_path, destination.path):
        audit_record(
            actor=actor,
            action="people.person.moved",
            obj=person,
            unit_path=path,
            old={"commune": old_commune},
            new={"commune": destination.code},
        )
    if destination.code != old_commune:
        population_event_record(
            actor=actor,
            person=person,
            kind=PopulationEventKind.MOVED,
            date=timezone.localdate(),
            details={"commune_code": destination.code},
        )
    return person


@transaction.atomic
def person_set_status(
    *, actor: Any, person: Person, expected_version: int, status: str, since: date | None, reason: str = ""
) -> Person:
    """Change the person's status (active, moved away, deceased, removed) from the date ``since``.

    A person with a citizen ID who becomes deceased is reported to the national population database once
    the change commits; setting a deceased person back to another status (a correction) reports nothing
    and withdraws the death report if it has not been sent yet (``people.identity.events``).
    """
    if status not in PersonStatus.values:
        raise ApplicationError(_("Choose a status from the list."), field="status")
    if status != PersonStatus.ACTIVE and since is None:
        raise ApplicationError(_("Enter the date of the change."), field="status_date")
    if since is not None and since > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="status_date")
    if status == PersonStatus.REMOVED and not reason.strip():
        raise ApplicationError(_("Say why the person is removed from the registry."), field="status_reason")
    if status == PersonStatus.ACTIVE:
        _check_cccd_free(person.cccd, exclude_pk=person.pk)
    old = {"status": person.status, "status_date": person.status_date, "status_reason": person.status_reason}
    new = {"status": status, "status_date": since, "status_reason": reason.strip()}
    updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
        **new, version=F("version") + 1, updated_at=timezone.now(), updated_by=actor
    )
    if not updated:
        raise StaleVersion(Person.objects.get(pk=person.pk))
    person.refresh_from_db()
    audit_record(
        actor=actor,
        action="people.person.status_changed",
        obj=person,
        unit_path=person.unit_path,
        old=old,
        new=new,
    )
    was_deceased = old["status"] == PersonStatus.DECEASED
    if status == PersonStatus.DECEASED and not was_deceased and since is not None:
        population_event_record(
            actor=actor, person=person, kind=PopulationEventKind.DEATH, date=since, details={}
        )
    elif was_deceased and status != PersonStatus.DECEASED:
        population_events_withdraw(person=person, kind=PopulationEventKind.DEATH)
    return person


def person_data_from(person: Person) -> PersonData:
    """The editable values of a stored person, as the form and the API start from them."""
    return PersonData(
        full_name=person.full_name,
        sex=person.sex,
        commune=person.commune,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        ethnicity=str(person.ethnicity_id),
        cccd=person.cccd,
        village=person.village,
        phone=person.phone,
        carer_id=person.carer_id,
        carer_name=person.carer_name,
        carer_relation=person.carer_relation,
        household=person.household,
        special_groups=sorted(person.special_groups.values_list("group", flat=True)),
    )


__all__ = [
    "StaleVersion",
    "person_data_from",
    "person_move",
    "person_register",
    "person_set_status",
    "person_update",
]


def persons_register_many(*, actor: Any, records: list[PersonData], note: Mapping[str, Any]) -> list[Person]:
    """Add many persons at once (a bulk import), in one insert, each audited as ``person_register`` does.

    The caller has validated every record with ``person_data_problems``, checked that the actor may write in
    each commune, and that no active person holds any of the citizen IDs (the database's unique index
    refuses a clash anyway). ``note`` is added to each audit event (e.g. the import it came from).
    """
    persons: list[Person] = []
    described: list[dict[str, Any]] = []
    for data in records:
        commune = current_commune_for(unit=data.commune, choice=data.successor_choice)
        values = _derived(data, commune)
        persons.append(Person(**values, created_by=actor, updated_by=actor))
        described.append({**_describe(values, data.special_groups), **note})
    insert_instances(persons)
    insert_instances(
        [
            PersonSpecialGroup(person=person, group=group)
            for person, data in zip(persons, records, strict=True)
            for group in sorted(set(data.special_groups))
        ]
    )
    audit_record_many(
        actor=actor,
        action="people.person.registered",
        entries=[
            AuditEntry(obj=person, unit_path=person.unit_path, new=new)
            for person, new in zip(persons, described, strict=True)
        ],
    )
    return persons
