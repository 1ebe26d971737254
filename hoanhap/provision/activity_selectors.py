"""Reading activities, and counting their participants as the plans' targets count them.

"60 % of staff trained" counts staff members, not attendances: a person attending two trainings counts
once. Registered persons with disabilities are told apart by their record, family members and carers by
their folded name and the person they care for, staff and collaborators by their folded name and agency.
Head-counts (participants not named) are added as they are: nobody can tell whether they overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet, Sum

from hoanhap.accounts.models import User
from hoanhap.audit.services import audit_record
from hoanhap.core.scope import subtree_q
from hoanhap.geo.models import AdminUnit
from hoanhap.provision.models import Activity, HeadCount, Participant, ParticipantKind
from hoanhap.provision.reach import reach_q


def activities(*, viewer: User) -> QuerySet[Activity]:
    """Every activity the viewer may see, with its unit and organiser."""
    return (
        Activity.objects.filter(reach_q(viewer, path_field="unit_path", domain_field="domain"))
        .select_related("unit", "organiser")
        .order_by("-held_on", "-id")
    )


def access_activity(*, viewer: User, activity_id: int, record_read: bool = False) -> Activity:
    """The activity if the viewer may see it (``Activity.DoesNotExist`` otherwise). Its participants are
    personal data: reading them is recorded as ``provision.activity.viewed``."""
    activity = activities(viewer=viewer).get(pk=activity_id)
    if record_read:
        audit_record(
            actor=viewer, action="provision.activity.viewed", obj=activity, unit_path=activity.unit_path
        )
    return activity


def activity_participants(*, activity: Activity) -> list[Participant]:
    """Named participants in one query, each with the person, the person cared for and the agency."""
    return list(
        activity.participants.select_related("person", "person__commune", "cared_for", "agency").order_by(
            "kind", "id"
        )
    )


def head_counts_of(*, activity: Activity) -> dict[tuple[str, str], int]:
    return {(row.kind, row.sex): row.count for row in activity.head_counts.all()}


@dataclass(frozen=True)
class ActivityCounts:
    activities: int
    persons_with_disabilities: int
    family_members: int
    staff: int
    head_counts: dict[str, int]  # by participant kind, not named

    def total(self, kind: str) -> int:
        named = {
            ParticipantKind.PWD: self.persons_with_disabilities,
            ParticipantKind.FAMILY: self.family_members,
            ParticipantKind.STAFF: self.staff,
        }[ParticipantKind(kind)]
        return named + self.head_counts.get(kind, 0)


def activity_counts(
    *,
    viewer: User,
    start: date,
    end: date,
    unit: AdminUnit | None = None,
    kind: str = "",
    domain: str = "",
) -> ActivityCounts:
    """Distinct participants of the activities held from ``start`` to ``end`` in ``unit``'s subtree (the
    viewer's whole reach when None), of one kind of activity and one domain when given. Five queries
    whatever the number of activities."""
    held = activities(viewer=viewer).filter(held_on__gte=start, held_on__lte=end)
    if unit is not None:
        held = held.filter(subtree_q("unit_path", unit.path))
    if kind:
        held = held.filter(kind=kind)
    if domain:
        held = held.filter(domain=domain)
    ids = held.values("pk")
    participants = Participant.objects.filter(activity__in=ids)
    pwd = participants.filter(kind=ParticipantKind.PWD).values("person_id").distinct().count()
    family = (
        participants.filter(kind=ParticipantKind.FAMILY)
        .values("name_folded", "cared_for_id")
        .distinct()
        .count()
    )
    staff = (
        participants.filter(kind=ParticipantKind.STAFF).values("name_folded", "agency_id").distinct().count()
    )
    heads = {
        row["kind"]: row["total"] or 0
        for row in HeadCount.objects.filter(activity__in=ids).values("kind").annotate(total=Sum("count"))
    }
    return ActivityCounts(
        activities=held.count(),
        persons_with_disabilities=pwd,
        family_members=family,
        staff=staff,
        head_counts=heads,
    )


def activities_in_period(*, viewer: User, start: date, end: date, query: str = "") -> QuerySet[Activity]:
    held = activities(viewer=viewer).filter(held_on__gte=start, held_on__lte=end)
    if query.strip():
        held = held.filter(Q(title__icontains=query.strip()) | Q(place__icontains=query.strip()))
    return held


def record_activity_list_read(*, viewer: User, shown: list[Activity]) -> None:
    """Activities listed with their participants: the ids shown are recorded as
    ``provision.activity.listed``."""
    audit_record(
        actor=viewer,
        action="provision.activity.listed",
        object_type="provision.activity",
        new={"ids": [activity.pk for activity in shown]},
    )
