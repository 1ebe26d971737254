from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.geo.loading import geo_load_units
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, QUANG_NGAI, make_agency, make_user, signed_in


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Every test database starts with the real administrative units (both editions)."""
    with django_db_blocker.unblock():
        geo_load_units(actor=None)


@pytest.fixture
def admin_user(db: Any) -> User:
    return make_user("admin", Role.ADMIN)


@pytest.fixture
def province_user(db: Any) -> User:
    return make_user("tinh", Role.PROVINCE, [LANG_SON])


@pytest.fixture
def other_province_user(db: Any) -> User:
    return make_user("tinh-qn", Role.PROVINCE, [QUANG_NGAI])


@pytest.fixture
def commune_user(db: Any) -> User:
    return make_user("xa-a", Role.COMMUNE, [BAC_SON])


@pytest.fixture
def other_commune_user(db: Any) -> User:
    return make_user("xa-b", Role.COMMUNE, [DONG_DANG])


@pytest.fixture
def agency_user(db: Any) -> User:
    return make_user("coquan", Role.AGENCY, [BAC_SON], agency=make_agency())


@pytest.fixture
def viewer_user(db: Any) -> User:
    return make_user("xem", Role.VIEWER, [LANG_SON])


@pytest.fixture
def users_by_role(
    admin_user: User, province_user: User, commune_user: User, agency_user: User, viewer_user: User
) -> dict[str, User]:
    return {
        Role.ADMIN: admin_user,
        Role.PROVINCE: province_user,
        Role.COMMUNE: commune_user,
        Role.AGENCY: agency_user,
        Role.VIEWER: viewer_user,
    }


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    return signed_in(admin_user)


@pytest.fixture
def province_client(province_user: User) -> Client:
    return signed_in(province_user)


@pytest.fixture
def commune_client(commune_user: User) -> Client:
    return signed_in(commune_user)
