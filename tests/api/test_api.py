import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoanhap.accounts.models import User
from hoanhap.accounts.services.tokens import api_token_create
from hoanhap.audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    _token, raw = api_token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_endpoint_exchanges_credentials_for_a_working_token(client: Client, commune_user: User) -> None:
    response = client.post(
        "/api/v1/auth/token",
        {"username": "xa-a", "password": PASSWORD, "name": "etl"},
        content_type="application/json",
    )
    assert response.status_code == 201
    token = response.json()["token"]
    units = client.get("/api/v1/units?q=bac+son", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert units.status_code == 200
    assert AuditEvent.objects.filter(action="accounts.api_token.created", actor_id=commune_user.pk).exists()


def test_token_endpoint_refuses_a_wrong_password(client: Client, commune_user: User) -> None:
    response = client.post(
        "/api/v1/auth/token", {"username": "xa-a", "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_token_endpoint_requires_the_one_time_code_when_enabled(client: Client, commune_user: User) -> None:
    device = TOTPDevice.objects.create(user=commune_user, name="phone", confirmed=True)
    without = client.post(
        "/api/v1/auth/token", {"username": "xa-a", "password": PASSWORD}, content_type="application/json"
    )
    assert without.status_code == 401
    assert without.json()["code"] == "otp_required"
    code = f"{totp(device.bin_key):06d}"
    with_code = client.post(
        "/api/v1/auth/token",
        {"username": "xa-a", "password": PASSWORD, "otp": code},
        content_type="application/json",
    )
    assert with_code.status_code == 201


def test_administrators_without_two_factor_get_no_token(client: Client, admin_user: User) -> None:
    response = client.post(
        "/api/v1/auth/token", {"username": "admin", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "otp_setup"


def test_token_endpoint_locks_out_after_repeated_failures(
    client: Client, commune_user: User, settings: object
) -> None:
    for _ in range(5):
        client.post(
            "/api/v1/auth/token", {"username": "xa-a", "password": "wrong"}, content_type="application/json"
        )
    locked = client.post(
        "/api/v1/auth/token", {"username": "xa-a", "password": PASSWORD}, content_type="application/json"
    )
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"


def test_units_need_a_token(client: Client) -> None:
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    bad = client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer hnp_nonsense")
    assert bad.status_code == 401


def test_units_search_is_diacritics_insensitive_and_paginated(client: Client, viewer_user: User) -> None:
    response = client.get("/api/v1/units", {"q": "dak lak"}, **bearer(viewer_user))
    body = response.json()
    assert response.status_code == 200
    assert body["items"][0]["name"] == "Tỉnh Đắk Lắk"
    everything = client.get("/api/v1/units", **bearer(viewer_user)).json()
    assert everything["count"] == 3355
    assert len(everything["items"]) == 50


def test_units_within_a_parent_in_the_legacy_edition(client: Client, viewer_user: User) -> None:
    response = client.get(
        "/api/v1/units", {"edition": "legacy", "parent": "20", "q": "bac son"}, **bearer(viewer_user)
    )
    names = [item["name"] for item in response.json()["items"]]
    assert names[0] == "Huyện Bắc Sơn"
    assert "Thị trấn Bắc Sơn" in names
    assert all(item["edition"] == "legacy" for item in response.json()["items"])


def test_unit_detail_shows_predecessors_and_successors(client: Client, viewer_user: User) -> None:
    current = client.get("/api/v1/units/06325", **bearer(viewer_user)).json()
    assert current["parent"]["code"] == "20"
    assert {p["unit"]["name"] for p in current["predecessors"]} == {
        "Thị trấn Bắc Sơn",
        "Xã Long Đống",
        "Xã Bắc Quỳnh",
    }
    assert current["valid_from"] == "2025-07-01"
    legacy = client.get("/api/v1/units/06328?edition=legacy", **bearer(viewer_user)).json()
    assert [s["unit"]["code"] for s in legacy["successors"]] == ["06325"]
    assert legacy["valid_to"] == "2025-06-30"


def test_unknown_unit_and_invalid_edition(client: Client, viewer_user: User) -> None:
    headers = bearer(viewer_user)
    assert client.get("/api/v1/units/99999", **headers).status_code == 404
    invalid = client.get("/api/v1/units?edition=ancient", **headers)
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "edition"


def test_openapi_schema_and_docs_are_served_locally(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/units" in schema.json()["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()
    # Every operation of the schema is documented on the page, with its parameters.
    for path, item in schema.json()["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in docs
    assert "<code>edition</code>" in docs
    assert "one of: current, legacy" in docs
