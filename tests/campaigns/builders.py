"""A screening and surgery campaign of Lạng Sơn, and the acceptance case of issue 6: 20 children registered in
two communes, 18 screened, 5 indicated, 4 operated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.campaigns.models import Campaign, ConditionGroup, FollowUpStatus, FundingSource, Registration
from hoanhap.campaigns.services import CampaignData, campaign_create, registration_add
from hoanhap.campaigns.services_care import (
    ResultData,
    follow_up_record,
    screening_results_record,
    screening_session_create,
    surgery_record,
)
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, make_person, unit

CHILD_BIRTH_YEAR = timezone.localdate().year - 8


def make_campaign(
    actor: User,
    area: str = LANG_SON,
    name: str = "Khám sàng lọc trẻ em 2024",
    funding_sources: list[str] | None = None,
) -> Campaign:
    today = timezone.localdate()
    return campaign_create(
        actor=actor,
        data=CampaignData(
            name=name,
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=60),
            area=unit(area),
            condition_groups=[ConditionGroup.CLEFT, ConditionGroup.MOTOR, ConditionGroup.EYE],
            funding_sources=(
                [FundingSource.CHILD_PROTECTION_FUND, FundingSource.STATE_BUDGET]
                if funding_sources is None
                else funding_sources
            ),
        ),
    )


def register_children(actor: User, campaign: Campaign, commune: str, count: int) -> list[Registration]:
    return [
        registration_add(
            actor=actor,
            campaign=campaign,
            person=make_person(
                None,
                full_name=f"Trẻ {commune} {number:02d}",
                birth_year=CHILD_BIRTH_YEAR,
                commune=unit(commune),
            ),
            suspected_group=ConditionGroup.CLEFT,
        )
        for number in range(count)
    ]


@dataclass(frozen=True)
class CommunePlan:
    code: str
    registered: int
    screened: int
    indicated: int
    operated: int
    followed_up: int


# Bắc Sơn: 9 of 10 screened, 2 of 3 indicated operated; Đồng Đăng: 9 of 10 screened, 2 of 2 operated.
# Together: 18 of 20 screened (90 %), 4 of 5 indicated operated (80 %).
ACCEPTANCE = (CommunePlan(BAC_SON, 10, 9, 3, 2, 1), CommunePlan(DONG_DANG, 10, 9, 2, 2, 2))


def run_commune(actor: User, campaign: Campaign, plan: CommunePlan) -> list[Registration]:
    """Register, screen, operate and follow up the children of one commune as ``plan`` says."""
    registrations = register_children(actor, campaign, plan.code, plan.registered)
    today = timezone.localdate()
    session = screening_session_create(
        actor=actor,
        campaign=campaign,
        commune=unit(plan.code),
        held_on=today - timedelta(days=2),
        place="Trạm Y tế",
        team="Bệnh viện Đa khoa tỉnh",
    )
    screening_results_record(
        actor=actor,
        session=session,
        results=[
            ResultData(
                registration_id=registration.pk,
                condition_confirmed=position < plan.indicated + 1,
                confirmed_group=ConditionGroup.CLEFT if position < plan.indicated + 1 else "",
                surgery_indicated=position < plan.indicated,
                referral="Bệnh viện Nhi Trung ương" if position < plan.indicated else "",
            )
            for position, registration in enumerate(registrations[: plan.screened])
        ],
    )
    for registration in registrations[: plan.operated]:
        registration.refresh_from_db()
        surgery_record(
            actor=actor,
            registration=registration,
            hospital="Bệnh viện Nhi Trung ương",
            operated_on=today - timedelta(days=1),
            cost=12_500_000,
            paid_by=FundingSource.CHILD_PROTECTION_FUND,
            outcome="good",
        )
    for registration in registrations[: plan.followed_up]:
        follow_up_record(
            actor=actor,
            registration=registration,
            followed_on=today,
            status=FollowUpStatus.REHABILITATION,
            note="Tập phục hồi chức năng",
        )
    return registrations


def acceptance_campaign(actor: User) -> Campaign:
    campaign = make_campaign(actor)
    for plan in ACCEPTANCE:
        run_commune(actor, campaign, plan)
    return campaign


# Arguments of the campaign pages for the access matrices: a campaign of Bắc Sơn made by its commune officer
# (``objects["commune"]``), with one child screened and indicated for surgery.


def a_campaign(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return {"campaign_id": make_campaign(objects["commune"], area=BAC_SON).pk}


def a_campaign_commune(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return {**a_campaign(user, objects), "code": BAC_SON}


def _indicated_child(objects: dict[str, Any]) -> tuple[Campaign, Registration, int]:
    officer = objects["commune"]
    campaign = make_campaign(officer, area=BAC_SON)
    registration = run_commune(officer, campaign, CommunePlan(BAC_SON, 1, 1, 1, 0, 0))[0]
    session_id = registration.campaign.sessions.values_list("pk", flat=True).get()
    return campaign, registration, session_id


def a_campaign_session(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    campaign, _registration, session_id = _indicated_child(objects)
    return {"campaign_id": campaign.pk, "session_id": session_id}


def a_campaign_child(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    campaign, registration, _session_id = _indicated_child(objects)
    return {"campaign_id": campaign.pk, "registration_id": registration.pk}
