"""The campaign API: the list and the progress for every role, the children for those with personal data,
registering a child and recording a result for the registry's officers, all inside the caller's area."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import CAPABILITIES, Role
from hoanhap.accounts.services.tokens import api_token_create
from hoanhap.audit.models import AuditEvent
from hoanhap.campaigns.models import Registration, ScreeningSession
from hoanhap.campaigns.services_care import screening_session_create
from hoanhap.people.models import Person
from tests.campaigns.builders import CHILD_BIRTH_YEAR, acceptance_campaign, make_campaign
from tests.factories import BAC_SON, DONG_DANG, make_person, unit

pytestmark = pytest.mark.django_db


def headers(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, name='t')[1]}"}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_allowed_or_denied_each_campaign_operation(
    client: Client, role: Role, users_by_role: dict[str, User]
) -> None:
    user = users_by_role[role]
    campaign = make_campaign(users_by_role[Role.PROVINCE])
    base = f"/api/v1/campaigns/{campaign.pk}"
    for path, capability in (
        ("/api/v1/campaigns", "campaigns.view"),
        (f"{base}/progress", "campaigns.view"),
        (f"{base}/children", "personal_data.view"),
    ):
        expected = 200 if role in CAPABILITIES[capability] else 403
        assert client.get(path, **headers(user)).status_code == expected, path
        assert client.get(path).status_code == 401
    for path in (f"{base}/children", f"{base}/children/1/result"):
        expected = 422 if role in CAPABILITIES["registry.manage"] else 403
        response = client.post(path, {}, content_type="application/json", **headers(user))
        assert response.status_code == expected, path


def test_the_progress_reads_90_percent_screened_and_80_percent_operated(
    client: Client, province_user: User, commune_user: User
) -> None:
    campaign = acceptance_campaign(province_user)
    body = client.get(f"/api/v1/campaigns/{campaign.pk}/progress", **headers(province_user)).json()
    assert body["total"]["registered"] == 20
    assert body["total"]["screened_share"] == "90.0"
    assert body["total"]["operated_share"] == "80.0"
    shares = {row["commune"]: (row["screened_share"], row["operated_share"]) for row in body["communes"]}
    assert shares == {BAC_SON: ("90.0", "66.7"), DONG_DANG: ("90.0", "100.0")}
    own = client.get(f"/api/v1/campaigns/{campaign.pk}/progress", **headers(commune_user)).json()
    assert [row["commune"] for row in own["communes"]] == [BAC_SON]


def test_listing_children_is_recorded_and_kept_to_the_area(
    client: Client, province_user: User, commune_user: User, other_province_user: User
) -> None:
    campaign = acceptance_campaign(province_user)
    children = client.get(f"/api/v1/campaigns/{campaign.pk}/children", **headers(commune_user)).json()
    assert len(children) == 10
    assert {child["commune"] for child in children} == {BAC_SON}
    event = AuditEvent.objects.filter(action="people.person.listed", actor_id=commune_user.pk).latest("id")
    assert len(event.new_values["ids"]) == 10
    outsider = headers(other_province_user)
    assert client.get(f"/api/v1/campaigns/{campaign.pk}/children", **outsider).status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign.pk}/progress", **outsider).status_code == 404
    assert client.get("/api/v1/campaigns", **outsider).json() == []
    other_commune = f"/api/v1/campaigns/{campaign.pk}/children?commune={DONG_DANG}"
    assert client.get(other_commune, **headers(commune_user)).status_code == 404


def test_registering_an_existing_or_a_new_child_and_recording_a_result(
    client: Client, province_user: User, commune_user: User, other_commune_user: User
) -> None:
    campaign = make_campaign(province_user)
    url = f"/api/v1/campaigns/{campaign.pk}/children"
    child = make_person(None, full_name="Nông Thị Nhỏ", birth_year=CHILD_BIRTH_YEAR)
    auth = headers(commune_user)
    created = client.post(
        url, {"person_id": child.pk, "suspected_group": "cleft"}, content_type="application/json", **auth
    )
    assert created.status_code == 201
    assert created.json()["screened"] is False
    new = {"full_name": "Hà Văn Mới", "sex": "male", "commune": BAC_SON, "birth_year": CHILD_BIRTH_YEAR}
    response = client.post(
        url, {"child": new, "suspected_group": "eye"}, content_type="application/json", **auth
    )
    assert response.status_code == 201
    assert Person.objects.filter(full_name="Hà Văn Mới").exists()
    adult = make_person(None, full_name="Nông Văn Lớn", birth_year=1990)
    # The request's language decides the message's (the middleware activates it for each request).
    refused = client.post(
        url,
        {"person_id": adult.pk, "suspected_group": "cleft"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **auth,
    )
    assert refused.status_code == 422
    assert "under 16" in refused.json()["errors"][0]["detail"]
    elsewhere = client.post(
        url,
        {"person_id": child.pk, "suspected_group": "cleft"},
        content_type="application/json",
        **headers(other_commune_user),
    )
    assert elsewhere.status_code == 404  # the person is outside their area

    session = screening_session_create(
        actor=commune_user,
        campaign=campaign,
        commune=unit(BAC_SON),
        held_on=timezone.localdate(),
        place="Trạm Y tế",
        team="Đoàn",
    )
    registration = Registration.objects.get(person=child)
    result: Any = client.post(
        f"{url}/{registration.pk}/result",
        {
            "session_id": session.pk,
            "condition_confirmed": True,
            "confirmed_group": "cleft",
            "surgery_indicated": True,
        },
        content_type="application/json",
        **auth,
    )
    assert result.status_code == 200
    assert result.json()["surgery_indicated"] is True
    assert AuditEvent.objects.filter(action="campaigns.result.recorded").count() == 1
    other = client.post(
        f"{url}/{registration.pk}/result",
        {"session_id": session.pk, "condition_confirmed": False},
        content_type="application/json",
        **headers(other_commune_user),
    )
    assert other.status_code == 404
    assert ScreeningSession.objects.count() == 1
