from datetime import date

import pytest

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.services import (
    StaleVersion,
    person_data_from,
    person_move,
    person_set_status,
    person_update,
)
from tests.factories import BAC_SON, DONG_DANG, KON_TUM_WARD, make_cccd, make_person, person_data, unit

pytestmark = pytest.mark.django_db


def test_registering_derives_the_search_and_sort_keys_and_scope(commune_user: User) -> None:
    person = make_person(commune_user, full_name="  Đặng   Thị Ánh ", special_groups=["agent_orange"])
    assert person.full_name == "Đặng Thị Ánh"
    assert person.name_folded == "dang thi anh"
    assert person.unit_path == "/c/20/06325/"
    assert person.province_code == "20"
    assert list(person.special_groups.values_list("group", flat=True)) == ["agent_orange"]
    event = AuditEvent.objects.get(action="people.person.registered")
    assert (event.actor_id, event.unit_path) == (commune_user.pk, "/c/20/06325/")
    assert event.new_values["special_groups"] == ["agent_orange"]


def test_the_birth_year_comes_from_the_date_and_must_agree(commune_user: User) -> None:
    person = make_person(commune_user, birth_year=None, birth_date=date(1980, 5, 17))
    assert person.birth_year == 1980
    with pytest.raises(ApplicationError) as error:
        make_person(commune_user, birth_year=1981, birth_date=date(1980, 5, 17))
    assert error.value.field == "birth_year"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_name": "   "}, "full_name"),
        ({"birth_year": None}, "birth_year"),
        ({"birth_year": 1850}, "birth_year"),
        ({"sex": "x"}, "sex"),
        ({"ethnicity": "77"}, "ethnicity"),
        ({"cccd": "12345"}, "cccd"),
        ({"cccd": make_cccd(sex="male", birth_year=1975)}, "cccd"),  # the record says female
        ({"commune": "20"}, "commune"),  # a province is not a commune
    ],
)
def test_invalid_records_are_refused_and_nothing_is_saved(
    commune_user: User, overrides: dict[str, object], field: str
) -> None:
    if isinstance(overrides.get("commune"), str):
        overrides = overrides | {"commune": unit(str(overrides["commune"]))}
    with pytest.raises(ApplicationError) as error:
        make_person(commune_user, **overrides)
    assert error.value.field == field
    assert not Person.objects.exists()


def test_a_commune_officer_registers_only_in_their_commune(commune_user: User) -> None:
    with pytest.raises(ApplicationError) as error:
        make_person(commune_user, commune=unit(DONG_DANG))
    assert error.value.code == "out_of_scope"


def test_a_legacy_commune_resolves_to_its_successor_and_a_split_one_asks(province_user: User) -> None:
    person = make_person(province_user, commune=unit("06328", "legacy"))  # Xã Long Đống → Xã Bắc Sơn
    assert person.commune.code == BAC_SON
    split = (
        unit("06328", "legacy")
        .__class__.objects.filter(
            edition="legacy", tier="commune", successions__is_split=True, path__startswith="/l/20/"
        )
        .first()
    )
    assert split is not None
    with pytest.raises(ApplicationError) as error:
        make_person(province_user, commune=split)
    assert error.value.code == "split_commune"
    options = error.value.extra["options"]
    assert len(options) > 1
    chosen = unit(options[1][0])
    assert make_person(province_user, commune=split, successor_choice=chosen).commune == chosen


def test_an_active_citizen_id_is_unique(commune_user: User) -> None:
    cccd = make_cccd(sex="female", birth_year=1975)
    make_person(commune_user, cccd=cccd)
    with pytest.raises(ApplicationError) as error:
        make_person(commune_user, full_name="Khác", cccd=cccd)
    assert error.value.code == "cccd_taken"


def test_a_stale_update_is_refused_and_changes_nothing(commune_user: User) -> None:
    person = make_person(commune_user)
    first = person_data_from(person)
    first.village = "Thôn Nà Lay"
    person_update(actor=commune_user, person=person, expected_version=1, data=first)
    second = person_data_from(person)
    second.phone = "0912345678"
    with pytest.raises(StaleVersion) as error:
        person_update(actor=commune_user, person=person, expected_version=1, data=second)
    assert error.value.current.village == "Thôn Nà Lay"
    stored = Person.objects.get(pk=person.pk)
    assert (stored.version, stored.phone) == (2, "")
    event = AuditEvent.objects.get(action="people.person.updated")
    assert event.old_values == {"village": ""}
    assert event.new_values == {"village": "Thôn Nà Lay"}


def test_moving_passes_the_person_to_the_new_communes_scope(
    province_user: User, commune_user: User, other_province_user: User
) -> None:
    person = make_person(commune_user)
    person_move(actor=province_user, person=person, expected_version=1, commune=unit(KON_TUM_WARD))
    person.refresh_from_db()
    assert person.unit_path == "/c/51/23293/"
    assert person.province_code == "51"
    paths = set(AuditEvent.objects.filter(action="people.person.moved").values_list("unit_path", flat=True))
    assert paths == {"/c/20/06325/", "/c/51/23293/"}


def test_status_changes_need_a_date_and_removal_a_reason(commune_user: User) -> None:
    person = make_person(commune_user)
    with pytest.raises(ApplicationError):
        person_set_status(
            actor=commune_user, person=person, expected_version=1, status=PersonStatus.DECEASED, since=None
        )
    with pytest.raises(ApplicationError):
        person_set_status(
            actor=commune_user,
            person=person,
            expected_version=1,
            status=PersonStatus.REMOVED,
            since=date(2025, 1, 1),
        )
    person_set_status(
        actor=commune_user,
        person=person,
        expected_version=1,
        status=PersonStatus.DECEASED,
        since=date(2025, 1, 1),
    )
    person.refresh_from_db()
    assert (person.status, person.version) == (PersonStatus.DECEASED, 2)


def test_updating_uses_the_same_rules(commune_user: User) -> None:
    person = make_person(commune_user)
    data = person_data(full_name="")
    with pytest.raises(ApplicationError):
        person_update(actor=commune_user, person=person, expected_version=1, data=data)
