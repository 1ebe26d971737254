"""Writes on campaigns: creating one, and registering children on a commune's list.

Screening, surgery and follow-up are in ``hoanhap.campaigns.services_care``. Every service checks the
actor's scope and writes its audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.benefits import codes as benefit_codes
from hoanhap.benefits.ages import years_between
from hoanhap.benefits.selectors import parameters_at
from hoanhap.campaigns.models import Campaign, CampaignStatus, ConditionGroup, FundingSource, Registration
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.geo.selectors import current_commune_for
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.services import person_register


@dataclass(frozen=True)
class CampaignData:
    name: str
    starts_on: date
    ends_on: date
    area: AdminUnit
    condition_groups: list[str] = field(default_factory=list)
    funding_sources: list[str] = field(default_factory=list)
    organiser: Agency | None = None
    status: str = CampaignStatus.OPEN


def _checked_campaign(actor: Viewer, data: CampaignData) -> None:
    if not data.name.strip():
        raise ApplicationError(_("Enter the name of the campaign."), field="name")
    if data.area.edition != Edition.CURRENT or data.area.tier not in (Tier.PROVINCE, Tier.COMMUNE):
        raise ApplicationError(_("Choose a province or a commune of today's units."), field="area")
    if not actor.scope.covers(data.area.path):
        raise ApplicationError(_("This unit is outside your area."), code="out_of_scope", field="area")
    if data.ends_on < data.starts_on:
        raise ApplicationError(_("The end must be on or after the start."), field="ends_on")
    if not data.condition_groups:
        raise ApplicationError(_("Choose at least one group of conditions."), field="condition_groups")
    if set(data.condition_groups) - set(ConditionGroup.values):
        raise ApplicationError(_("Choose groups of conditions from the list."), field="condition_groups")
    if set(data.funding_sources) - set(FundingSource.values):
        raise ApplicationError(_("Choose funding sources from the list."), field="funding_sources")
    if data.status not in CampaignStatus.values:
        raise ApplicationError(_("Choose a status from the list."), field="status")


@transaction.atomic
def campaign_create(*, actor: Any, data: CampaignData) -> Campaign:
    """A campaign in an area (a province or a commune) the actor's scope covers."""
    _checked_campaign(actor, data)
    campaign = Campaign(
        name=data.name.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        organiser=data.organiser,
        area=data.area,
        area_path=data.area.path,
        condition_groups=sorted(set(data.condition_groups), key=ConditionGroup.values.index),
        funding_sources=sorted(set(data.funding_sources), key=FundingSource.values.index),
        status=data.status,
        created_by=actor,
    )
    campaign.full_clean(exclude=["created_by"])
    campaign.save()
    audit_record(
        actor=actor,
        action="campaigns.campaign.created",
        obj=campaign,
        unit_path=campaign.area_path,
        new={
            "name": campaign.name,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "area": data.area.code,
            "organiser": data.organiser,
            "condition_groups": campaign.condition_groups,
            "funding_sources": campaign.funding_sources,
            "status": campaign.status,
        },
    )
    return campaign


def check_commune_of_campaign(*, actor: Viewer, campaign: Campaign, commune: AdminUnit, field: str) -> None:
    """A commune of today's units inside both the campaign's area and the actor's scope."""
    if commune.edition != Edition.CURRENT or commune.tier != Tier.COMMUNE:
        raise ApplicationError(_("Choose a commune of today's units."), field=field)
    if not commune.path.startswith(campaign.area_path):
        raise ApplicationError(
            _("This commune is outside the area of the campaign."), code="outside_campaign", field=field
        )
    if not actor.scope.covers(commune.path):
        raise ApplicationError(_("This commune is outside your area."), code="out_of_scope", field=field)


def check_campaign_open(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise ApplicationError(_("This campaign is closed."), code="campaign_closed")


def check_child(
    *, birth_date: date | None, birth_year: int | None, on: date, unit_path: str, field: str = "person"
) -> None:
    """A child by the age threshold in force (``age.child_below``, 16 under the Law on Children): when only
    the year is known, the birthday is taken to be 1 January, as the entitlement rules take it."""
    if birth_date is None and birth_year is None:
        raise ApplicationError(_("Enter the child's date or year of birth."), field="birth_date")
    birth = birth_date or date(birth_year or on.year, 1, 1)
    below = parameters_at(month=on, unit_path=unit_path).number(benefit_codes.AGE_CHILD_BELOW)
    if birth > on:
        raise ApplicationError(_("The date of birth cannot be in the future."), field="birth_date")
    if years_between(birth, on) >= below:
        raise ApplicationError(
            _("Only children under %(age)s may be registered: this person is %(years)s.")
            % {"age": int(below), "years": years_between(birth, on)},
            code="not_a_child",
            field=field,
        )


@transaction.atomic
def registration_add(*, actor: Any, campaign: Campaign, person: Person, suspected_group: str) -> Registration:
    """Put a child of the registry on the list of their commune for the campaign."""
    check_campaign_open(campaign)
    if not actor.scope.covers(person.unit_path):
        raise ApplicationError(_("This person is outside your area."), code="out_of_scope", field="person")
    if person.status != PersonStatus.ACTIVE or person.merged_into_id is not None:
        raise ApplicationError(_("Only a person active in the registry may be registered."), field="person")
    if suspected_group not in campaign.condition_groups:
        raise ApplicationError(
            _("Choose one of the groups of conditions the campaign covers."), field="suspected_group"
        )
    commune = person.commune
    check_commune_of_campaign(actor=actor, campaign=campaign, commune=commune, field="person")
    today = timezone.localdate()
    check_child(birth_date=person.birth_date, birth_year=person.birth_year, on=today, unit_path=commune.path)
    if Registration.objects.filter(campaign=campaign, person=person).exists():
        raise ApplicationError(
            _("This child is already registered for the campaign."), code="already_registered", field="person"
        )
    registration = Registration(
        campaign=campaign,
        person=person,
        commune=commune,
        unit_path=commune.path,
        suspected_group=suspected_group,
        registered_on=today,
        registered_by=actor,
    )
    registration.full_clean(exclude=["registered_by", "campaign", "person", "commune"])
    registration.save()
    audit_record(
        actor=actor,
        action="campaigns.registration.added",
        obj=registration,
        unit_path=registration.unit_path,
        new={"campaign": campaign.pk, "person": person.pk, "suspected_group": suspected_group},
    )
    return registration


@transaction.atomic
def registration_add_new_child(
    *, actor: Any, campaign: Campaign, data: PersonData, suspected_group: str
) -> Registration:
    """Register a child not yet in the registry: the child is added as a person, then put on the list.

    The age and the commune are checked before the person is created, so a refusal leaves no record.
    """
    check_campaign_open(campaign)
    commune = current_commune_for(unit=data.commune, choice=data.successor_choice)
    check_commune_of_campaign(actor=actor, campaign=campaign, commune=commune, field="commune")
    check_child(
        birth_date=data.birth_date,
        birth_year=data.birth_year,
        on=timezone.localdate(),
        unit_path=commune.path,
        field="birth_date",
    )
    person = person_register(actor=actor, data=data)
    return registration_add(actor=actor, campaign=campaign, person=person, suspected_group=suspected_group)
