"""Building blocks for tests: accounts of each role scoped to real units."""

from __future__ import annotations

from collections.abc import Sequence

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.accounts.services.users import user_create
from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.agencies.services import agency_create
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Person
from hoanhap.people.services import person_register

PASSWORD = "Correct-horse-42"
LANG_SON = "20"
BAC_SON = "06325"  # commune A, in Lạng Sơn
DONG_DANG = "06184"  # commune B, in Lạng Sơn
QUANG_NGAI = "51"
KON_TUM_WARD = "23293"  # in Quảng Ngãi (former Kon Tum)


def unit(code: str, edition: str = Edition.CURRENT) -> AdminUnit:
    return AdminUnit.objects.get(edition=edition, code=code)


def make_agency(
    name: str = "Trạm Y tế xã Bắc Sơn", code: str = BAC_SON, kind: str = AgencyKind.HEALTH_CENTRE
) -> Agency:
    admin = (
        make_user("agency-maker", Role.ADMIN)
        if not User.objects.filter(username="agency-maker").exists()
        else User.objects.get(username="agency-maker")
    )
    return agency_create(actor=admin, name=name, kind=kind, unit=unit(code))


def make_user(
    username: str,
    role: str,
    units: Sequence[str] = (),
    agency: Agency | None = None,
    password: str = PASSWORD,
) -> User:
    return user_create(
        actor=None,
        username=username,
        password=password,
        role=role,
        units=[unit(code) for code in units],
        agency=agency,
        full_name=f"Test {username}",
    )


def verify_two_factor(client: Client, user: User) -> TOTPDevice:
    """Give a signed-in test client's session a verified second factor, as the login page would."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return device


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.requires_two_factor:
        verify_two_factor(client, user)
    return client


def make_cccd(*, sex: str, birth_year: int, place: str = "020", serial: int = 123456) -> str:
    """A structurally valid citizen ID for a person of this sex and birth year."""
    century = {1800: 8, 1900: 0, 2000: 2, 2100: 4}[birth_year // 100 * 100] + (1 if sex == "female" else 0)
    return f"{place}{century}{birth_year % 100:02d}{serial:06d}"


def person_data(**overrides: object) -> PersonData:

    values: dict[str, object] = {
        "full_name": "Đặng Thị Ánh",
        "sex": "female",
        "commune": unit(BAC_SON),
        "birth_year": 1975,
        "ethnicity": "02",
    }
    values.update(overrides)
    return PersonData(**values)  # type: ignore[arg-type]


def make_person(actor: User | None = None, **overrides: object) -> Person:

    return person_register(actor=actor, data=person_data(**overrides))
