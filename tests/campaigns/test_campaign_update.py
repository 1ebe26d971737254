"""Changing a campaign: what may change, the rules that keep its lists consistent, the status it may move to,
what a closed campaign refuses, and the audit event with the old and new values."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.campaigns.models import Campaign, CampaignStatus, ConditionGroup, FundingSource
from hoanhap.campaigns.selectors import access_campaign_to_change, may_change_campaign
from hoanhap.campaigns.services import (
    CampaignDetails,
    campaign_update,
    registration_add,
    registration_add_new_child,
)
from hoanhap.campaigns.services_care import (
    ResultData,
    follow_up_record,
    screening_results_record,
    screening_session_create,
    surgery_record,
)
from hoanhap.core.exceptions import ApplicationError
from tests.campaigns.builders import CHILD_BIRTH_YEAR, CommunePlan, make_campaign, run_commune
from tests.factories import BAC_SON, make_agency, make_person, person_data, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def change(actor: User, campaign: Campaign, **values: Any) -> Campaign:
    return campaign_update(
        actor=actor, campaign=campaign, data=replace(CampaignDetails.of(campaign), **values)
    )


def refusal(actor: User, campaign: Campaign, **values: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        change(actor, campaign, **values)
    return caught.value


def test_every_detail_but_the_area_changes_and_the_audit_event_holds_what_changed(
    province_user: User,
) -> None:
    campaign = make_campaign(province_user)
    organiser = make_agency()
    start, end = campaign.starts_on - timedelta(days=5), campaign.ends_on + timedelta(days=10)
    change(
        province_user,
        campaign,
        name="  Khám sàng lọc trẻ em 2025 ",
        starts_on=start,
        ends_on=end,
        organiser=organiser,
        condition_groups=[ConditionGroup.EAR, ConditionGroup.CLEFT, ConditionGroup.MOTOR, ConditionGroup.EYE],
        funding_sources=[FundingSource.DONORS],
        status=CampaignStatus.CLOSED,
    )
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.name == "Khám sàng lọc trẻ em 2025"
    assert (stored.starts_on, stored.ends_on, stored.organiser) == (start, end, organiser)
    assert stored.condition_groups == ["cleft", "motor", "eye", "ear"]  # in the order of the list
    assert stored.funding_sources == ["donors"]
    assert stored.status == CampaignStatus.CLOSED
    event = AuditEvent.objects.get(action="campaigns.campaign.updated")
    assert event.actor_id == province_user.pk
    assert event.object_id == str(campaign.pk)
    assert event.unit_path == campaign.area_path
    assert event.old_values == {
        "name": "Khám sàng lọc trẻ em 2024",
        "starts_on": (start + timedelta(days=5)).isoformat(),
        "ends_on": (end - timedelta(days=10)).isoformat(),
        "organiser": None,
        "condition_groups": ["cleft", "motor", "eye"],
        "funding_sources": ["child_fund", "state_budget"],
        "status": "open",
    }
    assert event.new_values == {
        "name": "Khám sàng lọc trẻ em 2025",
        "starts_on": start.isoformat(),
        "ends_on": end.isoformat(),
        "organiser": organiser.pk,
        "condition_groups": ["cleft", "motor", "eye", "ear"],
        "funding_sources": ["donors"],
        "status": "closed",
    }


def test_only_the_fields_changed_are_recorded_and_no_change_records_nothing(province_user: User) -> None:
    campaign = make_campaign(province_user)
    change(province_user, campaign)
    assert not AuditEvent.objects.filter(action="campaigns.campaign.updated").exists()
    change(province_user, campaign, name="Tên mới")
    event = AuditEvent.objects.get(action="campaigns.campaign.updated")
    assert event.old_values == {"name": "Khám sàng lọc trẻ em 2024"}
    assert event.new_values == {"name": "Tên mới"}


def test_the_end_cannot_come_before_the_start_and_the_name_is_required(province_user: User) -> None:
    campaign = make_campaign(province_user)
    error = refusal(province_user, campaign, ends_on=campaign.starts_on - timedelta(days=1))
    assert error.field == "ends_on"
    assert refusal(province_user, campaign, name="   ").field == "name"
    assert refusal(province_user, campaign, condition_groups=[]).field == "condition_groups"
    assert refusal(province_user, campaign, funding_sources=["lottery"]).field == "funding_sources"
    assert Campaign.objects.get(pk=campaign.pk).name == "Khám sàng lọc trẻ em 2024"


def test_the_period_must_keep_the_screening_days_already_held(province_user: User) -> None:
    campaign = make_campaign(province_user)
    run_commune(province_user, campaign, CommunePlan(BAC_SON, 1, 1, 0, 0, 0))  # screened two days ago
    held = timezone.localdate() - timedelta(days=2)
    late_start = refusal(province_user, campaign, starts_on=held + timedelta(days=1))
    assert (late_start.field, late_start.code) == ("starts_on", "sessions_outside")
    assert held.strftime("%d/%m/%Y") in str(late_start.message)
    early_end = refusal(province_user, campaign, ends_on=held - timedelta(days=1))
    assert (early_end.field, early_end.code) == ("ends_on", "sessions_outside")
    change(province_user, campaign, starts_on=held, ends_on=held)
    assert Campaign.objects.get(pk=campaign.pk).ends_on == held


def test_a_group_children_are_registered_or_found_with_cannot_be_removed(province_user: User) -> None:
    campaign = make_campaign(province_user)  # cleft, motor, eye
    registration = run_commune(province_user, campaign, CommunePlan(BAC_SON, 1, 1, 0, 0, 0))[0]
    assert registration.suspected_group == ConditionGroup.CLEFT
    error = refusal(province_user, campaign, condition_groups=[ConditionGroup.MOTOR])
    assert (error.field, error.code) == ("condition_groups", "group_in_use")
    assert "Cleft lip and palate" in str(error.message)
    # The child was suspected of a cleft but found with an eye condition: both groups stay.
    session = campaign.sessions.get()
    screening_results_record(
        actor=province_user,
        session=session,
        results=[
            ResultData(
                registration_id=registration.pk,
                condition_confirmed=True,
                confirmed_group=ConditionGroup.EYE,
                surgery_indicated=False,
            )
        ],
    )
    error = refusal(province_user, campaign, condition_groups=[ConditionGroup.CLEFT])
    assert "Eye" in str(error.message)
    assert "Cleft" not in str(error.message)
    change(province_user, campaign, condition_groups=[ConditionGroup.CLEFT, ConditionGroup.EYE])
    assert Campaign.objects.get(pk=campaign.pk).condition_groups == ["cleft", "eye"]


def test_the_status_moves_only_as_allowed(province_user: User) -> None:
    campaign = make_campaign(province_user)
    change(province_user, campaign, status=CampaignStatus.PLANNED)  # nobody registered yet
    change(province_user, campaign, status=CampaignStatus.OPEN)
    run_commune(province_user, campaign, CommunePlan(BAC_SON, 1, 0, 0, 0, 0))
    back = refusal(province_user, campaign, status=CampaignStatus.PLANNED)
    assert (back.field, back.code) == ("status", "status_change")
    change(province_user, campaign, status=CampaignStatus.CLOSED)
    planned = refusal(province_user, campaign, status=CampaignStatus.PLANNED)
    assert planned.code == "status_change"
    assert "Closed" in str(planned.message)
    change(province_user, campaign, status=CampaignStatus.OPEN)  # reopened
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.OPEN
    assert refusal(province_user, campaign, status="paused").field == "status"


def test_a_closed_campaign_refuses_registrations_sessions_and_results_but_not_surgery_or_follow_up(
    province_user: User,
) -> None:
    campaign = make_campaign(province_user)
    registration = run_commune(province_user, campaign, CommunePlan(BAC_SON, 2, 1, 1, 0, 0))[0]
    session = campaign.sessions.get()
    change(province_user, campaign, status=CampaignStatus.CLOSED)
    child = make_person(None, full_name="Trẻ Mới Đến", birth_year=CHILD_BIRTH_YEAR)
    today = timezone.localdate()
    refused = [
        lambda: registration_add(
            actor=province_user, campaign=campaign, person=child, suspected_group=ConditionGroup.CLEFT
        ),
        lambda: registration_add_new_child(
            actor=province_user,
            campaign=campaign,
            data=person_data(full_name="Trẻ Mới Hơn", birth_year=CHILD_BIRTH_YEAR, birth_date=None),
            suspected_group=ConditionGroup.CLEFT,
        ),
        lambda: screening_session_create(
            actor=province_user, campaign=campaign, commune=unit(BAC_SON), held_on=today, place="x", team="y"
        ),
        lambda: screening_results_record(
            actor=province_user,
            session=session,
            results=[
                ResultData(
                    registration_id=registration.pk, condition_confirmed=False, surgery_indicated=False
                )
            ],
        ),
    ]
    for attempt in refused:
        with pytest.raises(ApplicationError) as caught:
            attempt()
        assert caught.value.code == "campaign_closed"
    registration.refresh_from_db()
    surgery_record(
        actor=province_user,
        registration=registration,
        hospital="Bệnh viện Nhi Trung ương",
        operated_on=today,
        paid_by=FundingSource.CHILD_PROTECTION_FUND,
        outcome="good",
    )
    follow_up_record(actor=province_user, registration=registration, followed_on=today, status="recovered")
    assert campaign.registrations.count() == 2


def test_only_an_officer_whose_area_covers_the_campaign_may_change_it(
    province_user: User, commune_user: User, other_province_user: User
) -> None:
    campaign = make_campaign(province_user)  # the whole of Lạng Sơn
    error = refusal(commune_user, campaign, name="Đổi tên")
    assert error.code == "out_of_scope"
    assert not may_change_campaign(viewer=commune_user, campaign=campaign)
    assert may_change_campaign(viewer=province_user, campaign=campaign)
    with pytest.raises(Campaign.DoesNotExist):
        access_campaign_to_change(viewer=commune_user, campaign_id=campaign.pk)
    with pytest.raises(Campaign.DoesNotExist):
        access_campaign_to_change(viewer=other_province_user, campaign_id=campaign.pk)
    own = make_campaign(commune_user, area=BAC_SON)
    assert access_campaign_to_change(viewer=commune_user, campaign_id=own.pk) == own
    assert access_campaign_to_change(viewer=province_user, campaign_id=own.pk) == own
    assert Campaign.objects.get(pk=campaign.pk).name == "Khám sàng lọc trẻ em 2024"


def test_a_campaign_may_have_no_funding_source_when_created_or_changed(province_user: User) -> None:
    campaign = make_campaign(province_user, funding_sources=[])
    assert Campaign.objects.get(pk=campaign.pk).funding_sources == []
    change(province_user, campaign, funding_sources=[FundingSource.FAMILY])
    change(province_user, campaign, funding_sources=[])
    assert Campaign.objects.get(pk=campaign.pk).funding_sources == []
