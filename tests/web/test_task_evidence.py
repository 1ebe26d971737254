"""Downloading the evidence posted with a task update: the occurrence's page links each file; the file comes
back as an attachment to those who may read the plan, each download audited; anyone else gets a 404, as for
an update without a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import CAPABILITIES, Role
from hoanhap.audit.models import AuditEvent
from hoanhap.plans.models import TaskOccurrence, TaskUpdate
from hoanhap.plans.task_services import task_update_post
from tests.factories import signed_in as signed_in_vi
from tests.web.test_plan_pages import an_occurrence

pytestmark = pytest.mark.django_db

EVIDENCE = b"%PDF-1.4 bien ban ra soat"
DOWNLOADED = "plans.task.evidence_downloaded"


def signed_in(user: User) -> Client:
    client = signed_in_vi(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def post_update(
    objects: dict[str, Any], *, evidence: SimpleUploadedFile | None, occurrence_id: int | None = None
) -> TaskUpdate:
    """An update posted by the reporter of the lead agency (the health station of Bắc Sơn)."""
    if occurrence_id is None:
        occurrence_id = an_occurrence(objects["commune"], objects)["occurrence_id"]
    reporter = User.objects.get(role=Role.AGENCY, agency=objects["agency"])
    return task_update_post(
        actor=reporter,
        occurrence=TaskOccurrence.objects.get(pk=occurrence_id),
        progress="Đã rà soát 3 thôn",
        share_done=40,
        evidence=evidence,
    )


def a_pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EVIDENCE, content_type="application/pdf")


def an_update_with_evidence(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """An update of an occurrence of Bắc Sơn's issued plan with a PDF: every role reaching Bắc Sơn (the
    province's viewer too) may download it."""
    return {"update_id": post_update(objects, evidence=a_pdf()).pk}


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def objects(commune_user: User, agency_user: User) -> dict[str, Any]:
    return {"agency": agency_user.agency, "commune": commune_user}


def download(user: User, update_id: int) -> Any:
    return signed_in(user).get(reverse("web:task_update_evidence", kwargs={"update_id": update_id}))


def test_the_occurrence_page_links_the_evidence_and_the_file_comes_back_audited(
    commune_user: User, objects: dict[str, Any]
) -> None:
    update = post_update(objects, evidence=a_pdf())
    url = reverse("web:task_update_evidence", kwargs={"update_id": update.pk})
    page = signed_in(commune_user).get(reverse("web:task_occurrence", args=[update.occurrence_id]))
    assert (
        f'<a class="govuk-link" href="{url}">Download the evidence (bao-cao.pdf)</a>' in page.content.decode()
    )
    assert not AuditEvent.objects.filter(action=DOWNLOADED).exists()  # showing the link reads no file

    response = download(commune_user, update.pk)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action=DOWNLOADED)
    assert (event.actor_id, event.object_type, event.object_id) == (
        commune_user.pk,
        "plans.taskupdate",
        str(update.pk),
    )
    plan = update.occurrence.task.plan
    assert event.unit_path == plan.area_path
    assert event.new_values == {
        "plan": plan.pk,
        "occurrence": update.occurrence_id,
        "evidence": update.evidence.name,
    }


def test_a_vietnamese_file_name_is_sent_encoded(commune_user: User, objects: dict[str, Any]) -> None:
    update = post_update(objects, evidence=a_pdf('Biên bản "rà soát".pdf'))
    response = download(commune_user, update.pk)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert '"' not in disposition  # the name's quotes cannot end the header's value early
    assert disposition.endswith("Bi%C3%AAn_b%E1%BA%A3n_r%C3%A0_so%C3%A1t.pdf")
    b"".join(response.streaming_content)  # read through, so that the test client closes the file


def test_a_role_without_the_capability_is_refused(
    viewer_user: User, objects: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every role reads plans today; the download must follow the capability if that changes.
    update = post_update(objects, evidence=a_pdf())
    monkeypatch.setitem(CAPABILITIES, "plans.view", CAPABILITIES["plans.view"] - {Role.VIEWER})
    assert download(viewer_user, update.pk).status_code == 403
    url = reverse("web:task_update_evidence", kwargs={"update_id": update.pk})
    assert Client().get(url)["Location"].startswith("/login/")
    assert not AuditEvent.objects.filter(action=DOWNLOADED).exists()


def test_the_evidence_of_a_plan_out_of_reach_is_not_found(
    other_province_user: User, other_commune_user: User, objects: dict[str, Any]
) -> None:
    update = post_update(objects, evidence=a_pdf())
    for outsider in (other_province_user, other_commune_user):
        assert download(outsider, update.pk).status_code == 404
    assert not AuditEvent.objects.filter(action=DOWNLOADED).exists()


def test_an_update_without_a_file_has_no_link_and_no_download(
    commune_user: User, objects: dict[str, Any]
) -> None:
    update = post_update(objects, evidence=None)
    page = signed_in(commune_user).get(reverse("web:task_occurrence", args=[update.occurrence_id]))
    assert "Download the evidence" not in page.content.decode()
    assert download(commune_user, update.pk).status_code == 404
    assert download(commune_user, update.pk + 1000).status_code == 404
    # A file gone from the store (removed by hand, lost in a restore) is not found either, not an error.
    lost = post_update(objects, evidence=a_pdf(), occurrence_id=update.occurrence_id)
    Path(lost.evidence.path).unlink()
    assert download(commune_user, lost.pk).status_code == 404
    assert not AuditEvent.objects.filter(action=DOWNLOADED).exists()
