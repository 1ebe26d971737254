"""The screening and surgery campaign: registration, screening, surgery, follow-up, funnel and export."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.utils import timezone, translation

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.campaigns.exports import campaign_workbook
from hoanhap.campaigns.models import ConditionGroup, FundingSource, Registration
from hoanhap.campaigns.progress import campaign_progress
from hoanhap.campaigns.selectors import access_campaign, campaign_list, registration_list
from hoanhap.campaigns.services import registration_add, registration_add_new_child
from hoanhap.campaigns.services_care import (
    ResultData,
    screening_results_record,
    screening_session_create,
    surgery_record,
)
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person
from tests.campaigns.builders import (
    ACCEPTANCE,
    CHILD_BIRTH_YEAR,
    CommunePlan,
    acceptance_campaign,
    make_campaign,
    register_children,
    run_commune,
)
from tests.factories import BAC_SON, DONG_DANG, make_person, person_data, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def test_the_acceptance_case_shows_90_percent_screened_and_80_percent_of_indicated_operated(
    province_user: User,
) -> None:
    campaign = acceptance_campaign(province_user)
    progress = campaign_progress(viewer=province_user, campaign=campaign)
    total = progress.total
    assert (total.registered, total.screened, total.indicated, total.operated) == (20, 18, 5, 4)
    assert total.screened_share == Decimal("90.0")
    assert total.operated_share == Decimal("80.0")
    assert total.confirmed == 7
    assert total.followed_up == 3
    by_code = {row.commune_code: row for row in progress.communes}
    bac_son, dong_dang = by_code[BAC_SON], by_code[DONG_DANG]
    assert (bac_son.registered, bac_son.screened, bac_son.indicated, bac_son.operated) == (10, 9, 3, 2)
    assert bac_son.screened_share == Decimal("90.0")
    assert bac_son.operated_share == Decimal("66.7")
    assert (dong_dang.registered, dong_dang.screened, dong_dang.indicated, dong_dang.operated) == (
        10,
        9,
        2,
        2,
    )
    assert dong_dang.screened_share == Decimal("90.0")
    assert dong_dang.operated_share == Decimal("100.0")
    assert (bac_son.followed_up, dong_dang.followed_up) == (1, 2)


def test_a_commune_officer_sees_only_their_communes_figures_and_children(
    province_user: User, commune_user: User
) -> None:
    campaign = acceptance_campaign(province_user)
    progress = campaign_progress(viewer=commune_user, campaign=campaign)
    assert [row.commune_code for row in progress.communes] == [BAC_SON]
    assert progress.total.registered == 10
    children = registration_list(viewer=commune_user, campaign=campaign)
    assert {registration.commune.code for registration in children} == {BAC_SON}


def test_the_progress_takes_one_query_whatever_the_number_of_children(
    province_user: User, django_assert_max_num_queries: Any
) -> None:
    campaign = make_campaign(province_user)
    run_commune(province_user, campaign, CommunePlan(BAC_SON, 2, 2, 1, 1, 1))
    with django_assert_max_num_queries(1):
        small = campaign_progress(viewer=province_user, campaign=campaign)
    run_commune(province_user, campaign, CommunePlan(DONG_DANG, 12, 10, 4, 3, 3))
    with django_assert_max_num_queries(1):
        large = campaign_progress(viewer=province_user, campaign=campaign)
    assert (small.total.registered, large.total.registered) == (2, 14)


def test_listing_the_children_is_recorded_and_takes_a_fixed_number_of_queries(
    province_user: User, django_assert_max_num_queries: Any
) -> None:
    campaign = make_campaign(province_user)
    run_commune(province_user, campaign, CommunePlan(BAC_SON, 12, 10, 4, 3, 3))
    bac_son = unit(BAC_SON)
    with django_assert_max_num_queries(2):  # the list, and the audit event
        children = registration_list(viewer=province_user, campaign=campaign, commune=bac_son)
        rows = [
            (child.person.full_name, child.result.session.place, child.follow_up_count)
            for child in children
            if hasattr(child, "result")
        ]
    assert len(rows) == 10
    event = AuditEvent.objects.filter(action="people.person.listed").latest("id")
    assert sorted(event.new_values["ids"]) == sorted(child.person_id for child in children)
    assert event.new_values["filters"] == {"campaign": campaign.pk, "commune": BAC_SON}


def test_a_person_of_16_or_over_is_refused(commune_user: User, province_user: User) -> None:
    campaign = make_campaign(province_user)
    today = timezone.localdate()
    sixteen_today = make_person(
        None, birth_date=today.replace(year=today.year - 16), birth_year=today.year - 16
    )
    with pytest.raises(ApplicationError) as refused:
        registration_add(
            actor=commune_user, campaign=campaign, person=sixteen_today, suspected_group=ConditionGroup.CLEFT
        )
    assert refused.value.code == "not_a_child"
    assert "under 16" in str(refused.value.message)
    almost = today.replace(year=today.year - 16) + timedelta(days=1)
    fifteen = make_person(None, birth_date=almost, birth_year=almost.year)
    registration_add(
        actor=commune_user, campaign=campaign, person=fifteen, suspected_group=ConditionGroup.CLEFT
    )
    assert Registration.objects.filter(campaign=campaign).count() == 1


def test_a_new_child_is_added_to_the_registry_and_registered_or_nothing_is_kept(
    commune_user: User, province_user: User
) -> None:
    campaign = make_campaign(province_user)
    data = person_data(full_name="Hoàng Văn Bé", birth_year=CHILD_BIRTH_YEAR, sex="male")
    registration = registration_add_new_child(
        actor=commune_user, campaign=campaign, data=data, suspected_group=ConditionGroup.EYE
    )
    assert registration.person.full_name == "Hoàng Văn Bé"
    assert registration.commune.code == BAC_SON
    adult = person_data(full_name="Hoàng Văn Lớn", birth_year=1990)
    with pytest.raises(ApplicationError) as refused:
        registration_add_new_child(actor=commune_user, campaign=campaign, data=adult, suspected_group="eye")
    assert refused.value.field == "birth_date"
    assert not Person.objects.filter(full_name="Hoàng Văn Lớn").exists()
    actions = (
        AuditEvent.objects.filter(actor_id=commune_user.pk).order_by("id").values_list("action", flat=True)
    )
    assert list(actions) == ["people.person.registered", "campaigns.registration.added"]


def test_registration_rules(commune_user: User, province_user: User, other_commune_user: User) -> None:
    campaign = make_campaign(province_user)
    child = make_person(None, birth_year=CHILD_BIRTH_YEAR)
    with pytest.raises(ApplicationError, match="covers"):
        registration_add(
            actor=commune_user, campaign=campaign, person=child, suspected_group=ConditionGroup.BURN
        )
    registration_add(
        actor=commune_user, campaign=campaign, person=child, suspected_group=ConditionGroup.CLEFT
    )
    with pytest.raises(ApplicationError) as twice:
        registration_add(actor=commune_user, campaign=campaign, person=child, suspected_group="cleft")
    assert twice.value.code == "already_registered"
    other = make_person(None, birth_year=CHILD_BIRTH_YEAR, full_name="Lý Thị Xa")
    with pytest.raises(ApplicationError) as outside:
        registration_add(actor=other_commune_user, campaign=campaign, person=other, suspected_group="cleft")
    assert outside.value.code == "out_of_scope"
    commune_campaign = make_campaign(province_user, area=DONG_DANG, name="Đồng Đăng")
    with pytest.raises(ApplicationError) as elsewhere:
        registration_add(
            actor=province_user, campaign=commune_campaign, person=other, suspected_group="cleft"
        )
    assert elsewhere.value.code == "outside_campaign"


def test_a_campaign_is_created_only_in_the_creators_area(
    commune_user: User, other_province_user: User, province_user: User
) -> None:
    with pytest.raises(ApplicationError) as refused:
        make_campaign(commune_user)  # the province is wider than the commune officer's area
    assert refused.value.field == "area"
    own = make_campaign(commune_user, area=BAC_SON)
    province_wide = make_campaign(province_user)
    assert set(campaign_list(viewer=commune_user)) == {own, province_wide}
    assert list(campaign_list(viewer=other_province_user)) == []
    with pytest.raises(type(own).DoesNotExist):
        access_campaign(viewer=other_province_user, campaign_id=province_wide.pk)
    event = AuditEvent.objects.get(action="campaigns.campaign.created", object_id=str(own.pk))
    assert event.new_values["area"] == BAC_SON


def test_screening_surgery_and_follow_up_rules(commune_user: User, province_user: User) -> None:
    campaign = make_campaign(province_user)
    first, second = register_children(commune_user, campaign, BAC_SON, 2)
    today = timezone.localdate()
    with pytest.raises(ApplicationError) as late:
        screening_session_create(
            actor=commune_user,
            campaign=campaign,
            commune=unit(BAC_SON),
            held_on=campaign.ends_on + timedelta(days=1),
            place="Trạm Y tế",
            team="Đoàn bác sĩ",
        )
    assert late.value.field == "held_on"
    with pytest.raises(ApplicationError) as elsewhere:
        screening_session_create(
            actor=commune_user, campaign=campaign, commune=unit(DONG_DANG), held_on=today, place="x", team="y"
        )
    assert elsewhere.value.code == "out_of_scope"
    session = screening_session_create(
        actor=commune_user, campaign=campaign, commune=unit(BAC_SON), held_on=today, place="Trạm", team="Đoàn"
    )
    with pytest.raises(ApplicationError) as unconfirmed:
        screening_results_record(
            actor=commune_user,
            session=session,
            results=[ResultData(registration_id=first.pk, condition_confirmed=False, surgery_indicated=True)],
        )
    assert unconfirmed.value.field == "surgery_indicated"
    with pytest.raises(ApplicationError, match="indicated"):
        surgery_record(
            actor=commune_user,
            registration=second,
            hospital="BV",
            operated_on=today,
            paid_by=FundingSource.FAMILY,
            outcome="good",
        )
    screening_results_record(
        actor=commune_user,
        session=session,
        results=[
            ResultData(
                registration_id=first.pk,
                condition_confirmed=True,
                confirmed_group="cleft",
                surgery_indicated=True,
            )
        ],
    )
    first.refresh_from_db()
    surgery_record(
        actor=commune_user,
        registration=first,
        hospital="BV Nhi",
        operated_on=today,
        cost=5_000_000,
        paid_by=FundingSource.CHILD_PROTECTION_FUND,
        outcome="good",
    )
    first.refresh_from_db()
    with pytest.raises(ApplicationError, match="withdrawn"):
        screening_results_record(
            actor=commune_user,
            session=session,
            results=[
                ResultData(
                    registration_id=first.pk,
                    condition_confirmed=True,
                    confirmed_group="cleft",
                    surgery_indicated=False,
                )
            ],
        )
    actions = set(AuditEvent.objects.filter(action__startswith="campaigns.").values_list("action", flat=True))
    assert {"campaigns.session.created", "campaigns.result.recorded", "campaigns.surgery.recorded"} <= actions


def test_screening_again_replaces_the_result_and_records_the_old_values(
    commune_user: User, province_user: User
) -> None:
    campaign = make_campaign(province_user)
    (child,) = register_children(commune_user, campaign, BAC_SON, 1)
    session = screening_session_create(
        actor=commune_user,
        campaign=campaign,
        commune=unit(BAC_SON),
        held_on=timezone.localdate(),
        place="Trạm",
        team="Đoàn",
    )
    for confirmed in (False, True):
        screening_results_record(
            actor=commune_user,
            session=session,
            results=[
                ResultData(
                    registration_id=child.pk,
                    condition_confirmed=confirmed,
                    confirmed_group="eye" if confirmed else "",
                    surgery_indicated=False,
                )
            ],
        )
    changed = AuditEvent.objects.get(action="campaigns.result.changed")
    assert changed.old_values["condition_confirmed"] is False
    assert changed.new_values["confirmed_group"] == "eye"


def test_the_export_reads_back_with_every_child_and_neutralised_formulas(
    province_user: User, commune_user: User
) -> None:
    campaign = acceptance_campaign(province_user)
    trap = make_person(None, full_name='=HYPERLINK("http://x")', birth_year=CHILD_BIRTH_YEAR)
    registration_add(actor=commune_user, campaign=campaign, person=trap, suspected_group="cleft")
    content = campaign_workbook(viewer=province_user, campaign=campaign)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Full name", "Date of birth")
    assert len(rows) == 1 + 21
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    operated = [row for row in rows[1:] if row[14] == "Bệnh viện Nhi Trung ương"]
    assert len(operated) == 4
    assert {row[16] for row in operated} == {12_500_000}
    assert {row[17] for row in operated} == {"Child protection fund"}
    event = AuditEvent.objects.filter(action="people.persons.exported").latest("id")
    assert event.new_values["rows"] == 21
    assert len(event.new_values["ids"]) == 21
    own = openpyxl.load_workbook(io.BytesIO(campaign_workbook(viewer=commune_user, campaign=campaign))).active
    assert own is not None
    assert own.max_row == 1 + 11


def test_every_campaign_action_is_labelled() -> None:
    from hoanhap.audit.actions import registered_actions

    labels = registered_actions()
    for code in (
        "campaigns.campaign.created",
        "campaigns.registration.added",
        "campaigns.follow_up.recorded",
    ):
        assert code in labels
    assert len(ACCEPTANCE) == 2
