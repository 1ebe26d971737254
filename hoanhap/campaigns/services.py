"""Writes on campaigns: creating and changing one, and registering children on a commune's list.

Screening, surgery and follow-up are in ``hoanhap.campaigns.services_care``. Every service checks the
actor's scope and writes its audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record, changed_values
from hoanhap.benefits import codes as benefit_codes
from hoanhap.benefits.ages import years_between
from hoanhap.benefits.selectors import parameters_at
from hoanhap.campaigns.models import (
    Campaign,
    CampaignStatus,
    ConditionGroup,
    FundingSource,
    Registration,
    ScreeningResult,
    ScreeningSession,
)
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


@dataclass(frozen=True)
class CampaignDetails:
    """What may change on a campaign once created: everything but its area, on which the communes' lists
    hang. ``CampaignDetails.of(campaign)`` gives the current values, for a change of only some of them."""

    name: str
    starts_on: date
    ends_on: date
    condition_groups: list[str]
    funding_sources: list[str]
    organiser: Agency | None
    status: str

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignDetails:
        return cls(
            name=campaign.name,
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
            condition_groups=list(campaign.condition_groups),
            funding_sources=list(campaign.funding_sources),
            organiser=campaign.organiser,
            status=campaign.status,
        )


# The status a campaign may move to from each status. A closed campaign may be reopened (closed too early or
# by mistake); going back to planned is refused once children are registered (``_check_status_change``).
STATUS_CHANGES: dict[str, frozenset[str]] = {
    CampaignStatus.PLANNED: frozenset({CampaignStatus.OPEN, CampaignStatus.CLOSED}),
    CampaignStatus.OPEN: frozenset({CampaignStatus.CLOSED, CampaignStatus.PLANNED}),
    CampaignStatus.CLOSED: frozenset({CampaignStatus.OPEN}),
}


def _check_name(name: str) -> None:
    if not name.strip():
        raise ApplicationError(_("Enter the name of the campaign."), field="name")


def _check_details(data: CampaignData | CampaignDetails) -> None:
    """The period, the lists and the status, as the same rules for a new campaign and a changed one."""
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


def _checked_campaign(actor: Viewer, data: CampaignData) -> None:
    _check_name(data.name)
    if data.area.edition != Edition.CURRENT or data.area.tier not in (Tier.PROVINCE, Tier.COMMUNE):
        raise ApplicationError(_("Choose a province or a commune of today's units."), field="area")
    if not actor.scope.covers(data.area.path):
        raise ApplicationError(_("This unit is outside your area."), code="out_of_scope", field="area")
    _check_details(data)


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


def _check_period_keeps_sessions(campaign: Campaign, data: CampaignDetails) -> None:
    """Screening days are held within the period: a new period must still include those already held (in
    every commune, not only the actor's)."""
    held = ScreeningSession.objects.filter(campaign=campaign).aggregate(
        first=Min("held_on"), last=Max("held_on")
    )
    first, last = held["first"], held["last"]
    if first is not None and data.starts_on > first:
        raise ApplicationError(
            _("A screening session was held on %(day)s: the campaign must start on or before that day.")
            % {"day": f"{first:%d/%m/%Y}"},
            code="sessions_outside",
            field="starts_on",
        )
    if last is not None and data.ends_on < last:
        raise ApplicationError(
            _("A screening session was held on %(day)s: the campaign must end on or after that day.")
            % {"day": f"{last:%d/%m/%Y}"},
            code="sessions_outside",
            field="ends_on",
        )


def _check_groups_kept(campaign: Campaign, data: CampaignDetails) -> None:
    """A group of conditions a child was registered for, or found with, stays on the campaign."""
    dropped = set(campaign.condition_groups) - set(data.condition_groups)
    if not dropped:
        return
    used = set(
        Registration.objects.filter(campaign=campaign, suspected_group__in=dropped).values_list(
            "suspected_group", flat=True
        )
    ) | set(
        ScreeningResult.objects.filter(
            registration__campaign=campaign, confirmed_group__in=dropped
        ).values_list("confirmed_group", flat=True)
    )
    if used:
        labels = [str(ConditionGroup(code).label) for code in ConditionGroup.values if code in used]
        raise ApplicationError(
            _("Children are registered or found with these conditions, so they stay: %(groups)s.")
            % {"groups": "; ".join(labels)},
            code="group_in_use",
            field="condition_groups",
        )


def _check_status_change(campaign: Campaign, status: str) -> None:
    if status == campaign.status:
        return
    if status not in STATUS_CHANGES[campaign.status]:
        raise ApplicationError(
            _("A campaign cannot go from “%(old)s” to “%(new)s”.")
            % {"old": CampaignStatus(campaign.status).label, "new": CampaignStatus(status).label},
            code="status_change",
            field="status",
        )
    if status == CampaignStatus.PLANNED and Registration.objects.filter(campaign=campaign).exists():
        raise ApplicationError(
            _("Children are registered already: the campaign cannot go back to planned."),
            code="status_change",
            field="status",
        )


CHANGEABLE = ["name", "starts_on", "ends_on", "organiser", "condition_groups", "funding_sources", "status"]


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, data: CampaignDetails) -> Campaign:
    """Change a campaign's name, period, organiser, groups of conditions, funding sources or status.

    Only an actor whose area covers the whole campaign may change it (a commune officer sees the province's
    campaign but does not run it). The period must keep the screening days held, a group of conditions in
    use stays, and the status moves as ``STATUS_CHANGES`` allows: closing the campaign stops registrations,
    screening days and results (``check_campaign_open``); surgery and follow-up of children already
    indicated go on after it closes. The audit event holds the old and new values of what changed.
    """
    if not actor.scope.covers(campaign.area_path):
        raise ApplicationError(
            _("Only an officer whose area covers the whole campaign may change it."), code="out_of_scope"
        )
    _check_name(data.name)
    _check_details(data)
    _check_period_keeps_sessions(campaign, data)
    _check_groups_kept(campaign, data)
    _check_status_change(campaign, data.status)
    values = {
        "name": data.name.strip(),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "organiser": data.organiser,
        "condition_groups": sorted(set(data.condition_groups), key=ConditionGroup.values.index),
        "funding_sources": sorted(set(data.funding_sources), key=FundingSource.values.index),
        "status": data.status,
    }
    old, new = changed_values(campaign, CHANGEABLE, values)
    if not new:
        return campaign
    for name, value in new.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["created_by"])
    campaign.save(update_fields=list(new))
    audit_record(
        actor=actor,
        action="campaigns.campaign.updated",
        obj=campaign,
        unit_path=campaign.area_path,
        old=old,
        new=new,
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
