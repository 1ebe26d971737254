"""The screening and surgery campaigns. No `from __future__ import annotations` here: django-ninja reads them.

The list and the progress name nobody ("campaigns.view", every role); the children are personal data
("personal_data.view", the read recorded); changing a campaign, registering a child and recording a
screening result go through the same services as the web pages ("registry.manage"). A campaign, child or
session outside the caller's area is a 404; so is changing a campaign whose area is wider than the caller's.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hoanhap.agencies.models import Agency
from hoanhap.api.auth import TokenAuth
from hoanhap.api.persons import unit_for_code
from hoanhap.api.persons_common import MANAGE, ONE_ERRORS, READ_ERRORS, plain, viewer_of
from hoanhap.api.schemas import ErrorOut
from hoanhap.campaigns.models import Campaign, CampaignStatus, ConditionGroup, FundingSource, Registration
from hoanhap.campaigns.progress import ProgressRow, campaign_progress
from hoanhap.campaigns.selectors import (
    access_campaign,
    access_campaign_commune,
    access_campaign_to_change,
    access_registration,
    access_session,
    campaign_list,
    registration_list,
)
from hoanhap.campaigns.services import (
    CampaignDetails,
    campaign_update,
    registration_add,
    registration_add_new_child,
)
from hoanhap.campaigns.services_care import ResultData, screening_results_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Sex
from hoanhap.people.selectors import access_person

router = Router(tags=["campaigns"], auth=TokenAuth("campaigns.view"))
PERSONAL_DATA = TokenAuth("personal_data.view")


class CampaignOut(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date
    area: str = Field(description="Code of the province or commune the campaign covers.")
    organiser: str | None
    organiser_id: int | None = Field(description="The organising agency's id.")
    condition_groups: list[str]
    funding_sources: list[str]
    status: str


class CampaignPatchIn(Schema):
    """Only the fields sent change; the area cannot. ``organiser: null`` removes the organiser."""

    name: str | None = Field(None, max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None
    organiser: int | None = Field(None, description="An active agency's id; null for none.")
    condition_groups: list[ConditionGroup] | None = Field(
        None, description="A group children are registered or found with cannot be removed."
    )
    funding_sources: list[FundingSource] | None = None
    status: CampaignStatus | None = Field(
        None,
        description="planned → open or closed; open → closed (or planned while nobody is registered); "
        "closed → open.",
    )


class ProgressRowOut(Schema):
    commune: str | None = Field(description="Commune code; null on the total row.")
    commune_name: str | None
    registered: int
    screened: int
    confirmed: int
    indicated: int
    operated: int
    followed_up: int
    screened_share: Decimal | None = Field(description="Screened, in % of the registered (one decimal).")
    operated_share: Decimal | None = Field(description="Operated, in % of those indicated (one decimal).")


class ProgressOut(Schema):
    communes: list[ProgressRowOut]
    total: ProgressRowOut


class ChildOut(Schema):
    id: int = Field(description="The registration's id.")
    person_id: int
    full_name: str
    birth_date: date | None
    birth_year: int
    commune: str
    suspected_group: str
    registered_on: date
    screened: bool
    condition_confirmed: bool | None
    confirmed_group: str | None
    surgery_indicated: bool | None
    operated: bool
    follow_ups: int


class NewChildIn(Schema):
    full_name: str = Field(max_length=150)
    sex: Sex
    commune: str = Field(max_length=10, description="Code of today's commune.")
    birth_date: date | None = None
    birth_year: int | None = None
    village: str = Field("", max_length=100)
    carer_name: str = Field("", max_length=150)
    carer_relation: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)


class RegisterIn(Schema):
    person_id: int | None = Field(None, description="A child of the registry; or give `child` instead.")
    child: NewChildIn | None = Field(None, description="A child not yet in the registry, added to it.")
    suspected_group: ConditionGroup


class ResultIn(Schema):
    session_id: int
    condition_confirmed: bool
    confirmed_group: ConditionGroup | None = None
    surgery_indicated: bool = False
    referral: str = Field("", max_length=300)
    notes: str = ""


class ChildrenQuery(Schema):
    commune: str | None = Field(None, max_length=10, description="Only this commune's list.")


def _campaign_out(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "area": campaign.area.code,
        "organiser": campaign.organiser.name if campaign.organiser else None,
        "organiser_id": campaign.organiser_id,
        "condition_groups": campaign.condition_groups,
        "funding_sources": campaign.funding_sources,
        "status": campaign.status,
    }


def _row_out(row: ProgressRow) -> dict[str, Any]:
    return {
        "commune": row.commune_code or None,
        "commune_name": row.commune_name or None,
        "registered": row.registered,
        "screened": row.screened,
        "confirmed": row.confirmed,
        "indicated": row.indicated,
        "operated": row.operated,
        "followed_up": row.followed_up,
        "screened_share": row.screened_share,
        "operated_share": row.operated_share,
    }


def _child_out(registration: Registration) -> dict[str, Any]:
    person = registration.person
    result = getattr(registration, "result", None)
    return {
        "id": registration.pk,
        "person_id": person.pk,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "commune": registration.commune.code,
        "suspected_group": registration.suspected_group,
        "registered_on": registration.registered_on,
        "screened": result is not None,
        "condition_confirmed": result.condition_confirmed if result else None,
        "confirmed_group": (result.confirmed_group or None) if result else None,
        "surgery_indicated": result.surgery_indicated if result else None,
        "operated": hasattr(registration, "surgery"),
        "follow_ups": getattr(registration, "follow_up_count", 0),
    }


@router.get("/campaigns", response={200: list[CampaignOut], **READ_ERRORS}, summary="List the campaigns")
def list_campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    """Campaigns whose area overlaps yours, newest first."""
    return [_campaign_out(campaign) for campaign in campaign_list(viewer=viewer_of(request))]


def _organiser(agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first()
    if agency is None:
        raise ApplicationError(_("No agency has this id."), field="organiser")
    return agency


@router.patch(
    "/campaigns/{campaign_id}",
    auth=MANAGE,
    response={200: CampaignOut, **ONE_ERRORS, 400: ErrorOut},
    summary="Change a campaign",
)
def update_campaign(request: HttpRequest, campaign_id: int, payload: CampaignPatchIn) -> dict[str, Any]:
    """Send only the fields to change. The period must keep the screening days held; closing the campaign
    stops registrations, screening days and results. The change is recorded with the old and new values."""
    viewer = viewer_of(request)
    campaign = access_campaign_to_change(viewer=viewer, campaign_id=campaign_id)
    changes = payload.model_dump(exclude_unset=True)
    updates: dict[str, Any] = {}
    if "organiser" in changes:
        updates["organiser"] = _organiser(changes.pop("organiser"))
    for name, value in changes.items():
        if value is None:
            raise ApplicationError(_("Enter a value: this field cannot be null."), field=name)
        updates[name] = plain(value)
    data = replace(CampaignDetails.of(campaign), **updates)
    return _campaign_out(campaign_update(actor=viewer, campaign=campaign, data=data))


@router.get(
    "/campaigns/{campaign_id}/progress",
    response={200: ProgressOut, **READ_ERRORS, 404: ErrorOut},
    summary="A campaign's progress, by commune and in total",
)
def get_campaign_progress(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    """Registered → screened → confirmed → indicated → operated → followed up, for the communes of your
    area, with the shares screened of registered and operated of indicated."""
    viewer = viewer_of(request)
    progress = campaign_progress(
        viewer=viewer, campaign=access_campaign(viewer=viewer, campaign_id=campaign_id)
    )
    return {"communes": [_row_out(row) for row in progress.communes], "total": _row_out(progress.total)}


@router.get(
    "/campaigns/{campaign_id}/children",
    auth=PERSONAL_DATA,
    response={200: list[ChildOut], **READ_ERRORS, 404: ErrorOut},
    summary="List a campaign's registered children",
)
def list_campaign_children(
    request: HttpRequest, campaign_id: int, filters: Query[ChildrenQuery]
) -> list[dict[str, Any]]:
    """The children of your area (or of one commune) with their stage; the read is recorded."""
    viewer = viewer_of(request)
    campaign = access_campaign(viewer=viewer, campaign_id=campaign_id)
    commune = (
        access_campaign_commune(viewer=viewer, campaign=campaign, code=filters.commune)
        if filters.commune
        else None
    )
    return [_child_out(row) for row in registration_list(viewer=viewer, campaign=campaign, commune=commune)]


@router.post(
    "/campaigns/{campaign_id}/children",
    auth=MANAGE,
    response={201: ChildOut, **ONE_ERRORS, 400: ErrorOut},
    summary="Register a child for a campaign",
)
def register_campaign_child(
    request: HttpRequest, campaign_id: int, payload: RegisterIn
) -> Status[dict[str, Any]]:
    """A child of the registry (person_id) or a new child (child), under the age of a child on the day."""
    viewer = viewer_of(request)
    campaign = access_campaign(viewer=viewer, campaign_id=campaign_id)
    group = plain(payload.suspected_group)
    if (payload.person_id is None) == (payload.child is None):
        raise ApplicationError(_("Give either person_id or child."), field="person_id")
    child = payload.child
    if child is None:
        person = access_person(viewer=viewer, person_id=payload.person_id, record_read=False)
        registration = registration_add(actor=viewer, campaign=campaign, person=person, suspected_group=group)
    else:
        data = PersonData(
            full_name=child.full_name,
            sex=plain(child.sex),
            commune=unit_for_code(child.commune, None, field="commune"),
            birth_date=child.birth_date,
            birth_year=child.birth_date.year if child.birth_date else child.birth_year,
            village=child.village,
            carer_name=child.carer_name,
            carer_relation=child.carer_relation,
            phone=child.phone,
        )
        registration = registration_add_new_child(
            actor=viewer, campaign=campaign, data=data, suspected_group=group
        )
    return Status(201, _child_out(registration))


@router.post(
    "/campaigns/{campaign_id}/children/{registration_id}/result",
    auth=MANAGE,
    response={200: ChildOut, **ONE_ERRORS, 400: ErrorOut},
    summary="Record a child's screening result",
)
def record_screening_result(
    request: HttpRequest, campaign_id: int, registration_id: int, payload: ResultIn
) -> dict[str, Any]:
    """The result of the child at a session of their commune; a result already recorded is replaced."""
    viewer = viewer_of(request)
    campaign = access_campaign(viewer=viewer, campaign_id=campaign_id)
    registration = access_registration(viewer=viewer, campaign=campaign, registration_id=registration_id)
    session = access_session(viewer=viewer, campaign=campaign, session_id=payload.session_id)
    screening_results_record(
        actor=viewer,
        session=session,
        results=[
            ResultData(
                registration_id=registration.pk,
                condition_confirmed=payload.condition_confirmed,
                confirmed_group=plain(payload.confirmed_group) or "",
                surgery_indicated=payload.surgery_indicated,
                referral=payload.referral,
                notes=payload.notes,
            )
        ],
    )
    return _child_out(access_registration(viewer=viewer, campaign=campaign, registration_id=registration.pk))
