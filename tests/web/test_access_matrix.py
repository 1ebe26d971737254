"""Every view and endpoint × every role, and out-of-scope access.

The matrices below must name every URL of the web interface and every API operation: a new view that is
not added here makes ``test_every_view_is_in_the_matrix`` fail, so nobody adds a page without deciding who
may open it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from hoanhap.accounts.models import ApiToken, User
from hoanhap.accounts.roles import CAPABILITIES, Role
from hoanhap.accounts.services.tokens import api_token_create
from hoanhap.agencies.models import Agency
from hoanhap.assessments.duplicates import duplicate_flag
from hoanhap.assessments.services import DeterminationData, certificate_issue, determination_record
from hoanhap.benefits.models import BenefitKind, PaymentRun, PaymentRunStatus
from hoanhap.benefits.payments import payment_run_prepare
from hoanhap.core.access import PUBLIC
from hoanhap.exchange.exports import JOB_KIND, export_path
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_services import attendance_list_upload
from hoanhap.jobs.models import Job
from hoanhap.provision.models import ServiceType
from hoanhap.provision.services import service_record_create
from tests.campaigns.builders import a_campaign, a_campaign_child, a_campaign_commune, a_campaign_session
from tests.exchange.test_import_records import ATTENDANCE_HEADER, workbook
from tests.factories import BAC_SON, make_person, signed_in, unit
from tests.provision.builders import a_participant, a_service_type, an_activity, health_talk
from tests.provision.test_services import rehab
from tests.web.test_import_pages import checked_import
from tests.web.test_plan_pages import (
    a_draft_plan,
    a_target,
    an_indicator,
    an_issued_plan,
    an_occurrence,
)
from tests.web.test_task_evidence import an_update_with_evidence

pytestmark = pytest.mark.django_db

Kwargs = Callable[[User, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Entry:
    capability: str
    method: str = "get"
    kwargs: Kwargs | None = None


def own_job(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return {"job_id": Job.objects.create(owner=user, kind="x", label="x").pk}


def own_token(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return {"token_id": api_token_create(actor=user, name="t")[0].pk}


def a_person(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """A person in Bắc Sơn (06325), registered by the system: every role with personal data reaches it."""
    return {"person_id": make_person(None).pk}


def own_export(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """A finished export job of ``user`` with its file."""
    job = Job.objects.create(owner=user, kind=JOB_KIND, label="x", status="succeeded")
    job.result = {"file_name": f"{job.pk}.csv", "format": "csv", "rows": 0}
    job.save(update_fields=["result"])
    path = export_path(job_id=job.pk, fmt="csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf")
    return {"job_id": job.pk}


def a_certificate(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """A person of Bắc Sơn with one certificate."""
    person = make_person(None)
    data = DeterminationData(
        decided_on=date(2024, 3, 1), body="commune_council", severity="mild", types=["vision"]
    )
    determination = determination_record(actor=None, person=person, data=data)
    certificate = certificate_issue(
        actor=None,
        person=person,
        determination=determination,
        number="1/GXN",
        issued_on=date(2024, 3, 5),
        reason="first_issue",
    )
    return {"person_id": person.pk, "certificate_id": certificate.pk}


def a_duplicate(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """An open pair of two records of Bắc Sơn, flagged by the commune's officer."""
    first, second = make_person(None), make_person(None)
    flagged = duplicate_flag(
        actor=objects["commune"], person=second, others=[first], reason="same_name_birth_year"
    )
    return {"duplicate_id": flagged[0].pk}


def an_import(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """A list of Bắc Sơn uploaded and checked by the commune's officer, not imported yet."""
    return {"import_id": checked_import(objects["commune"]).pk}


def an_attendance_import(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """A list every role with personal data may work on: a health talk's, in Bắc Sơn (the health station's
    reporter records health activities there). A list of persons is the registry's officers' alone:
    tests/web/test_import_records_pages.py."""
    officer = objects["commune"]
    person_import = attendance_list_upload(
        actor=officer,
        activity=health_talk(officer),
        participant_kind="",
        file_name="diem-danh.xlsx",
        content=workbook(ATTENDANCE_HEADER, [[1, "Lê Văn Bình", None, "Nam", "Cán bộ", None, None]]),
    )
    person_import_analyse(actor=officer, person_import=person_import)
    return {"import_id": person_import.pk}


def a_payment_run(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """A draft run of Bắc Sơn for this month, prepared by the commune's officer (no payee)."""
    run = payment_run_prepare(
        actor=objects["commune"],
        commune=unit(BAC_SON),
        month=timezone.localdate(),
        kind=BenefitKind.MONTHLY_ALLOWANCE,
    )
    return {"run_id": run.pk}


WEB_MATRIX: dict[str, Entry] = {
    "web:home": Entry("profile.manage"),
    "web:healthz": Entry(PUBLIC),
    "web:login": Entry(PUBLIC),
    "web:login_verify": Entry(PUBLIC),
    "web:logout": Entry(PUBLIC, "post"),
    "web:benefit_calculator": Entry(PUBLIC),
    "web:benefit_changes_due": Entry("registry.manage"),
    "web:benefit_rules": Entry("registry.manage"),
    "web:benefit_rule_create": Entry("benefits.parameters.manage"),
    "web:payment_run_list": Entry("registry.manage"),
    "web:payment_run_detail": Entry("registry.manage", kwargs=a_payment_run),
    "web:payment_run_prepare_again": Entry("registry.manage", "post", kwargs=a_payment_run),
    "web:payment_run_approve": Entry("benefits.payments.approve", kwargs=a_payment_run),
    "web:payment_run_mark_paid": Entry("registry.manage", "post", kwargs=a_payment_run),
    "web:payment_run_xlsx": Entry("registry.manage", kwargs=a_payment_run),
    "web:payment_run_pdf": Entry("registry.manage", kwargs=a_payment_run),
    "web:health_insurance_list": Entry("registry.manage"),
    "web:health_insurance_xlsx": Entry("registry.manage"),
    "web:campaign_list": Entry("campaigns.view"),
    "web:campaign_create": Entry("registry.manage"),
    "web:campaign_detail": Entry("campaigns.view", kwargs=a_campaign),
    "web:campaign_edit": Entry("registry.manage", kwargs=a_campaign),
    "web:campaign_xlsx": Entry("personal_data.view", kwargs=a_campaign),
    "web:campaign_commune": Entry("personal_data.view", kwargs=a_campaign_commune),
    "web:campaign_print": Entry("personal_data.view", kwargs=a_campaign_commune),
    "web:campaign_register": Entry("registry.manage", kwargs=a_campaign_commune),
    "web:campaign_new_child": Entry("registry.manage", kwargs=a_campaign_commune),
    "web:campaign_session_create": Entry("registry.manage", kwargs=a_campaign_commune),
    "web:campaign_session_results": Entry("registry.manage", kwargs=a_campaign_session),
    "web:campaign_surgery": Entry("registry.manage", kwargs=a_campaign_child),
    "web:campaign_follow_up": Entry("registry.manage", kwargs=a_campaign_child),
    "web:two_factor_setup": Entry("profile.manage"),
    "web:plan_list": Entry("plans.view"),
    "web:plan_create": Entry("plans.manage"),
    "web:plan_detail": Entry("plans.view", kwargs=an_issued_plan),
    "web:plan_issue": Entry("plans.manage", kwargs=a_draft_plan),
    "web:plan_edit": Entry("plans.manage", kwargs=a_draft_plan),
    "web:plan_phase_create": Entry("plans.manage", kwargs=a_draft_plan),
    "web:plan_objective_create": Entry("plans.manage", kwargs=a_draft_plan),
    "web:plan_target_create": Entry("plans.manage", kwargs=a_draft_plan),
    "web:plan_task_create": Entry("plans.manage", kwargs=a_draft_plan),
    "web:plan_target_persons": Entry("personal_data.view", kwargs=a_target),
    "web:task_occurrence": Entry("plans.view", kwargs=an_occurrence),
    "web:task_update_evidence": Entry("plans.view", kwargs=an_update_with_evidence),
    "web:indicator_list": Entry("plans.view"),
    "web:indicator_create": Entry("indicators.manage"),
    "web:indicator_edit": Entry("indicators.manage", kwargs=an_indicator),
    "web:dashboard": Entry("plans.view"),
    "web:dashboard_export": Entry("plans.view"),
    "web:unit_list": Entry("units.view"),
    "web:unit_detail": Entry("units.view", kwargs=lambda u, o: {"edition": "current", "code": "20"}),
    "web:unit_load": Entry("units.load"),
    "web:unit_load_start": Entry("units.load", "post"),
    "web:job_list": Entry("jobs.view"),
    "web:job_detail": Entry("jobs.view", kwargs=own_job),
    "web:job_progress": Entry("jobs.view", kwargs=own_job),
    "web:agency_list": Entry("agencies.view"),
    "web:agency_create": Entry("agencies.manage"),
    "web:agency_edit": Entry("agencies.manage", kwargs=lambda u, o: {"agency_id": o["agency"].pk}),
    "web:user_list": Entry("users.manage"),
    "web:user_create": Entry("users.manage"),
    "web:user_edit": Entry("users.manage", kwargs=lambda u, o: {"user_id": o["commune"].pk}),
    "web:user_password": Entry("users.manage", kwargs=lambda u, o: {"user_id": o["commune"].pk}),
    "web:user_unlock": Entry("users.manage", "post", kwargs=lambda u, o: {"user_id": o["commune"].pk}),
    "web:person_list": Entry("personal_data.view"),
    "web:person_children_turning_six": Entry("personal_data.view"),
    "web:person_detail": Entry("personal_data.view", kwargs=a_person),
    "web:person_create": Entry("registry.manage"),
    "web:person_edit": Entry("registry.manage", kwargs=a_person),
    "web:person_status": Entry("registry.manage", kwargs=a_person),
    "web:person_move": Entry("registry.manage", kwargs=a_person),
    "web:person_determination_create": Entry("registry.manage", kwargs=a_person),
    "web:person_certificate_create": Entry("registry.manage", kwargs=a_person),
    "web:person_certificate_pdf": Entry("personal_data.view", kwargs=a_certificate),
    "web:person_identity_verify": Entry("registry.manage", "post", kwargs=a_person),
    "web:person_functioning_create": Entry("registry.manage", kwargs=a_person),
    "web:person_benefits": Entry("personal_data.view", kwargs=a_person),
    "web:person_benefit_decision_create": Entry("registry.manage", kwargs=a_person),
    "web:person_service_create": Entry("provision.record", kwargs=a_person),
    "web:provision_catalogue": Entry("provision.catalogue.manage"),
    "web:provision_type_create": Entry("provision.catalogue.manage"),
    "web:provision_type_edit": Entry("provision.catalogue.manage", kwargs=a_service_type),
    "web:activity_list": Entry("provision.record"),
    "web:activity_create": Entry("provision.record"),
    "web:activities_xlsx": Entry("provision.record"),
    "web:services_xlsx": Entry("provision.record"),
    "web:service_list": Entry("personal_data.view"),
    "web:activity_detail": Entry("provision.record", kwargs=an_activity),
    "web:activity_participant_add": Entry("provision.record", "post", kwargs=an_activity),
    "web:activity_participant_remove": Entry("provision.record", "post", kwargs=a_participant),
    "web:activity_head_counts": Entry("provision.record", "post", kwargs=an_activity),
    "web:aggregate_entries": Entry("registry.manage"),
    "web:person_duplicates": Entry("registry.manage"),
    "web:person_duplicate_scan": Entry("registry.manage", "post"),
    "web:person_duplicate_review": Entry("registry.manage", kwargs=a_duplicate),
    "web:person_duplicate_dismiss": Entry("registry.manage", "post", kwargs=a_duplicate),
    "web:person_duplicate_merge": Entry("registry.manage", "post", kwargs=a_duplicate),
    "web:person_export": Entry("personal_data.view"),
    "web:export_download": Entry("personal_data.view", kwargs=own_export),
    "web:import_list": Entry("registry.manage"),
    "web:import_template": Entry("registry.manage"),
    "web:import_detail": Entry("personal_data.view", kwargs=an_import),
    "web:import_map": Entry("personal_data.view", "post", kwargs=an_attendance_import),
    "web:import_decide": Entry("registry.manage", "post", kwargs=an_import),
    "web:import_commit": Entry("personal_data.view", "post", kwargs=an_attendance_import),
    "web:import_cancel": Entry("personal_data.view", "post", kwargs=an_attendance_import),
    "web:import_errors": Entry("personal_data.view", kwargs=an_import),
    "web:import_services": Entry("provision.record"),
    "web:import_record_template": Entry(
        "provision.record", kwargs=lambda user, objects: {"target": "services"}
    ),
    "web:activity_participants_import": Entry("provision.record", kwargs=an_activity),
    "web:audit_list": Entry("audit.view"),
    "web:audit_export": Entry("audit.export"),
    "web:profile": Entry("profile.manage"),
    "web:profile_two_factor_disable": Entry("profile.manage", "post"),
    "web:profile_token_create": Entry("profile.manage", "post"),
    "web:profile_token_revoke": Entry("profile.manage", "post", kwargs=own_token),
    "set_language": Entry(PUBLIC, "post"),
    "api_reference": Entry(PUBLIC),
}


def url_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_view_is_in_the_matrix_and_declares_its_capability() -> None:
    views = dict(url_names(get_resolver().url_patterns))
    web = {name: view for name, view in views.items() if not name.startswith("api:")}
    assert set(web) == set(WEB_MATRIX), "add new views to WEB_MATRIX (and remove deleted ones)"
    for name, view in web.items():
        if name == "set_language":  # Django's own view: CSRF-protected POST, no data
            continue
        assert getattr(view, "capability", None) == WEB_MATRIX[name].capability, name


def test_every_capability_in_the_matrices_exists() -> None:
    used = {entry.capability for entry in WEB_MATRIX.values()}
    assert used - {PUBLIC} <= set(CAPABILITIES)


@pytest.fixture
def objects(users_by_role: dict[str, User]) -> dict[str, Any]:
    return {"agency": Agency.objects.get(name="Trạm Y tế xã Bắc Sơn"), "commune": users_by_role[Role.COMMUNE]}


def request(client: Client, name: str, entry: Entry, user: User, objects: dict[str, Any]) -> Any:
    kwargs = entry.kwargs(user, objects) if entry.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    response = client.post(url) if entry.method == "post" else client.get(url)
    if response.streaming:  # read through, so that the test client closes a file response's file
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("name", sorted(WEB_MATRIX))
@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_allowed_or_denied_each_view(
    name: str, role: Role, users_by_role: dict[str, User], objects: dict[str, Any]
) -> None:
    entry = WEB_MATRIX[name]
    user = users_by_role[role]
    response = request(signed_in(user), name, entry, user, objects)
    if entry.capability == PUBLIC:
        assert response.status_code != 403
    elif role in CAPABILITIES[entry.capability]:
        assert response.status_code in {200, 302}, (name, role, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith("/login/")
    else:
        assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.parametrize("name", sorted(n for n, e in WEB_MATRIX.items() if e.capability != PUBLIC))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, name: str, commune_user: User, objects: dict[str, Any]
) -> None:
    response = request(client, name, WEB_MATRIX[name], commune_user, objects)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# --- Out of scope: the object exists but belongs to someone else's area or to another user ----------------


def test_a_province_officer_cannot_edit_an_agency_of_another_province(
    other_province_user: User, objects: dict[str, Any]
) -> None:
    url = reverse("web:agency_edit", kwargs={"agency_id": objects["agency"].pk})
    assert signed_in(other_province_user).get(url).status_code == 404
    assert signed_in(other_province_user).post(url, {"name": "x"}).status_code == 404


def test_a_commune_officer_cannot_see_another_users_job_or_token(
    commune_user: User, other_commune_user: User
) -> None:
    job = Job.objects.create(owner=other_commune_user, kind="x", label="x")
    token, _raw = api_token_create(actor=other_commune_user, name="theirs")
    client = signed_in(commune_user)
    assert client.get(reverse("web:job_detail", kwargs={"job_id": job.pk})).status_code == 404
    assert client.get(reverse("web:job_progress", kwargs={"job_id": job.pk})).status_code == 404
    revoke = client.post(reverse("web:profile_token_revoke", kwargs={"token_id": token.pk}))
    assert revoke.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_an_import_of_another_area_is_not_found(
    commune_user: User, other_commune_user: User, other_province_user: User
) -> None:
    person_import = checked_import(commune_user)
    for outsider in (other_commune_user, other_province_user):
        client = signed_in(outsider)
        for name in ("web:import_detail", "web:import_errors"):
            assert client.get(reverse(name, kwargs={"import_id": person_import.pk})).status_code == 404
        for name in ("web:import_map", "web:import_decide", "web:import_commit", "web:import_cancel"):
            assert client.post(reverse(name, kwargs={"import_id": person_import.pk})).status_code == 404


def test_a_persons_support_in_another_area_is_not_found(
    commune_user: User, other_commune_user: User, other_province_user: User
) -> None:
    person = make_person(None)
    for outsider in (other_commune_user, other_province_user):
        client = signed_in(outsider)
        for name in ("web:person_benefits", "web:person_benefit_decision_create"):
            assert client.get(reverse(name, kwargs={"person_id": person.pk})).status_code == 404
        create = reverse("web:person_benefit_decision_create", kwargs={"person_id": person.pk})
        assert client.post(create, {"kind": "monthly_allowance"}).status_code == 404


def test_a_payment_run_of_another_area_is_not_found(
    commune_user: User, other_commune_user: User, other_province_user: User, objects: dict[str, Any]
) -> None:
    run_id = a_payment_run(commune_user, objects)["run_id"]
    for outsider in (other_commune_user, other_province_user):
        client = signed_in(outsider)
        for name in ("web:payment_run_detail", "web:payment_run_approve"):
            assert client.get(reverse(name, kwargs={"run_id": run_id})).status_code == 404
        for name in ("web:payment_run_xlsx", "web:payment_run_pdf"):
            assert client.get(reverse(name, kwargs={"run_id": run_id})).status_code == 404
        for name in ("web:payment_run_prepare_again", "web:payment_run_approve", "web:payment_run_mark_paid"):
            assert client.post(reverse(name, kwargs={"run_id": run_id})).status_code == 404
        detail = reverse("web:payment_run_detail", kwargs={"run_id": run_id})
        assert detail not in client.get(reverse("web:payment_run_list")).content.decode()
    assert PaymentRun.objects.get(pk=run_id).status == PaymentRunStatus.DRAFT


def test_a_viewer_sees_no_personal_data(viewer_user: User) -> None:
    client = signed_in(viewer_user)
    for name in ("web:audit_list", "web:audit_export", "web:user_list"):
        assert client.get(reverse(name)).status_code == 403


def test_the_provision_downloads_hold_nothing_of_another_area(
    commune_user: User, other_commune_user: User, other_province_user: User, objects: dict[str, Any]
) -> None:
    an_activity(commune_user, objects)
    rehabilitation = ServiceType.objects.get(code="rehabilitation")
    service_record_create(
        actor=commune_user, person=make_person(None), data=rehab(objects["agency"], rehabilitation)
    )
    for user, rows in ((commune_user, 2), (other_commune_user, 1), (other_province_user, 1)):
        for name in ("web:activities_xlsx", "web:services_xlsx"):
            response = signed_in(user).get(reverse(name), {"year": "2025"})
            assert response.status_code == 200
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            assert sheet is not None
            assert sheet.max_row == rows, (name, user.username)
