"""PATCH /campaigns/{id}: only the fields sent change, through the same service as the web page; refusals
name their field; a campaign the caller does not run is a 404; roles without the registry capability 403."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import CAPABILITIES, Role
from hoanhap.audit.models import AuditEvent
from hoanhap.campaigns.models import Campaign
from tests.api.test_campaign_api import headers
from tests.campaigns.builders import CommunePlan, make_campaign, run_commune
from tests.factories import BAC_SON, make_agency

pytestmark = pytest.mark.django_db


def patch(client: Client, user: User, campaign: Campaign, body: dict[str, object]) -> Any:
    return client.patch(
        f"/api/v1/campaigns/{campaign.pk}", body, content_type="application/json", **headers(user)
    )


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_allowed_or_denied_changing_a_campaign(
    client: Client, role: Role, users_by_role: dict[str, User]
) -> None:
    campaign = make_campaign(users_by_role[Role.COMMUNE], area=BAC_SON)  # inside every officer's area
    response = patch(client, users_by_role[role], campaign, {"name": f"Đổi tên {role}"})
    expected = 200 if role in CAPABILITIES["registry.manage"] else 403
    assert response.status_code == expected
    unauthenticated = client.patch(f"/api/v1/campaigns/{campaign.pk}", {}, content_type="application/json")
    assert unauthenticated.status_code == 401


def test_only_the_fields_sent_change(client: Client, province_user: User) -> None:
    campaign = make_campaign(province_user)
    organiser = make_agency()
    response = patch(
        client,
        province_user,
        campaign,
        {"status": "closed", "organiser": organiser.pk, "condition_groups": ["eye", "cleft", "motor", "ear"]},
    )
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "closed"
    assert body["organiser_id"] == organiser.pk
    assert body["organiser"] == organiser.name
    assert body["condition_groups"] == ["cleft", "motor", "eye", "ear"]
    assert body["name"] == "Khám sàng lọc trẻ em 2024"
    assert body["funding_sources"] == ["child_fund", "state_budget"]
    event = AuditEvent.objects.get(action="campaigns.campaign.updated")
    assert event.old_values == {
        "organiser": None,
        "condition_groups": ["cleft", "motor", "eye"],
        "status": "open",
    }
    cleared = patch(client, province_user, campaign, {"organiser": None}).json()
    assert (cleared["organiser"], cleared["organiser_id"]) == (None, None)


def test_refusals_name_their_field(client: Client, province_user: User) -> None:
    campaign = make_campaign(province_user)
    run_commune(province_user, campaign, CommunePlan(BAC_SON, 1, 1, 0, 0, 0))
    cases = [
        ({"ends_on": (campaign.starts_on - timedelta(days=1)).isoformat()}, "ends_on"),
        ({"starts_on": campaign.ends_on.isoformat()}, "starts_on"),  # after the screening day held
        ({"condition_groups": ["motor"]}, "condition_groups"),  # a child is registered for a cleft
        ({"status": "planned"}, "status"),  # children are registered
        ({"name": None}, "name"),
        ({"organiser": 999_999}, "organiser"),
        ({"status": "paused"}, "status"),
    ]
    for body, field in cases:
        response = patch(client, province_user, campaign, body)
        assert response.status_code == 422, body
        fields = [error["field"] for error in response.json()["errors"]]
        assert fields == [field], body
    assert not AuditEvent.objects.filter(action="campaigns.campaign.updated").exists()


def test_a_campaign_the_caller_does_not_run_is_not_found(
    client: Client, province_user: User, commune_user: User, other_province_user: User
) -> None:
    campaign = make_campaign(province_user)
    for outsider in (commune_user, other_province_user):  # sees it but does not run it; does not see it
        response = patch(client, outsider, campaign, {"name": "Đổi tên"})
        assert response.status_code == 404
    assert Campaign.objects.get(pk=campaign.pk).name == "Khám sàng lọc trẻ em 2024"
