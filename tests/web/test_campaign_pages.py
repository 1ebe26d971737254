"""The campaign pages: the funnel with its percentages, registering children, the screening day, surgery
and follow-up, the printable list and the spreadsheet; scope and query counts."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.campaigns.models import Campaign, FollowUp, Registration, ScreeningResult, Surgery
from hoanhap.people.models import Person
from tests.campaigns.builders import (
    CHILD_BIRTH_YEAR,
    CommunePlan,
    acceptance_campaign,
    make_campaign,
    register_children,
    run_commune,
)
from tests.factories import BAC_SON, DONG_DANG, make_person, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def client_for(user: User) -> Client:
    """A signed-in client reading the pages in English."""
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def cells(html: str, commune: str) -> list[str]:
    """The text of the funnel row of ``commune`` (a code, or "total")."""
    row = re.search(rf'<tr class="govuk-table__row" data-commune="{commune}">(.*?)</tr>', html, re.S)
    assert row, commune
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row[1], re.S)
    ]


def test_the_campaign_page_shows_the_funnel_with_its_shares_by_commune_and_in_total(
    province_user: User, django_assert_max_num_queries: Any
) -> None:
    campaign = acceptance_campaign(province_user)
    client = client_for(province_user)
    url = reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})
    html = client.get(url).content.decode()
    # registered, screened, share, confirmed, indicated, operated, share, followed up
    assert cells(html, "total")[1:] == ["20", "18", "90 %", "7", "5", "4", "80 %", "3"]
    assert cells(html, BAC_SON)[1:] == ["10", "9", "90 %", "4", "3", "2", "66.7 %", "1"]
    assert cells(html, DONG_DANG)[1:] == ["10", "9", "90 %", "3", "2", "2", "100 %", "2"]
    with django_assert_max_num_queries(12):
        client.get(url)
    run_commune(province_user, campaign, CommunePlan("06187", 15, 12, 5, 4, 4))  # another commune of Lạng Sơn
    with django_assert_max_num_queries(12):
        assert "06187" in client.get(url).content.decode()


def test_a_viewer_sees_the_figures_but_no_child(viewer_user: User, province_user: User) -> None:
    campaign = acceptance_campaign(province_user)
    client = client_for(viewer_user)
    html = client.get(reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})).content.decode()
    assert cells(html, "total")[1:3] == ["20", "18"]
    assert "children.xlsx" not in html
    commune = reverse("web:campaign_commune", kwargs={"campaign_id": campaign.pk, "code": BAC_SON})
    assert client.get(commune).status_code == 403


def test_creating_a_campaign_with_mistakes_then_right(province_user: User) -> None:
    province_client = client_for(province_user)
    url = reverse("web:campaign_create")
    today = timezone.localdate()
    wrong = province_client.post(
        url, {"name": "", "starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2024", "area": "51"}
    )
    html = wrong.content.decode()
    assert 'href="#id_name"' in html
    assert 'href="#id_condition_groups_0"' in html
    assert 'href="#id_ends_on_0"' in html
    outside = province_client.post(url, campaign_form(today, area="51"))
    assert "outside your area" in outside.content.decode()
    created = province_client.post(url, campaign_form(today))
    campaign = Campaign.objects.get()
    assert created["Location"] == reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})
    assert campaign.condition_groups == ["cleft", "eye"]
    assert campaign.funding_sources == ["child_fund"]


def campaign_form(today: Any, area: str = "20") -> dict[str, Any]:
    end = today + timedelta(days=90)
    return {
        "name": "Khám sàng lọc 2024",
        "starts_on_0": today.day,
        "starts_on_1": today.month,
        "starts_on_2": today.year,
        "ends_on_0": end.day,
        "ends_on_1": end.month,
        "ends_on_2": end.year,
        "area": area,
        "condition_groups": ["eye", "cleft"],
        "funding_sources": ["child_fund"],
        "status": "open",
    }


def test_registering_children_found_in_the_registry_or_new(commune_user: User, province_user: User) -> None:
    campaign = make_campaign(province_user)
    client = client_for(commune_user)
    kwargs = {"campaign_id": campaign.pk, "code": BAC_SON}
    child = make_person(None, full_name="Nông Thị Nhỏ", birth_year=CHILD_BIRTH_YEAR)
    adult = make_person(None, full_name="Nông Văn Lớn", birth_year=1990)
    register = reverse("web:campaign_register", kwargs=kwargs)
    found = client.get(register, {"q": "nong"}).content.decode()
    assert "Nông Thị Nhỏ" in found
    assert "Nông Văn Lớn" in found
    refused = client.post(register, {"q": "nong", "person": adult.pk, "suspected_group": "cleft"})
    assert "Only children under 16 may be registered" in refused.content.decode()
    assert 'href="#id_person_0"' in refused.content.decode()
    done = client.post(register, {"q": "nong", "person": child.pk, "suspected_group": "cleft"})
    assert done.status_code == 302
    new_child = reverse("web:campaign_new_child", kwargs=kwargs)
    birth = {"birth_date_0": "", "birth_date_1": "", "birth_date_2": str(CHILD_BIRTH_YEAR)}
    client.post(new_child, {"full_name": "Hà Văn Mới", "sex": "male", "suspected_group": "eye", **birth})
    assert Registration.objects.filter(campaign=campaign, person__full_name="Hà Văn Mới").exists()
    too_old = {"birth_date_0": "", "birth_date_1": "", "birth_date_2": "2000"}
    page = client.post(
        new_child, {"full_name": "Hà Văn Cũ", "sex": "male", "suspected_group": "eye", **too_old}
    )
    assert 'href="#id_birth_date_0"' in page.content.decode()
    assert not Person.objects.filter(full_name="Hà Văn Cũ").exists()
    listing = client.get(reverse("web:campaign_commune", kwargs=kwargs)).content.decode()
    assert "Nông Thị Nhỏ" in listing
    assert "Hà Văn Mới" in listing


def test_the_screening_day_surgery_and_follow_up_through_the_pages(
    commune_user: User, province_user: User
) -> None:
    campaign = make_campaign(province_user)
    first, second = register_children(commune_user, campaign, BAC_SON, 2)
    client = client_for(commune_user)
    kwargs = {"campaign_id": campaign.pk, "code": BAC_SON}
    today = timezone.localdate()
    create = reverse("web:campaign_session_create", kwargs=kwargs)
    late = campaign.ends_on + timedelta(days=3)
    error = client.post(
        create,
        {
            "held_on_0": late.day,
            "held_on_1": late.month,
            "held_on_2": late.year,
            "place": "Trạm",
            "team": "Đoàn",
        },
    )
    assert 'href="#id_held_on_0"' in error.content.decode()
    response = client.post(
        create,
        {
            "held_on_0": today.day,
            "held_on_1": today.month,
            "held_on_2": today.year,
            "place": "Trạm Y tế",
            "team": "Bệnh viện tỉnh",
        },
    )
    results_url = response["Location"]
    form = client.get(results_url).content.decode()
    assert f'name="outcome_{first.pk}"' in form
    missing_group = client.post(
        results_url, {f"outcome_{first.pk}": "confirmed", f"outcome_{second.pk}": "not_seen"}
    )
    assert f'href="#id_group_{first.pk}"' in missing_group.content.decode()
    unconfirmed = client.post(
        results_url,
        {
            f"outcome_{first.pk}": "no_condition",
            f"indicated_{first.pk}": "on",
            f"outcome_{second.pk}": "not_seen",
        },
    )
    assert f'href="#id_indicated_{first.pk}"' in unconfirmed.content.decode()
    assert ScreeningResult.objects.count() == 0
    client.post(
        results_url,
        {
            f"outcome_{first.pk}": "confirmed",
            f"group_{first.pk}": "cleft",
            f"indicated_{first.pk}": "on",
            f"referral_{first.pk}": "BV Nhi",
            f"outcome_{second.pk}": "no_condition",
            f"group_{second.pk}": "",
        },
    )
    assert ScreeningResult.objects.count() == 2
    surgery = reverse(
        "web:campaign_surgery", kwargs={"campaign_id": campaign.pk, "registration_id": first.pk}
    )
    client.post(
        surgery,
        {
            "hospital": "BV Nhi",
            "operated_on_0": today.day,
            "operated_on_1": today.month,
            "operated_on_2": today.year,
            "cost": "9000000",
            "paid_by": "child_fund",
            "outcome": "good",
        },
    )
    assert Surgery.objects.get().cost == 9_000_000
    not_indicated = reverse(
        "web:campaign_surgery", kwargs={"campaign_id": campaign.pk, "registration_id": second.pk}
    )
    refused = client.post(
        not_indicated,
        {
            "hospital": "BV",
            "operated_on_0": today.day,
            "operated_on_1": today.month,
            "operated_on_2": today.year,
            "paid_by": "family",
            "outcome": "good",
        },
    )
    assert "only for a child whose screening indicated it" in refused.content.decode()
    follow = reverse(
        "web:campaign_follow_up", kwargs={"campaign_id": campaign.pk, "registration_id": first.pk}
    )
    client.post(
        follow,
        {
            "followed_on_0": today.day,
            "followed_on_1": today.month,
            "followed_on_2": today.year,
            "status": "rehabilitation",
            "note": "Tập vận động",
        },
    )
    assert FollowUp.objects.get().status == "rehabilitation"
    detail = client.get(reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})).content.decode()
    assert cells(detail, "total")[1:] == ["2", "2", "100 %", "1", "1", "1", "100 %", "1"]


def test_the_commune_list_and_the_printable_list_are_recorded_reads_in_a_fixed_number_of_queries(
    commune_user: User, province_user: User, django_assert_max_num_queries: Any
) -> None:
    campaign = make_campaign(province_user)
    run_commune(commune_user, campaign, CommunePlan(BAC_SON, 3, 2, 1, 1, 1))
    client = client_for(commune_user)
    kwargs = {"campaign_id": campaign.pk, "code": BAC_SON}
    pages = [reverse("web:campaign_commune", kwargs=kwargs), reverse("web:campaign_print", kwargs=kwargs)]
    for page in pages:
        client.get(page)
    counts = []
    for size in (0, 12):
        register_children(commune_user, campaign, BAC_SON, size)
        for page in pages:
            with django_assert_max_num_queries(14) as captured:
                response = client.get(page)
            counts.append(len(captured))
            assert response.status_code == 200
    assert counts[:2] == counts[2:]
    printable = client.get(pages[1]).content.decode()
    assert printable.count('<tr class="govuk-table__row">') == 1 + 15
    assert "Surgery indicated" in printable  # a column the team fills in by hand
    assert AuditEvent.objects.filter(action="people.person.listed", actor_id=commune_user.pk).count() >= 6


def test_the_spreadsheet_of_the_children_reads_back(province_user: User) -> None:
    campaign = acceptance_campaign(province_user)
    response = client_for(province_user).get(
        reverse("web:campaign_xlsx", kwargs={"campaign_id": campaign.pk})
    )
    assert response["Content-Disposition"].endswith('children.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.max_row == 21
    assert AuditEvent.objects.filter(action="people.persons.exported").count() == 1


def test_pages_of_another_area_are_not_found(
    province_user: User, other_province_user: User, other_commune_user: User
) -> None:
    campaign = acceptance_campaign(province_user)
    registration = Registration.objects.filter(commune__code=BAC_SON).first()
    assert registration is not None
    session_id = registration.result.session_id
    for outsider, expected_list in ((other_province_user, False), (other_commune_user, True)):
        client = client_for(outsider)
        assert (campaign.name in client.get(reverse("web:campaign_list")).content.decode()) is expected_list
        bac_son = {"campaign_id": campaign.pk, "code": BAC_SON}
        for name in (
            "web:campaign_commune",
            "web:campaign_print",
            "web:campaign_register",
            "web:campaign_new_child",
            "web:campaign_session_create",
        ):
            assert client.get(reverse(name, kwargs=bac_son)).status_code == 404, name
        child = {"campaign_id": campaign.pk, "registration_id": registration.pk}
        for name in ("web:campaign_surgery", "web:campaign_follow_up"):
            assert client.get(reverse(name, kwargs=child)).status_code == 404
            assert client.post(reverse(name, kwargs=child), {}).status_code == 404
        session = {"campaign_id": campaign.pk, "session_id": session_id}
        assert client.post(reverse("web:campaign_session_results", kwargs=session), {}).status_code == 404
    outsider = client_for(other_province_user)
    assert (
        outsider.get(reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})).status_code == 404
    )
    assert outsider.get(reverse("web:campaign_xlsx", kwargs={"campaign_id": campaign.pk})).status_code == 404
