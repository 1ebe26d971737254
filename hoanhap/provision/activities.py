"""Recording activities (trainings, events, legal-aid sessions), their named participants and the
participants counted without names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.text import fold, normalize_name
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, Sex
from hoanhap.provision.models import (
    Activity,
    ActivityKind,
    Domain,
    HeadCount,
    Participant,
    ParticipantKind,
)
from hoanhap.provision.reach import require_record

MOST_HEADS = 100_000


@dataclass(frozen=True)
class ActivityData:
    title: str
    domain: str
    kind: str
    held_on: date
    unit: AdminUnit
    place: str = ""
    organiser: Agency | None = None


def normalised_name(name: str) -> str:
    """Folded (no accents, lower case) and single-spaced: "Lê  Văn An" and "le van an" are one person."""
    return fold(name)


@transaction.atomic
def activity_create(*, actor: User, data: ActivityData) -> Activity:
    """Record an activity held in ``data.unit``. Audited as ``provision.activity.created``."""
    if data.domain not in Domain.values:
        raise ApplicationError(_("Choose the domain of the activity."), field="domain")
    if data.kind not in ActivityKind.values:
        raise ApplicationError(_("Choose the kind of activity."), field="kind")
    require_record(actor, domain=data.domain, unit_path=data.unit.path)
    title = " ".join(data.title.split())
    if not title:
        raise ApplicationError(_("Enter the title of the activity."), field="title")
    if data.held_on > timezone.localdate():
        raise ApplicationError(_("Record an activity once it has been held."), field="held_on")
    activity = Activity(
        title=title,
        domain=data.domain,
        kind=data.kind,
        held_on=data.held_on,
        place=" ".join(data.place.split()),
        organiser=data.organiser,
        unit=data.unit,
        unit_path=data.unit.path,
        created_by=actor,
    )
    activity.full_clean()
    activity.save()
    audit_record(
        actor=actor,
        action="provision.activity.created",
        obj=activity,
        unit_path=activity.unit_path,
        new={
            "title": title,
            "domain": data.domain,
            "kind": data.kind,
            "held_on": data.held_on,
            "unit": data.unit.code,
            "organiser": data.organiser.pk if data.organiser else None,
        },
    )
    return activity


def _require_activity(actor: User, activity: Activity) -> None:
    require_record(actor, domain=activity.domain, unit_path=activity.unit_path)


def _added(actor: User, participant: Participant, values: dict[str, Any]) -> Participant:
    participant.full_clean()
    participant.save()
    audit_record(
        actor=actor,
        action="provision.activity.participant_added",
        obj=participant.activity,
        unit_path=participant.activity.unit_path,
        new={"participant": participant.pk, "kind": participant.kind, **values},
    )
    return participant


def _checked_name(name: str) -> str:
    name = normalize_name(name)
    if not name:
        raise ApplicationError(_("Enter the participant's full name."), field="full_name")
    return name


def _checked_sex(sex: str) -> str:
    if sex not in Sex.values:
        raise ApplicationError(_("Choose the participant's sex."), field="sex")
    return sex


@transaction.atomic
def activity_participant_add_person(*, actor: User, activity: Activity, person: Person) -> Participant:
    """A registered person with disabilities took part; once per activity. The actor's area must cover
    the person. Audited as ``provision.activity.participant_added``."""
    _require_activity(actor, activity)
    if not actor.scope.covers(person.unit_path) or person.merged_into_id is not None:
        raise PermissionDenied
    if activity.participants.filter(person=person).exists():
        raise ApplicationError(_("This person is already a participant."), field="person")
    participant = Participant(activity=activity, kind=ParticipantKind.PWD, person=person)
    return _added(actor, participant, {"person": person.pk})


@transaction.atomic
def activity_participant_add_family(
    *, actor: User, activity: Activity, full_name: str, sex: str, cared_for: Person
) -> Participant:
    """A family member or carer of ``cared_for`` took part. Audited as
    ``provision.activity.participant_added``."""
    _require_activity(actor, activity)
    if not actor.scope.covers(cared_for.unit_path):
        raise PermissionDenied
    name, sex = _checked_name(full_name), _checked_sex(sex)
    participant = Participant(
        activity=activity,
        kind=ParticipantKind.FAMILY,
        full_name=name,
        name_folded=normalised_name(name),
        sex=sex,
        cared_for=cared_for,
    )
    return _added(actor, participant, {"full_name": name, "sex": sex, "cared_for": cared_for.pk})


@transaction.atomic
def activity_participant_add_staff(
    *,
    actor: User,
    activity: Activity,
    full_name: str,
    sex: str,
    position: str = "",
    agency: Agency | None = None,
) -> Participant:
    """A staff member or collaborator (not a person with disabilities) took part: they count toward
    "staff trained". Once per activity, by name and agency. Audited as
    ``provision.activity.participant_added``."""
    _require_activity(actor, activity)
    name, sex = _checked_name(full_name), _checked_sex(sex)
    folded = normalised_name(name)
    if activity.participants.filter(kind=ParticipantKind.STAFF, name_folded=folded, agency=agency).exists():
        raise ApplicationError(_("This staff member is already a participant."), field="full_name")
    participant = Participant(
        activity=activity,
        kind=ParticipantKind.STAFF,
        full_name=name,
        name_folded=folded,
        sex=sex,
        position=" ".join(position.split()),
        agency=agency,
    )
    return _added(
        actor, participant, {"full_name": name, "sex": sex, "agency": agency.pk if agency else None}
    )


@transaction.atomic
def activity_participant_remove(*, actor: User, participant: Participant) -> None:
    """Audited as ``provision.activity.participant_removed``."""
    activity = participant.activity
    _require_activity(actor, activity)
    audit_record(
        actor=actor,
        action="provision.activity.participant_removed",
        obj=activity,
        unit_path=activity.unit_path,
        old={
            "participant": participant.pk,
            "kind": participant.kind,
            "person": participant.person_id,
            "full_name": participant.full_name,
        },
    )
    participant.delete()


@transaction.atomic
def activity_head_counts_record(
    *, actor: User, activity: Activity, counts: dict[tuple[str, str], int]
) -> None:
    """Replace the participants counted without names: ``{(participant kind, sex): number}``; a 0 removes
    the count. Audited as ``provision.activity.head_counts_recorded``."""
    _require_activity(actor, activity)
    for (kind, sex), number in counts.items():
        if kind not in ParticipantKind.values or sex not in Sex.values:
            raise ApplicationError(_("Unknown kind of participant."), field="head_counts")
        if not 0 <= number <= MOST_HEADS:
            raise ApplicationError(
                _("Enter a number from 0 to %(most)s.") % {"most": MOST_HEADS}, field=f"{kind}_{sex}"
            )
    old = {f"{row.kind}_{row.sex}": row.count for row in activity.head_counts.all()}
    activity.head_counts.all().delete()
    HeadCount.objects.bulk_create(
        HeadCount(activity=activity, kind=kind, sex=sex, count=number)
        for (kind, sex), number in counts.items()
        if number
    )
    audit_record(
        actor=actor,
        action="provision.activity.head_counts_recorded",
        obj=activity,
        unit_path=activity.unit_path,
        old=old,
        new={f"{kind}_{sex}": number for (kind, sex), number in counts.items() if number},
    )
