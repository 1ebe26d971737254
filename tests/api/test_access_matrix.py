"""Every API operation × every role. A new operation missing from ``API_MATRIX`` makes the first test fail."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import CAPABILITIES, Role
from hoanhap.accounts.services.tokens import api_token_create
from hoanhap.core.access import PUBLIC
from tests.factories import make_person
from tests.web.test_access_matrix import url_names

pytestmark = pytest.mark.django_db

API_MATRIX: dict[str, str] = {
    "api:create_token": PUBLIC,
    "api:list_units": "units.view",
    "api:get_unit": "units.view",
    "api:list_persons": "personal_data.view",
    "api:create_person": "registry.manage",
    "api:get_person": "personal_data.view",
    "api:update_person": "registry.manage",
    "api:list_determinations": "personal_data.view",
    "api:create_determination": "registry.manage",
    "api:list_certificates": "personal_data.view",
    "api:create_certificate": "registry.manage",
    "api:quote_benefits": PUBLIC,
    "api:list_services": "personal_data.view",
    "api:create_service": "provision.record",
    "api:list_activities": "personal_data.view",
    "api:create_activity": "provision.record",
    "api:list_campaigns": "campaigns.view",
    "api:update_campaign": "registry.manage",
    "api:get_campaign_progress": "campaigns.view",
    "api:list_campaign_children": "personal_data.view",
    "api:register_campaign_child": "registry.manage",
    "api:record_screening_result": "registry.manage",
    "api:list_plans": "plans.view",
    "api:get_plan": "plans.view",
    "api:list_plan_targets": "plans.view",
    "api:list_plan_tasks": "plans.view",
    "api:post_task_update": "plans.view",
    "api:get_task_update_evidence": "plans.view",
    "api:list_indicators": "plans.view",
    "api:get_indicator": "plans.view",
    "api:create_indicator": "indicators.manage",
    "api:update_indicator": "indicators.manage",
    "api:get_indicator_value": "plans.view",
}
API_NOT_OPERATIONS = {"api:api-root", "api:openapi-json"}


def test_every_api_operation_is_in_the_matrix() -> None:
    api_names = {name for name, _view in url_names(get_resolver().url_patterns) if name.startswith("api:")}
    assert api_names - API_NOT_OPERATIONS == set(API_MATRIX), "add new API operations to API_MATRIX"
    assert set(API_MATRIX.values()) - {PUBLIC} <= set(CAPABILITIES)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_allowed_or_denied_each_api_operation(
    client: Client, role: Role, users_by_role: dict[str, User]
) -> None:
    user = users_by_role[role]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, name='m')[1]}"}
    for path, capability in (("/api/v1/units", "units.view"), ("/api/v1/units/20", "units.view")):
        expected = 200 if role in CAPABILITIES[capability] else 403
        assert client.get(path, **headers).status_code == expected
        assert client.get(path).status_code == 401
    person = make_person(None)  # in Bắc Sơn: inside the area of every role with personal data
    base = f"/api/v1/persons/{person.pk}"
    for path in ("/api/v1/persons", base, f"{base}/determinations", f"{base}/certificates"):
        expected = 200 if role in CAPABILITIES["personal_data.view"] else 403
        assert client.get(path, **headers).status_code == expected, path
        assert client.get(path).status_code == 401
    # Writes with an empty body: refused (403) before the body is read, or found invalid (422).
    for method, path in (
        ("post", "/api/v1/persons"),
        ("patch", base),
        ("post", f"{base}/determinations"),
        ("post", f"{base}/certificates"),
    ):
        send = getattr(client, method)
        expected = 422 if role in CAPABILITIES["registry.manage"] else 403
        assert send(path, {}, content_type="application/json", **headers).status_code == expected, path
        assert send(path, {}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_allowed_or_denied_the_service_and_activity_operations(
    client: Client, role: Role, users_by_role: dict[str, User]
) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=users_by_role[role], name='m')[1]}"}
    for path in ("/api/v1/services", "/api/v1/activities"):
        expected = 200 if role in CAPABILITIES["personal_data.view"] else 403
        assert client.get(path, **headers).status_code == expected, path
        assert client.get(path).status_code == 401
        expected = 422 if role in CAPABILITIES["provision.record"] else 403
        assert client.post(path, {}, content_type="application/json", **headers).status_code == expected, path
        assert client.post(path, {}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_allowed_or_denied_the_plan_and_indicator_operations(
    client: Client, role: Role, users_by_role: dict[str, User]
) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=users_by_role[role], name='m')[1]}"}
    for path in ("/api/v1/plans", "/api/v1/indicators"):
        expected = 200 if role in CAPABILITIES["plans.view"] else 403
        assert client.get(path, **headers).status_code == expected, path
        assert client.get(path).status_code == 401
    expected = 422 if role in CAPABILITIES["indicators.manage"] else 403
    assert client.post("/api/v1/indicators", {}, content_type="application/json", **headers).status_code == (
        expected
    )
    assert client.post("/api/v1/indicators", {}, content_type="application/json").status_code == 401
