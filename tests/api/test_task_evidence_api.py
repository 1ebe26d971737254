"""Downloading a task update's evidence through the API: the file to those who may read the plan, audited,
its address in the update's JSON; 404 for a plan out of reach or an update without a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import CAPABILITIES, Role
from hoanhap.audit.models import AuditEvent
from tests.api.test_persons_api import bearer
from tests.web.test_task_evidence import DOWNLOADED, EVIDENCE, a_pdf, post_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def objects(commune_user: User, agency_user: User) -> dict[str, Any]:
    return {"agency": agency_user.agency, "commune": commune_user}


def evidence_path(update_id: int) -> str:
    return f"/api/v1/tasks/updates/{update_id}/evidence"


def test_the_file_comes_back_audited_from_the_address_in_the_updates_json(
    client: Client, commune_user: User, objects: dict[str, Any]
) -> None:
    update = post_update(objects, evidence=a_pdf())
    plan = update.occurrence.task.plan
    tasks = client.get(f"/api/v1/plans/{plan.pk}/tasks", **bearer(commune_user)).json()
    posted = next(
        item
        for occurrence in tasks[0]["occurrences"]
        for item in occurrence["updates"]
        if item["id"] == update.pk
    )
    assert posted["evidence_url"] == evidence_path(update.pk)

    response = client.get(posted["evidence_url"], **bearer(commune_user))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action=DOWNLOADED)
    assert (event.actor_id, event.object_id, event.unit_path) == (
        commune_user.pk,
        str(update.pk),
        plan.area_path,
    )
    assert event.channel == "api"


def test_a_role_without_the_capability_is_refused(
    client: Client, viewer_user: User, objects: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    update = post_update(objects, evidence=a_pdf())
    headers = bearer(viewer_user)
    monkeypatch.setitem(CAPABILITIES, "plans.view", CAPABILITIES["plans.view"] - {Role.VIEWER})
    assert client.get(evidence_path(update.pk), **headers).status_code == 403
    assert client.get(evidence_path(update.pk)).status_code == 401
    assert not AuditEvent.objects.filter(action=DOWNLOADED).exists()


def test_the_evidence_of_a_plan_out_of_reach_is_not_found(
    client: Client, other_province_user: User, other_commune_user: User, objects: dict[str, Any]
) -> None:
    update = post_update(objects, evidence=a_pdf())
    for outsider in (other_province_user, other_commune_user):
        response = client.get(evidence_path(update.pk), **bearer(outsider))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(action=DOWNLOADED).exists()


def test_an_update_without_a_file_has_no_address_and_no_download(
    client: Client, commune_user: User, objects: dict[str, Any]
) -> None:
    update = post_update(objects, evidence=None)
    plan = update.occurrence.task.plan
    tasks = client.get(f"/api/v1/plans/{plan.pk}/tasks", **bearer(commune_user)).json()
    updates = [item for occurrence in tasks[0]["occurrences"] for item in occurrence["updates"]]
    assert [(item["evidence"], item["evidence_url"]) for item in updates] == [(None, None)]
    assert client.get(evidence_path(update.pk), **bearer(commune_user)).status_code == 404
    assert not AuditEvent.objects.filter(action=DOWNLOADED).exists()
