import pytest

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.agencies.models import AgencyKind
from hoanhap.agencies.services import agency_create
from tests.factories import BAC_SON, make_user, signed_in, unit

pytestmark = pytest.mark.django_db


def test_a_province_officer_is_told_about_agencies_without_a_reporter(province_user: User) -> None:
    agency = agency_create(
        actor=province_user, name="Trạm Y tế", kind=AgencyKind.HEALTH_CENTRE, unit=unit(BAC_SON)
    )
    client = signed_in(province_user)
    assert (
        "1 agency in your area has no reporter account yet."
        in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    make_user("bao-cao", Role.AGENCY, [BAC_SON], agency=agency)
    assert "no reporter account" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_home_shows_the_users_area(commune_user: User) -> None:
    html = signed_in(commune_user).get("/").content.decode()
    assert 'href="/units/current/06325/"' in html
    assert "Xã Bắc Sơn" in html


def test_an_administrator_is_told_about_administrators_without_two_factor(admin_user: User) -> None:
    make_user("admin-2", Role.ADMIN)
    html = signed_in(admin_user).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 administrator has not set up two-step verification." in html
