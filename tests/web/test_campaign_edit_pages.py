"""Changing a campaign on its page: reached from the campaign's page by those who run it, the form filled in
with what is stored, mistakes and refusals shown on the fields, and nobody else let in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.campaigns.models import Campaign, CampaignStatus
from tests.campaigns.builders import CommunePlan, make_campaign, run_commune
from tests.factories import BAC_SON, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def client_for(user: User) -> Client:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def edit_url(campaign: Campaign) -> str:
    return reverse("web:campaign_edit", kwargs={"campaign_id": campaign.pk})


def form_of(campaign: Campaign, **changes: Any) -> dict[str, Any]:
    start, end = changes.pop("starts_on", campaign.starts_on), changes.pop("ends_on", campaign.ends_on)
    values: dict[str, Any] = {
        "name": campaign.name,
        "starts_on_0": start.day,
        "starts_on_1": start.month,
        "starts_on_2": start.year,
        "ends_on_0": end.day,
        "ends_on_1": end.month,
        "ends_on_2": end.year,
        "organiser": "",
        "condition_groups": list(campaign.condition_groups),
        "funding_sources": list(campaign.funding_sources),
        "status": campaign.status,
    }
    values.update(changes)
    return values


def test_the_campaign_page_leads_to_the_form_filled_in_with_the_campaign(province_user: User) -> None:
    campaign = make_campaign(province_user)
    client = client_for(province_user)
    detail = client.get(reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})).content.decode()
    assert f'href="{edit_url(campaign)}"' in detail
    html = client.get(edit_url(campaign)).content.decode()
    assert 'value="Khám sàng lọc trẻ em 2024"' in html
    assert f'name="starts_on_2" value="{campaign.starts_on.year}"' in html
    assert 'value="cleft" class="govuk-checkboxes__input" id="id_condition_groups_0" checked' in html
    assert 'name="area"' not in html  # the area cannot change
    # An open campaign may stay open, close, or go back to planned: all three are offered.
    assert html.count('name="status"') == 3


def test_a_mistake_is_shown_on_its_field_then_the_change_is_saved(province_user: User) -> None:
    campaign = make_campaign(province_user)
    client = client_for(province_user)
    wrong = client.post(
        edit_url(campaign),
        form_of(campaign, name="", ends_on=campaign.starts_on - timedelta(days=1)),
    )
    html = wrong.content.decode()
    assert wrong.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_name"' in html
    inverted = client.post(
        edit_url(campaign), form_of(campaign, ends_on=campaign.starts_on - timedelta(days=1))
    )
    inverted_html = inverted.content.decode()
    assert 'href="#id_ends_on_0"' in inverted_html
    assert "The end must be on or after the start." in inverted_html
    assert Campaign.objects.get(pk=campaign.pk).ends_on == campaign.ends_on
    saved = client.post(
        edit_url(campaign),
        form_of(campaign, name="Khám sàng lọc 2025", status=CampaignStatus.CLOSED, funding_sources=[]),
    )
    assert saved.status_code == 302
    assert saved["Location"] == reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.name, stored.status, stored.funding_sources) == ("Khám sàng lọc 2025", "closed", [])
    event = AuditEvent.objects.get(action="campaigns.campaign.updated")
    assert event.new_values == {"name": "Khám sàng lọc 2025", "funding_sources": [], "status": "closed"}
    page = client.get(saved["Location"]).content.decode()
    assert "The campaign was changed." in page


def test_a_refusal_of_the_service_lands_on_the_field_it_names(province_user: User) -> None:
    campaign = make_campaign(province_user)  # cleft, motor, eye
    run_commune(province_user, campaign, CommunePlan(BAC_SON, 1, 0, 0, 0, 0))  # a child suspected of a cleft
    response = client_for(province_user).post(
        edit_url(campaign), form_of(campaign, condition_groups=["motor", "eye"])
    )
    html = response.content.decode()
    assert 'href="#id_condition_groups_0"' in html
    assert "Cleft lip and palate" in html
    assert Campaign.objects.get(pk=campaign.pk).condition_groups == ["cleft", "motor", "eye"]
    back = client_for(province_user).post(edit_url(campaign), form_of(campaign, status="planned"))
    assert 'href="#id_status_0"' in back.content.decode()


def test_a_closed_campaign_offers_only_to_reopen_and_its_lists_take_no_new_child(
    province_user: User, commune_user: User
) -> None:
    campaign = make_campaign(province_user)
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    html = client_for(province_user).get(edit_url(campaign)).content.decode()
    assert html.count('name="status"') == 2
    assert 'value="planned"' not in html
    commune = reverse("web:campaign_commune", kwargs={"campaign_id": campaign.pk, "code": BAC_SON})
    page = client_for(commune_user).get(commune).content.decode()
    assert "The campaign is closed" in page
    assert reverse("web:campaign_register", kwargs={"campaign_id": campaign.pk, "code": BAC_SON}) not in page


def test_a_commune_officer_may_not_change_the_provinces_campaign_but_may_change_their_own(
    province_user: User, commune_user: User
) -> None:
    provinces = make_campaign(province_user)
    client = client_for(commune_user)
    detail = client.get(reverse("web:campaign_detail", kwargs={"campaign_id": provinces.pk})).content.decode()
    assert edit_url(provinces) not in detail
    assert client.get(edit_url(provinces)).status_code == 404
    assert client.post(edit_url(provinces), form_of(provinces, name="Đổi tên")).status_code == 404
    assert Campaign.objects.get(pk=provinces.pk).name == "Khám sàng lọc trẻ em 2024"
    own = make_campaign(commune_user, area=BAC_SON, name="Khám sàng lọc Bắc Sơn")
    assert client.post(edit_url(own), form_of(own, name="Bắc Sơn 2025")).status_code == 302
    assert Campaign.objects.get(pk=own.pk).name == "Bắc Sơn 2025"


def test_a_campaign_of_another_province_is_not_found(province_user: User, other_province_user: User) -> None:
    campaign = make_campaign(province_user)
    client = client_for(other_province_user)
    assert client.get(edit_url(campaign)).status_code == 404
    assert client.post(edit_url(campaign), form_of(campaign, name="x")).status_code == 404


@pytest.mark.parametrize("fixture", ["viewer_user", "agency_user"])
def test_viewers_and_agency_reporters_may_not_change_a_campaign(
    request: pytest.FixtureRequest, fixture: str, province_user: User
) -> None:
    campaign = make_campaign(province_user)
    user: User = request.getfixturevalue(fixture)
    client = client_for(user)
    assert client.get(edit_url(campaign)).status_code == 403
    assert client.post(edit_url(campaign), form_of(campaign, name="x")).status_code == 403
    detail = client.get(reverse("web:campaign_detail", kwargs={"campaign_id": campaign.pk})).content.decode()
    assert edit_url(campaign) not in detail
    assert timezone.localdate() <= Campaign.objects.get(pk=campaign.pk).ends_on
