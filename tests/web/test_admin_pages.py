"""The management pages behave as forms should: errors on the spot, nothing half-saved, changes audited."""

import re

import pytest

from hoanhap.accounts.models import ApiToken, User
from hoanhap.accounts.services.tokens import api_token_authenticate
from hoanhap.agencies.models import Agency
from hoanhap.audit.models import AuditEvent
from tests.factories import PASSWORD, signed_in

pytestmark = pytest.mark.django_db


def test_creating_an_agency_with_an_unknown_unit_shows_the_error_and_saves_nothing(
    province_user: User,
) -> None:
    client = signed_in(province_user)
    response = client.post("/agencies/new/", {"name": "Trạm Y tế", "kind": "health_centre", "unit": "99999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_unit"' in html
    assert not Agency.objects.filter(name="Trạm Y tế").exists()


def test_a_province_officer_cannot_create_an_agency_elsewhere_through_the_form(province_user: User) -> None:
    response = signed_in(province_user).post(
        "/agencies/new/", {"name": "Trạm Y tế phường Kon Tum", "kind": "health_centre", "unit": "23293"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Agency.objects.filter(unit__code="23293").exists()


def test_creating_and_editing_an_agency(province_user: User) -> None:
    client = signed_in(province_user)
    created = client.post("/agencies/new/", {"name": "Trạm Y tế", "kind": "health_centre", "unit": "06325"})
    assert created.status_code == 302
    agency = Agency.objects.get(name="Trạm Y tế")
    edited = client.post(
        f"/agencies/{agency.pk}/edit/",
        {"name": "Trạm Y tế xã Bắc Sơn", "kind": "health_centre", "unit": "06325"},
    )
    assert edited.status_code == 302
    agency.refresh_from_db()
    assert (agency.name, agency.is_active) == ("Trạm Y tế xã Bắc Sơn", False)
    assert AuditEvent.objects.filter(action="agencies.agency.updated", object_id=str(agency.pk)).exists()


def test_an_administrator_creates_a_commune_officer(admin_user: User) -> None:
    client = signed_in(admin_user)
    response = client.post(
        "/users/new/",
        {
            "username": "can-bo-xa",
            "full_name": "Hoàng Văn Sơn",
            "email": "",
            "role": "commune",
            "units": "06325",
            "agency": "",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="can-bo-xa")
    assert user.scope.paths == ("/c/20/06325/",)
    assert AuditEvent.objects.filter(action="accounts.user.created", actor_id=admin_user.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password_confirm": "Different-pass-99"}, "password_confirm"),
        ({"units": "06325 77777"}, "units"),
        ({"role": "province"}, "units"),  # a commune code for a province officer
        ({"password": "12345678", "password_confirm": "12345678"}, "password"),
    ],
)
def test_user_creation_errors_point_at_the_field(
    admin_user: User, changes: dict[str, str], field: str
) -> None:
    data = {
        "username": "x",
        "full_name": "",
        "email": "",
        "role": "commune",
        "units": "06325",
        "agency": "",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    } | changes
    response = signed_in(admin_user).post("/users/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    # The field at fault is styled as in error (also when the error came from the service, after validation).
    tag = re.search(rf'<(input|textarea|select)[^>]*id="id_{field}"[^>]*>', html)
    assert tag is not None
    assert "--error" in tag.group(0)
    assert f"id_{field}-error-1" in tag.group(0)
    assert not User.objects.filter(username="x").exists()


def test_editing_a_user_changes_role_and_scope(admin_user: User, commune_user: User) -> None:
    client = signed_in(admin_user)
    page = client.get(f"/users/{commune_user.pk}/edit/")
    assert page.status_code == 200
    response = client.post(
        f"/users/{commune_user.pk}/edit/",
        {
            "full_name": "Test",
            "email": "",
            "role": "province",
            "units": "20",
            "agency": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    commune_user.refresh_from_db()
    assert commune_user.role == "province"
    assert AuditEvent.objects.filter(action="accounts.user.viewed", object_id=str(commune_user.pk)).exists()


def test_an_administrator_sets_a_new_password(admin_user: User, commune_user: User) -> None:
    response = signed_in(admin_user).post(
        f"/users/{commune_user.pk}/password/",
        {"password": "Brand-new-pass-7", "password_confirm": "Brand-new-pass-7"},
    )
    assert response.status_code == 302
    commune_user.refresh_from_db()
    assert commune_user.check_password("Brand-new-pass-7")


def test_a_token_is_shown_once_and_can_be_revoked(commune_user: User) -> None:
    client = signed_in(commune_user)
    created = client.post("/account/tokens/new/", {"name": "bảng tính"})
    assert created.status_code == 200
    raw = re.search(r"hnp_[A-Za-z0-9_-]+", created.content.decode()).group(0)  # type: ignore[union-attr]
    assert api_token_authenticate(raw) == commune_user
    assert raw not in client.get("/account/").content.decode()
    token = ApiToken.objects.get(user=commune_user)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert api_token_authenticate(raw) is None


def test_the_audit_page_lists_only_events_in_the_officers_province(
    admin_user: User, province_user: User
) -> None:
    from hoanhap.audit.services import audit_record

    action = "agencies.agency.updated"
    audit_record(actor=admin_user, action=action, unit_path="/c/20/", object_repr="trong tỉnh")
    audit_record(actor=admin_user, action=action, unit_path="/c/51/", object_repr="ngoài tỉnh")
    html = signed_in(province_user).get(f"/audit/?action={action}").content.decode()
    assert "trong tỉnh" in html
    assert "ngoài tỉnh" not in html
    invalid = signed_in(province_user).get("/audit/?date_from=2025-13-40").content.decode()
    assert "govuk-error-summary" in invalid


def test_an_administrator_sees_and_lifts_a_lock_out(
    client: object, admin_user: User, commune_user: User
) -> None:
    from django.test import Client

    visitor = Client()
    for _ in range(5):
        visitor.post("/login/", {"username": "xa-a", "password": "wrong"})
    assert visitor.post("/login/", {"username": "xa-a", "password": PASSWORD}).status_code == 429
    admin = signed_in(admin_user)
    assert "govuk-tag--red" in admin.get("/users/?q=xa-a").content.decode()
    assert "1 account is locked" in admin.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    edit = admin.get(f"/users/{commune_user.pk}/edit/").content.decode()
    assert f"/users/{commune_user.pk}/unlock/" in edit
    assert admin.post(f"/users/{commune_user.pk}/unlock/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.user.unlocked", object_id=str(commune_user.pk)).exists()
    assert Client().post("/login/", {"username": "xa-a", "password": PASSWORD}).status_code == 302
