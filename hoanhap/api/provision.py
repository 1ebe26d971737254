"""Services received and activities held, through the same services, reach and audit as the pages.

No `from __future__ import annotations` here: django-ninja reads the annotations.
An agency reporter lists and records only their agency's domains in its area (``hoanhap.provision.reach``).
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hoanhap.agencies.models import Agency
from hoanhap.api.auth import TokenAuth
from hoanhap.api.persons_common import ONE_ERRORS, READ_ERRORS, plain, viewer_of
from hoanhap.api.schemas_persons import InvalidOut
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.people.models import Sex
from hoanhap.people.selectors import access_person, person_queryset
from hoanhap.provision.activities import (
    ActivityData,
    activity_create,
    activity_head_counts_record,
    activity_participant_add_family,
    activity_participant_add_person,
    activity_participant_add_staff,
)
from hoanhap.provision.activity_selectors import activities, record_activity_list_read
from hoanhap.provision.models import (
    Activity,
    ActivityKind,
    Domain,
    FundingSource,
    ParticipantKind,
    ServiceRecord,
    ServiceType,
)
from hoanhap.provision.reach import RECORD
from hoanhap.provision.selectors import filtered_service_records, record_service_list_read
from hoanhap.provision.services import ServiceData, service_record_create

router = Router(tags=["services and activities"], auth=TokenAuth("personal_data.view"))
RECORDING = TokenAuth(RECORD)
MOST_PARTICIPANTS = 500


class ServiceQuery(Schema):
    person: int | None = Field(None, description="Only the services of this person (id).")
    domain: Domain | None = Field(None, description="Only services of this domain.")
    date_from: date | None = Field(None, description="Delivered on or after this day.")
    date_to: date | None = Field(None, description="Delivered on or before this day.")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


class ServiceIn(Schema):
    person: int = Field(description="The person who received the service (id).")
    service_type: str = Field(max_length=40, description="The code of a service type of the catalogue.")
    delivered_on: date
    provider: int | None = Field(None, description="The providing agency (id).")
    cost: int | None = Field(None, ge=0, description="In đồng.")
    funding_source: FundingSource | None = None
    outcome: str = Field("", max_length=300)
    follow_up_on: date | None = None
    notes: str = Field("", max_length=2000)


class ServiceOut(Schema):
    id: int
    person: int
    domain: str
    service_type: str = Field(description="The code of the type.")
    service_name: str
    delivered_on: date
    provider: int | None
    cost: int | None
    funding_source: str
    outcome: str
    follow_up_on: date | None
    notes: str


class ServicePageOut(Schema):
    items: list[ServiceOut]
    count: int
    page: int


def service_of(record: ServiceRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "person": record.person_id,
        "domain": record.service_type.domain,
        "service_type": record.service_type.code,
        "service_name": record.service_type.name,
        "delivered_on": record.delivered_on,
        "provider": record.provider_id,
        "cost": record.cost,
        "funding_source": record.funding_source,
        "outcome": record.outcome,
        "follow_up_on": record.follow_up_on,
        "notes": record.notes,
    }


def _agency(agency_id: int | None, *, field: str) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first()
    if agency is None:
        raise ApplicationError(_("No agency has this id."), field=field)
    return agency


@router.get(
    "/services", response={200: ServicePageOut, **READ_ERRORS, 422: InvalidOut}, summary="List services"
)
def list_services(request: HttpRequest, filters: Query[ServiceQuery]) -> dict[str, Any]:
    """Services received by persons of your area, newest first (for an agency reporter: of the agency's
    domains only). The read is recorded in the audit trail with the ids shown."""
    viewer = viewer_of(request)
    records = filtered_service_records(
        viewer=viewer,
        person_id=filters.person,
        domain=plain(filters.domain) or "",
        start=filters.date_from,
        end=filters.date_to,
    )
    start = (filters.page - 1) * filters.page_size
    page = list(records[start : start + filters.page_size])
    record_service_list_read(viewer=viewer, records=page, filters=filters.dict())
    return {"items": [service_of(record) for record in page], "count": records.count(), "page": filters.page}


@router.post(
    "/services", auth=RECORDING, response={201: ServiceOut, **ONE_ERRORS}, summary="Record a service"
)
def create_service(request: HttpRequest, payload: ServiceIn) -> Status[dict[str, Any]]:
    """Checked against the details the type requires (provider, cost, funding source, outcome, follow-up
    date): a missing one is answered with 422 naming the field."""
    viewer = viewer_of(request)
    person = access_person(viewer=viewer, person_id=payload.person, record_read=False)
    service_type = ServiceType.objects.filter(code=payload.service_type).first()
    if service_type is None:
        raise ApplicationError(_("No service type has this code."), field="service_type")
    record = service_record_create(
        actor=viewer,
        person=person,
        data=ServiceData(
            service_type=service_type,
            delivered_on=payload.delivered_on,
            provider=_agency(payload.provider, field="provider"),
            cost=payload.cost,
            funding_source=plain(payload.funding_source) or "",
            outcome=payload.outcome,
            follow_up_on=payload.follow_up_on,
            notes=payload.notes,
        ),
    )
    return Status(201, service_of(record))


class NamedIn(Schema):
    full_name: str = Field(max_length=150)
    sex: Sex


class FamilyIn(NamedIn):
    cared_for: int = Field(description="The person with disabilities they care for (id).")


class StaffIn(NamedIn):
    position: str = Field("", max_length=150)
    agency: int | None = None


class HeadCountIn(Schema):
    kind: ParticipantKind
    sex: Sex
    count: int = Field(ge=0, le=100_000)


class ActivityIn(Schema):
    title: str = Field(max_length=200)
    domain: Domain
    kind: ActivityKind
    held_on: date
    unit: str = Field(max_length=10, description="The code of the current unit where it was held.")
    place: str = Field("", max_length=200)
    organiser: int | None = Field(None, description="The organising agency (id).")
    persons: list[int] = Field(
        [], max_length=MOST_PARTICIPANTS, description="Persons with disabilities (ids)."
    )
    family: list[FamilyIn] = Field([], max_length=MOST_PARTICIPANTS)
    staff: list[StaffIn] = Field([], max_length=MOST_PARTICIPANTS)
    head_counts: list[HeadCountIn] = Field([], description="Participants counted without names.")


class ParticipantOut(Schema):
    kind: str
    person: int | None
    full_name: str
    sex: str
    cared_for: int | None
    position: str
    agency: int | None


class ActivityOut(Schema):
    id: int
    title: str
    domain: str
    kind: str
    held_on: date
    unit: str
    place: str
    organiser: int | None
    participants: list[ParticipantOut]
    head_counts: list[HeadCountIn]


class ActivityQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    domain: Domain | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


def activity_of(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "title": activity.title,
        "domain": activity.domain,
        "kind": activity.kind,
        "held_on": activity.held_on,
        "unit": activity.unit.code,
        "place": activity.place,
        "organiser": activity.organiser_id,
        "participants": [
            {
                "kind": participant.kind,
                "person": participant.person_id,
                "full_name": participant.person.full_name if participant.person else participant.full_name,
                "sex": participant.person.sex if participant.person else participant.sex,
                "cared_for": participant.cared_for_id,
                "position": participant.position,
                "agency": participant.agency_id,
            }
            for participant in activity.participants.all()
        ],
        "head_counts": [
            {"kind": row.kind, "sex": row.sex, "count": row.count} for row in activity.head_counts.all()
        ],
    }


@router.get(
    "/activities",
    response={200: list[ActivityOut], **READ_ERRORS, 422: InvalidOut},
    summary="List activities",
)
def list_activities(request: HttpRequest, filters: Query[ActivityQuery]) -> list[dict[str, Any]]:
    """Activities of your area (for an agency reporter: of the agency's domains), newest first, with their
    participants. The read is recorded in the audit trail."""
    viewer = viewer_of(request)
    held = activities(viewer=viewer).prefetch_related("participants__person", "head_counts")
    if filters.year:
        held = held.filter(held_on__year=filters.year)
    if filters.domain:
        held = held.filter(domain=plain(filters.domain))
    start = (filters.page - 1) * filters.page_size
    page = list(held[start : start + filters.page_size])
    record_activity_list_read(viewer=viewer, shown=page)
    return [activity_of(activity) for activity in page]


def _unit(code: str) -> AdminUnit:
    unit = AdminUnit.objects.filter(edition=Edition.CURRENT, code=code.strip()).first()
    if unit is None:
        raise ApplicationError(_("No current administrative unit has this code."), field="unit")
    return unit


@router.post(
    "/activities", auth=RECORDING, response={201: ActivityOut, **ONE_ERRORS}, summary="Record an activity"
)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    """The activity with its participants and head-counts, all or nothing. Persons (and the persons family
    members care for) must be in your area."""
    viewer = viewer_of(request)
    persons = person_queryset(viewer=viewer)
    with transaction.atomic():
        activity = activity_create(
            actor=viewer,
            data=ActivityData(
                title=payload.title,
                domain=plain(payload.domain),
                kind=plain(payload.kind),
                held_on=payload.held_on,
                unit=_unit(payload.unit),
                place=payload.place,
                organiser=_agency(payload.organiser, field="organiser"),
            ),
        )
        for person in persons.filter(pk__in=payload.persons):
            activity_participant_add_person(actor=viewer, activity=activity, person=person)
        if persons.filter(pk__in=payload.persons).count() != len(set(payload.persons)):
            raise ApplicationError(_("Some persons are not in your area."), field="persons")
        cared_for = persons.in_bulk([item.cared_for for item in payload.family])
        for item in payload.family:
            if item.cared_for not in cared_for:
                raise ApplicationError(_("Some persons are not in your area."), field="family")
            activity_participant_add_family(
                actor=viewer,
                activity=activity,
                full_name=item.full_name,
                sex=plain(item.sex),
                cared_for=cared_for[item.cared_for],
            )
        for staff in payload.staff:
            activity_participant_add_staff(
                actor=viewer,
                activity=activity,
                full_name=staff.full_name,
                sex=plain(staff.sex),
                position=staff.position,
                agency=_agency(staff.agency, field="staff"),
            )
        if payload.head_counts:
            activity_head_counts_record(
                actor=viewer,
                activity=activity,
                counts={(plain(row.kind), plain(row.sex)): row.count for row in payload.head_counts},
            )
    return Status(201, activity_of(activity))
