import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post("/login/", {"username": username, "password": password})


def test_a_commune_officer_signs_in_and_reaches_home(client: Client, commune_user: User) -> None:
    response = sign_in(client, "xa-a")
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert AuditEvent.objects.filter(action="accounts.session.signed_in", actor_id=commune_user.pk).exists()


def test_a_wrong_password_shows_an_error_summary(client: Client, commune_user: User) -> None:
    response = client.post("/login/", {"username": "xa-a", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert client.get("/").status_code == 302


def test_lock_out_after_repeated_failures_even_with_the_right_password(
    client: Client, commune_user: User
) -> None:
    for _ in range(5):
        sign_in(client, "xa-a", "wrong")
    locked = sign_in(client, "xa-a")
    assert locked.status_code == 429
    assert client.get("/").status_code == 302  # still signed out


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/units/")


def test_an_administrator_must_set_up_two_factor_before_anything_else(
    client: Client, admin_user: User
) -> None:
    assert sign_in(client, "admin").status_code == 302
    for path in ("/", "/units/", "/jobs/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/account/two-factor/"
    setup = client.get("/account/two-factor/")
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    wrong = client.post("/account/two-factor/", {"code": "12"})
    assert b"govuk-error-summary" in wrong.content
    client.post("/account/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    assert client.get("/units/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.two_factor.enabled", actor_id=admin_user.pk).exists()


def test_a_user_with_two_factor_needs_the_code_to_sign_in(client: Client, commune_user: User) -> None:
    device = TOTPDevice.objects.create(user=commune_user, name="phone", confirmed=True)
    response = sign_in(client, "xa-a")
    assert response["Location"] == "/login/verify/"
    assert client.get("/").status_code == 302  # not signed in before the code
    client.post("/login/verify/", {"code": f"{totp(device.bin_key):06d}"})
    assert client.get("/").status_code == 200


def test_a_wrong_code_keeps_the_user_signed_out(client: Client, commune_user: User) -> None:
    device = TOTPDevice.objects.create(user=commune_user, name="phone", confirmed=True)
    sign_in(client, "xa-a")
    wrong = client.post("/login/verify/", {"code": "000000" if totp(device.bin_key) else "111111"})
    assert wrong.status_code == 200
    assert b"govuk-error-summary" in wrong.content
    assert client.get("/").status_code == 302


def test_too_many_wrong_codes_end_the_attempt(client: Client, commune_user: User) -> None:
    device = TOTPDevice.objects.create(user=commune_user, name="phone", confirmed=True)
    sign_in(client, "xa-a")
    bad = "000000" if totp(device.bin_key) else "111111"
    for _ in range(5):
        client.post("/login/verify/", {"code": bad})
    assert client.get("/login/verify/")["Location"] == "/login/"


def test_sign_out_needs_post_and_ends_the_session(client: Client, commune_user: User) -> None:
    sign_in(client, "xa-a")
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_open_redirects_after_sign_in_are_refused(client: Client, commune_user: User) -> None:
    response = client.post(
        "/login/", {"username": "xa-a", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_language_switch_to_english(client: Client) -> None:
    vietnamese = client.get("/login/")
    assert re.search(r'<html lang="vi"', vietnamese.content.decode())
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    english = client.get("/login/")
    assert '<html lang="en"' in english.content.decode()
    assert "Sign in" in english.content.decode()


def test_forms_are_refused_without_the_csrf_token(commune_user: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/login/", {"username": "xa-a", "password": PASSWORD}).status_code == 403


def test_an_idle_session_expires(client: Client, commune_user: User, settings: object) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    sign_in(client, "xa-a")
    assert client.get("/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # type: ignore[attr-defined]
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
