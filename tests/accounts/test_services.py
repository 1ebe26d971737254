import pytest
from django_otp.oath import totp

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.accounts.services.tokens import api_token_authenticate, api_token_create, api_token_revoke
from hoanhap.accounts.services.two_factor import (
    totp_disable,
    totp_enrolment_begin,
    totp_enrolment_confirm,
    totp_verify,
)
from hoanhap.accounts.services.users import user_create, user_set_password, user_update
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Scope
from tests.factories import BAC_SON, LANG_SON, PASSWORD, make_user, unit

pytestmark = pytest.mark.django_db


def test_user_create_assigns_units_and_is_audited(admin_user: User) -> None:
    user = user_create(
        actor=admin_user,
        username="new-xa",
        password=PASSWORD,
        role=Role.COMMUNE,
        units=[unit(BAC_SON)],
        full_name="Hoàng Văn Sơn",
    )
    assert user.scope == Scope(paths=("/c/20/06325/",))
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="accounts.user.created", object_id=str(user.pk))
    assert event.actor_id == admin_user.pk
    assert event.new_values["units"] == [BAC_SON]
    assert "password" not in event.new_values


@pytest.mark.parametrize(
    ("role", "codes", "field"),
    [
        (Role.COMMUNE, [LANG_SON], "units"),  # a commune officer must be assigned communes
        (Role.PROVINCE, [BAC_SON], "units"),  # a province officer must be assigned provinces
        (Role.VIEWER, [], "units"),
        (Role.AGENCY, [BAC_SON], "agency"),  # agency reporters need their agency
        ("chief", [BAC_SON], "role"),
    ],
)
def test_user_create_refuses_inconsistent_roles(role: str, codes: list[str], field: str) -> None:
    with pytest.raises(ApplicationError) as error:
        user_create(actor=None, username="x", password=PASSWORD, role=role, units=[unit(c) for c in codes])
    assert error.value.field == field
    assert not User.objects.filter(username="x").exists()


def test_user_create_refuses_legacy_units_weak_passwords_and_duplicates() -> None:
    with pytest.raises(ApplicationError) as legacy:
        user_create(
            actor=None, username="x", password=PASSWORD, role=Role.PROVINCE, units=[unit("62", "legacy")]
        )
    assert legacy.value.field == "units"
    with pytest.raises(ApplicationError) as weak:
        user_create(actor=None, username="x", password="12345678", role=Role.PROVINCE, units=[unit(LANG_SON)])
    assert weak.value.field == "password"
    make_user("taken", Role.VIEWER, [LANG_SON])
    with pytest.raises(ApplicationError) as taken:
        user_create(actor=None, username="TAKEN", password=PASSWORD, role=Role.VIEWER, units=[unit(LANG_SON)])
    assert taken.value.field == "username"
    assert AuditEvent.objects.filter(action="accounts.user.created").count() == 1


def test_user_update_records_old_and_new_values(admin_user: User, commune_user: User) -> None:
    user_update(
        actor=admin_user,
        user=commune_user,
        role=Role.PROVINCE,
        units=[unit(LANG_SON)],
        agency=None,
        full_name="Test xa-a",
        email="",
        is_active=True,
    )
    commune_user.refresh_from_db()
    assert commune_user.role == Role.PROVINCE
    assert commune_user.scope == Scope(paths=("/c/20/",))
    event = AuditEvent.objects.get(action="accounts.user.updated")
    assert event.old_values == {"role": "commune", "units": [BAC_SON]}
    assert event.new_values == {"role": "province", "units": [LANG_SON]}


def test_an_administrator_cannot_demote_themselves(admin_user: User) -> None:
    with pytest.raises(ApplicationError):
        user_update(
            actor=admin_user,
            user=admin_user,
            role=Role.VIEWER,
            units=[unit(LANG_SON)],
            agency=None,
            full_name="",
            email="",
            is_active=True,
        )


def test_set_password_is_audited_without_the_password(admin_user: User, commune_user: User) -> None:
    user_set_password(actor=admin_user, user=commune_user, password="Another-good-one-7")
    commune_user.refresh_from_db()
    assert commune_user.check_password("Another-good-one-7")
    event = AuditEvent.objects.get(action="accounts.user.password_set")
    assert event.new_values is None
    assert event.old_values is None


def test_api_tokens_authenticate_until_revoked(commune_user: User) -> None:
    token, raw = api_token_create(actor=commune_user, name="script")
    assert raw.startswith("hnp_")
    assert raw not in token.key_hash
    assert api_token_authenticate(raw) == commune_user
    assert api_token_authenticate(raw + "x") is None
    api_token_revoke(actor=commune_user, token=token)
    assert api_token_authenticate(raw) is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="accounts.api_token").values_list("action", flat=True)
    )
    assert sorted(actions) == ["accounts.api_token.created", "accounts.api_token.revoked"]


def test_a_deactivated_users_token_stops_working(commune_user: User) -> None:
    _token, raw = api_token_create(actor=commune_user, name="script")
    User.objects.filter(pk=commune_user.pk).update(is_active=False)
    assert api_token_authenticate(raw) is None


def test_totp_enrolment_verification_and_disabling(commune_user: User) -> None:
    device = totp_enrolment_begin(user=commune_user)
    with pytest.raises(ApplicationError):
        totp_enrolment_confirm(user=commune_user, code="000000" if totp(device.bin_key) != 0 else "111111")
    totp_enrolment_confirm(user=commune_user, code=f"{totp(device.bin_key):06d}")
    assert AuditEvent.objects.filter(action="accounts.two_factor.enabled").exists()
    assert totp_verify(user=commune_user, code="abc") is None
    totp_disable(user=commune_user)
    assert AuditEvent.objects.filter(action="accounts.two_factor.disabled").exists()


def test_administrators_cannot_turn_two_factor_off(admin_user: User) -> None:
    with pytest.raises(ApplicationError):
        totp_disable(user=admin_user)
