import pytest
from django.core.exceptions import PermissionDenied

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.people.models import Person
from hoanhap.people.selectors import (
    PersonFilters,
    access_person,
    duplicate_candidates,
    neighbouring_communes,
    person_list,
    person_page,
)
from tests.factories import DONG_DANG, KON_TUM_WARD, make_cccd, make_person, unit

pytestmark = pytest.mark.django_db


def names(persons: object) -> list[str]:
    return [person.full_name for person in persons]  # type: ignore[attr-defined]


def test_folded_fragments_find_the_person(commune_user: User) -> None:
    make_person(commune_user, full_name="Đặng Thị Ánh")
    make_person(commune_user, full_name="Hoàng Văn Sơn", sex="male")
    assert names(person_list(viewer=commune_user, filters=PersonFilters(query="dang thi anh"))) == [
        "Đặng Thị Ánh"
    ]
    assert names(person_list(viewer=commune_user, filters=PersonFilters(query="ANH dang"))) == [
        "Đặng Thị Ánh"
    ]
    assert names(person_list(viewer=commune_user, filters=PersonFilters(query="1975"))) == [
        "Đặng Thị Ánh",
        "Hoàng Văn Sơn",
    ]


def test_search_by_citizen_id_fragment(commune_user: User) -> None:
    cccd = make_cccd(sex="female", birth_year=1975, serial=987654)
    make_person(commune_user, cccd=cccd)
    assert names(person_list(viewer=commune_user, filters=PersonFilters(query="987654"))) == ["Đặng Thị Ánh"]


def test_lists_sort_by_given_name_in_vietnamese_order(commune_user: User) -> None:
    for name in ["Vũ Thị Đào", "Ngô Thị Dung", "Lý Thị Ân", "Hà Thị Ăn", "Lê Thị An"]:
        make_person(commune_user, full_name=name)
    assert names(person_list(viewer=commune_user, filters=PersonFilters())) == [
        "Lê Thị An",
        "Hà Thị Ăn",
        "Lý Thị Ân",
        "Ngô Thị Dung",
        "Vũ Thị Đào",
    ]


def test_each_viewer_sees_only_their_area(
    commune_user: User,
    other_commune_user: User,
    province_user: User,
    other_province_user: User,
    admin_user: User,
) -> None:
    here = make_person(commune_user, full_name="Ở Bắc Sơn")
    there = make_person(other_commune_user, full_name="Ở Đồng Đăng", commune=unit(DONG_DANG))
    far = make_person(admin_user, full_name="Ở Kon Tum", commune=unit(KON_TUM_WARD))
    assert names(person_list(viewer=commune_user, filters=PersonFilters())) == ["Ở Bắc Sơn"]
    assert set(names(person_list(viewer=province_user, filters=PersonFilters()))) == {
        "Ở Bắc Sơn",
        "Ở Đồng Đăng",
    }
    assert names(person_list(viewer=other_province_user, filters=PersonFilters())) == ["Ở Kon Tum"]
    assert len(person_list(viewer=admin_user, filters=PersonFilters())) == 3
    with pytest.raises(Person.DoesNotExist):
        access_person(viewer=commune_user, person_id=there.pk)
    with pytest.raises(Person.DoesNotExist):
        access_person(viewer=province_user, person_id=far.pk)
    assert access_person(viewer=commune_user, person_id=here.pk) == here


def test_viewers_get_no_personal_data(viewer_user: User) -> None:
    with pytest.raises(PermissionDenied):
        person_list(viewer=viewer_user, filters=PersonFilters())


def test_reading_a_record_and_a_list_is_audited(commune_user: User) -> None:
    person = make_person(commune_user)
    access_person(viewer=commune_user, person_id=person.pk)
    person_page(viewer=commune_user, filters=PersonFilters(query="anh"))
    viewed = AuditEvent.objects.get(action="people.person.viewed")
    assert (viewed.object_id, viewed.unit_path) == (str(person.pk), person.unit_path)
    listed = AuditEvent.objects.get(action="people.person.listed")
    assert listed.new_values == {"filters": {"query": "anh"}, "ids": [person.pk]}


def test_duplicates_by_citizen_id_or_name_and_birth_year_nearby(commune_user: User, admin_user: User) -> None:
    cccd = make_cccd(sex="female", birth_year=1975)
    existing = make_person(commune_user, cccd=cccd)
    same_id = duplicate_candidates(full_name="Khác Hẳn", birth_year=1975, cccd=cccd, commune=unit("06325"))
    assert same_id == [existing]
    bac_son = unit("06325")
    near = [u for u in neighbouring_communes(bac_son) if u != bac_son]
    assert near, "Bắc Sơn has neighbours within the radius"
    assert DONG_DANG not in {u.code for u in near}  # about 40 km away
    same_name = duplicate_candidates(full_name="DANG THI ANH", birth_year=1975, cccd="", commune=near[0])
    assert same_name == [existing]
    assert (
        duplicate_candidates(full_name="Đặng Thị Ánh", birth_year=1975, cccd="", commune=unit(DONG_DANG))
        == []
    )
    assert duplicate_candidates(full_name="Đặng Thị Ánh", birth_year=1976, cccd="", commune=bac_son) == []
