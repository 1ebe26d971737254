"""The service and activity API: required details answered with 422 on the field, an agency reporter's
reach, and an activity with its participants in one request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.provision.models import Activity, Participant
from tests.api.test_persons_api import bearer
from tests.factories import DONG_DANG, make_person, unit

pytestmark = pytest.mark.django_db


def post(client: Client, user: User, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json", **bearer(user))


def rehabilitation(person_id: int, **overrides: Any) -> dict[str, Any]:
    return {"person": person_id, "service_type": "rehabilitation", "delivered_on": "2025-06-02", **overrides}


def test_a_missing_required_detail_is_a_422_on_its_field_then_the_service_is_recorded(
    client: Client, commune_user: User, agency_user: User
) -> None:
    person = make_person(None)
    refused = post(client, commune_user, "/api/v1/services", rehabilitation(person.pk, outcome="Tốt"))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "provider"
    created = post(
        client,
        commune_user,
        "/api/v1/services",
        rehabilitation(person.pk, outcome="Tốt", provider=agency_user.agency_id),
    )
    assert created.status_code == 201
    assert created.json()["domain"] == "health"
    listed = client.get(f"/api/v1/services?person={person.pk}", **bearer(commune_user)).json()
    assert [item["id"] for item in listed["items"]] == [created.json()["id"]]
    assert AuditEvent.objects.filter(action="provision.service.listed").exists()


def test_an_agency_reporter_records_and_lists_only_their_domain_and_area(
    client: Client, commune_user: User, agency_user: User
) -> None:
    person, elsewhere = make_person(None), make_person(None, commune=unit(DONG_DANG))
    health = rehabilitation(person.pk, outcome="Tốt", provider=agency_user.agency_id)
    assert post(client, agency_user, "/api/v1/services", health).status_code == 201
    legal = {**health, "service_type": "legal-aid"}
    assert post(client, agency_user, "/api/v1/services", legal).status_code == 403
    assert (
        post(client, agency_user, "/api/v1/services", {**health, "person": elsewhere.pk}).status_code == 404
    )
    assert post(client, commune_user, "/api/v1/services", legal).status_code == 201
    theirs = client.get("/api/v1/services", **bearer(agency_user)).json()
    assert [item["service_type"] for item in theirs["items"]] == ["rehabilitation"]
    assert client.get("/api/v1/services", **bearer(commune_user)).json()["count"] == 2


def test_an_activity_with_its_participants_is_all_or_nothing(client: Client, commune_user: User) -> None:
    child = make_person(None)
    body: dict[str, Any] = {
        "title": "Tập huấn kỹ năng",
        "domain": "awareness",
        "kind": "training",
        "held_on": "2025-05-06",
        "unit": "06325",
        "persons": [child.pk],
        "family": [{"full_name": "Hoàng Thị Lan", "sex": "female", "cared_for": child.pk}],
        "staff": [{"full_name": "Lê Văn An", "sex": "male", "position": "Cán bộ"}],
        "head_counts": [{"kind": "staff", "sex": "female", "count": 4}],
    }
    outsider = make_person(None, commune=unit(DONG_DANG))
    refused = post(client, commune_user, "/api/v1/activities", {**body, "persons": [child.pk, outsider.pk]})
    assert refused.status_code == 422
    assert not Activity.objects.exists()
    created = post(client, commune_user, "/api/v1/activities", body)
    assert created.status_code == 201
    assert sorted(item["kind"] for item in created.json()["participants"]) == ["family", "pwd", "staff"]
    assert Participant.objects.count() == 3
    listed = client.get("/api/v1/activities?year=2025", **bearer(commune_user)).json()
    assert listed[0]["head_counts"] == [{"kind": "staff", "sex": "female", "count": 4}]


def test_listing_activities_takes_the_same_queries_for_many(
    client: Client, commune_user: User, django_assert_max_num_queries: Any
) -> None:
    headers = bearer(commune_user)
    for day in range(1, 6):
        person = make_person(None)
        body = {
            "title": f"Buổi {day}",
            "domain": "awareness",
            "kind": "training",
            "held_on": f"2025-05-0{day}",
            "unit": "06325",
            "persons": [person.pk],
            "staff": [{"full_name": f"Cán bộ {day}", "sex": "male"}],
        }
        assert post(client, commune_user, "/api/v1/activities", body).status_code == 201
    with django_assert_max_num_queries(12):
        listed = client.get("/api/v1/activities", **headers).json()
    assert len(listed) == 5
