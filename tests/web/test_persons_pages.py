"""The registry pages: registering and changing a person through the forms, the duplicate warning, the
edit conflict, the list and its filters, a person's page, who may open what, and the children turning 6."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.assessments.models import Certificate, DisabilityDetermination
from hoanhap.assessments.services import DeterminationData, certificate_issue, determination_record
from hoanhap.audit.models import AuditEvent
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.services import person_set_status
from hoanhap.web.views.persons_common import add_months
from tests.factories import BAC_SON, DONG_DANG, KON_TUM_WARD, make_cccd, make_person, signed_in, unit

pytestmark = pytest.mark.django_db

SPLIT_LEGACY_COMMUNE = "06622"  # Xã Bính Xá, divided between Xã Đình Lập and Xã Kiên Mộc
LEGACY_LONG_DONG = "06328"  # Xã Long Đống, now part of Xã Bắc Sơn

PERSON_URLS = [
    "web:person_detail",
    "web:person_edit",
    "web:person_status",
    "web:person_move",
    "web:person_determination_create",
    "web:person_certificate_create",
]
WRITE_URLS = ["web:person_create", *PERSON_URLS[1:]]


def english(user: User) -> Client:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "full_name": "Đặng Thị Ánh",
        "birth_date_0": "17",
        "birth_date_1": "5",
        "birth_date_2": "1980",
        "sex": "female",
        "ethnicity": "02",
        "cccd": "",
        "commune": BAC_SON,
        "village": "Thôn Nà Lay",
        "phone": "",
        "carer_name": "",
        "carer_relation": "",
        "household": "",
    }
    data.update(overrides)
    return data


def url(name: str, person: Person | None = None) -> str:
    return reverse(name, kwargs={"person_id": person.pk} if person else None)


def determine(person: Person, on: date, severity: str, types: list[str], actor: User | None = None) -> Any:
    data = DeterminationData(decided_on=on, body="commune_council", severity=severity, types=types)
    return determination_record(actor=actor, person=person, data=data)


def names_in(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/persons/\d+/">([^<]+)</a>', html)


# Registering through the form ---------------------------------------------------------------------------


def test_a_commune_officer_registers_a_person_through_the_form(commune_user: User) -> None:
    client = english(commune_user)
    form = client.get(url("web:person_create")).content.decode()
    assert 'name="commune"' in form
    assert f'value="{BAC_SON}"' in form
    assert 'name="different_person"' not in form  # the box appears only with a duplicate warning
    response = client.post(url("web:person_create"), form_data(special_groups=["orphan"]))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("web:person_detail", person)
    assert (person.birth_date, person.birth_year, person.village) == (date(1980, 5, 17), 1980, "Thôn Nà Lay")
    assert list(person.special_groups.values_list("group", flat=True)) == ["orphan"]
    assert person.created_by == commune_user
    page = client.get(response["Location"]).content.decode()
    assert "Đặng Thị Ánh was added to the registry." in page


def test_a_year_alone_is_a_date_of_birth(commune_user: User) -> None:
    response = english(commune_user).post(
        url("web:person_create"), form_data(birth_date_0="", birth_date_1="", birth_date_2="1975")
    )
    assert response.status_code == 302
    assert Person.objects.values_list("birth_date", "birth_year").get() == (None, 1975)


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"full_name": "  "}, "id_full_name", "Enter the person&#x27;s full name."),
        ({"birth_date_2": ""}, "id_birth_date_0", "Enter the year."),
        ({"birth_date_0": "31", "birth_date_1": "2"}, "id_birth_date_0", "Enter a real date."),
        ({"birth_date_0": "", "birth_date_1": "5"}, "id_birth_date_0", "Enter the day and the month"),
        ({"sex": ""}, "id_sex_0", "Choose the person&#x27;s sex."),
        ({"commune": "99999"}, "id_commune", "No commune has the code 99999."),
        ({"commune": DONG_DANG}, "id_commune", "This commune is outside your area."),
    ],
)
def test_mistakes_are_shown_on_their_field_and_nothing_is_saved(
    commune_user: User, overrides: dict[str, str], anchor: str, message: str
) -> None:
    response = english(commune_user).post(url("web:person_create"), form_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'href="#{anchor}"' in html
    assert f'id="{anchor}"' in html  # the summary's link leads to an input of the page
    assert message in html
    assert not Person.objects.exists()


def test_a_wrong_citizen_id_is_explained_on_its_field(commune_user: User) -> None:
    response = english(commune_user).post(url("web:person_create"), form_data(cccd="12345"))
    html = response.content.decode()
    assert 'href="#id_cccd"' in html
    assert re.search(r'id="id_cccd-error-1"[^>]*>.*The citizen ID has 12 digits; this one has 5\.', html)
    assert 'aria-describedby="id_cccd-hint id_cccd-error-1"' in html
    assert "govuk-input--error" in html
    male = make_cccd(sex="male", birth_year=1980)
    html = english(commune_user).post(url("web:person_create"), form_data(cccd=male)).content.decode()
    assert re.search(r'id="id_cccd-error-1"[^>]*>.*The fourth digit says the person is male', html)
    assert not Person.objects.exists()


def test_a_legacy_commune_code_is_followed_to_todays_commune(commune_user: User) -> None:
    response = english(commune_user).post(url("web:person_create"), form_data(commune=LEGACY_LONG_DONG))
    assert response.status_code == 302
    assert Person.objects.get().commune.code == BAC_SON


def test_a_split_legacy_commune_asks_which_commune_it_is_today(province_user: User) -> None:
    client = english(province_user)
    response = client.post(url("web:person_create"), form_data(commune=SPLIT_LEGACY_COMMUNE))
    html = response.content.decode()
    assert response.status_code == 200
    assert "was divided among several communes on 1 July 2025" in html
    options = re.findall(r'name="successor" type="radio" value="(\d+)"', html)
    assert options == ["06613", "06625"]
    assert not Person.objects.exists()
    chosen = client.post(url("web:person_create"), form_data(commune=SPLIT_LEGACY_COMMUNE, successor="06625"))
    assert chosen.status_code == 302
    assert Person.objects.get().commune.code == "06625"


# The duplicate check ------------------------------------------------------------------------------------


def test_the_same_folded_name_and_birth_year_warns_and_ticking_saves(commune_user: User) -> None:
    existing = make_person(commune_user, full_name="Đặng Thị Ánh", birth_year=1980)
    client = english(commune_user)
    data = form_data(full_name="DANG THI ANH", birth_date_0="", birth_date_1="")
    response = client.post(url("web:person_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This person may already be in the registry. Nothing was saved." in html
    assert f'href="/persons/{existing.pk}/"' in html  # in the officer's area: a link
    assert 'name="different_person"' in html
    assert Person.objects.count() == 1
    saved = client.post(url("web:person_create"), {**data, "different_person": "on"})
    assert saved.status_code == 302
    assert Person.objects.count() == 2


def test_the_citizen_id_of_a_person_who_moved_away_warns_without_a_link(
    commune_user: User, other_commune_user: User
) -> None:
    cccd = make_cccd(sex="female", birth_year=1980)
    elsewhere = make_person(
        other_commune_user, full_name="Lý Thị Hoa", birth_year=1980, cccd=cccd, commune=unit(DONG_DANG)
    )
    person_set_status(
        actor=other_commune_user,
        person=elsewhere,
        expected_version=1,
        status=PersonStatus.MOVED,
        since=date(2025, 1, 1),
    )
    client = english(commune_user)
    data = form_data(full_name="Hoàng Thị Hoa", cccd=cccd)
    html = client.post(url("web:person_create"), data).content.decode()
    assert "This person may already be in the registry." in html
    assert "Lý Thị Hoa" in html
    assert "Moved away" in html
    assert f"/persons/{elsewhere.pk}/" not in html  # outside the officer's area: no link
    assert Person.objects.count() == 1
    assert client.post(url("web:person_create"), {**data, "different_person": "on"}).status_code == 302
    assert Person.objects.filter(cccd=cccd, status=PersonStatus.ACTIVE).get().full_name == "Hoàng Thị Hoa"


def test_editing_without_changing_the_identity_does_not_warn(commune_user: User) -> None:
    make_person(commune_user, full_name="Đặng Thị Ánh", birth_year=1980)
    person = make_person(commune_user, full_name="Đặng Thị Ánh", birth_year=1980, village="Thôn Khác")
    response = english(commune_user).post(
        url("web:person_edit", person),
        form_data(birth_date_0="", birth_date_1="", village="Thôn Mới", version="1"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.village, person.version) == ("Thôn Mới", 2)


# The edit conflict --------------------------------------------------------------------------------------


def version_in(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html) or re.search(
        r'value="(\d+)" name="version"', html
    )
    assert found, "the form carries the version it was opened at"
    return found.group(1)


def test_two_officers_editing_the_same_record_do_not_overwrite_each_other(
    commune_user: User, province_user: User
) -> None:
    person = make_person(commune_user, birth_date=date(1980, 5, 17), birth_year=None, village="")
    first, second = english(commune_user), english(province_user)
    assert version_in(first.get(url("web:person_edit", person)).content.decode()) == "1"
    assert version_in(second.get(url("web:person_edit", person)).content.decode()) == "1"
    assert (
        first.post(url("web:person_edit", person), form_data(village="Thôn Nà Lay", version="1")).status_code
        == 302
    )
    conflict = second.post(
        url("web:person_edit", person), form_data(village="", phone="0912345678", version="1")
    )
    html = conflict.content.decode()
    assert conflict.status_code == 200
    assert "Someone else changed this record while you were editing it." in html
    assert 'href="#conflict"' in html
    cell = r"\s*<td[^>]*>([^<]+)</td>"
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>' + cell + cell, html)
    assert ("Village", "–", "Thôn Nà Lay") in rows
    assert ("Phone", "0912345678", "–") in rows
    stored = Person.objects.get(pk=person.pk)
    assert (stored.version, stored.village, stored.phone) == (2, "Thôn Nà Lay", "")
    assert version_in(html) == "2"  # the next submit, made knowing the differences, may save
    again = second.post(
        url("web:person_edit", person), form_data(village="Thôn Nà Lay", phone="0912345678", version="2")
    )
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.version, stored.phone) == (3, "0912345678")


# The list -----------------------------------------------------------------------------------------------


def test_the_list_is_in_vietnamese_order_and_records_the_read(commune_user: User) -> None:
    for name in ["Vũ Thị Đào", "Ngô Thị Dung", "Lý Thị Ân", "Hà Thị Ăn", "Lê Thị An"]:
        make_person(commune_user, full_name=name)
    html = english(commune_user).get(url("web:person_list")).content.decode()
    assert names_in(html) == ["Lê Thị An", "Hà Thị Ăn", "Lý Thị Ân", "Ngô Thị Dung", "Vũ Thị Đào"]
    assert "5 persons" in html
    assert "Register a person" in html
    event = AuditEvent.objects.get(action="people.person.listed")
    assert len(event.new_values["ids"]) == 5


def test_the_list_filters(commune_user: User, province_user: User) -> None:
    anh = make_person(commune_user, full_name="Đặng Thị Ánh", birth_year=1975, village="Thôn Nà Lay")
    son = make_person(commune_user, full_name="Hoàng Văn Sơn", sex="male", birth_year=1990)
    make_person(
        province_user, full_name="Lương Văn Đồng", sex="male", birth_year=1990, commune=unit(DONG_DANG)
    )
    determine(anh, date(2020, 1, 1), "mild", ["vision"])
    determine(son, date(2019, 1, 1), "mild", ["vision"])
    determine(son, date(2024, 1, 1), "severe", ["mobility"])  # the latest one counts
    client = english(province_user)

    def listed(**params: Any) -> list[str]:
        return names_in(client.get(url("web:person_list"), params).content.decode())

    assert listed(q="dang anh") == ["Đặng Thị Ánh"]
    assert listed(q="1990") == ["Lương Văn Đồng", "Hoàng Văn Sơn"]  # by given name: Đồng before Sơn
    assert listed(sex="male", commune=BAC_SON) == ["Hoàng Văn Sơn"]
    assert listed(commune="20") == ["Đặng Thị Ánh", "Lương Văn Đồng", "Hoàng Văn Sơn"]
    assert listed(village="Nà Lay") == ["Đặng Thị Ánh"]
    assert listed(birth_year="1975") == ["Đặng Thị Ánh"]
    assert listed(types="vision") == ["Đặng Thị Ánh"]
    assert listed(types=["vision", "mobility"]) == ["Đặng Thị Ánh", "Hoàng Văn Sơn"]
    assert listed(severity="severe") == ["Hoàng Văn Sơn"]
    assert listed(severity="mild", types="mobility") == []
    assert listed(severity="none") == ["Lương Văn Đồng"]
    assert listed(status="moved") == []
    html = client.get(url("web:person_list"), {"severity": "severe"}).content.decode()
    assert "Severe" in html
    assert "Thôn Nà Lay" not in html
    bad = client.get(url("web:person_list"), {"birth_year": "abc", "commune": "77777"}).content.decode()
    assert "govuk-error-summary" in bad
    assert names_in(bad) == []


def test_the_list_costs_the_same_queries_for_one_person_or_many(commune_user: User) -> None:
    client = english(commune_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("web:person_list")).status_code == 200
        return len(captured)

    person = make_person(commune_user, full_name="Một Người")
    determine(person, date(2020, 1, 1), "mild", ["vision"])
    one = queries()
    for index in range(6):
        other = make_person(commune_user, full_name=f"Người Thứ {index}")
        determine(other, date(2021, 1, 1), "severe", ["mobility"])
    assert queries() == one


# A person's page ----------------------------------------------------------------------------------------


def test_the_person_page_shows_the_disability_history_and_certificates(commune_user: User) -> None:
    person = make_person(
        commune_user, carer_name="Đặng Văn Ba", carer_relation="bố", special_groups=["orphan"]
    )
    first = determine(person, date(2020, 3, 1), "mild", ["vision"], commune_user)
    latest = determine(
        person, date(2024, 6, 1), "particularly_severe", ["intellectual", "mobility"], commune_user
    )
    certificate_issue(
        actor=commune_user,
        person=person,
        determination=first,
        number="12/GXN",
        issued_on=date(2020, 3, 5),
        reason="first_issue",
    )
    certificate_issue(
        actor=commune_user,
        person=person,
        determination=latest,
        number="31/GXN",
        issued_on=date(2024, 6, 9),
        reason="changed",
    )
    html = english(commune_user).get(url("web:person_detail", person)).content.decode()
    assert "Particularly severe" in html
    assert "Mild" in html
    assert "Mobility, Intellectual" in html or "Intellectual, Mobility" in html
    assert "01/06/2024" in html
    assert "01/03/2020" in html
    assert "12/GXN" in html
    assert "31/GXN" in html
    assert "In force" in html
    assert "Type or severity changed" in html
    assert "Xã Bắc Sơn" in html
    assert "Tỉnh Lạng Sơn" in html
    assert "Đặng Văn Ba (bố)" in html
    assert "Orphan" in html
    for name in PERSON_URLS[1:]:
        assert f'href="{url(name, person)}"' in html
    assert AuditEvent.objects.filter(action="people.person.viewed", object_id=str(person.pk)).count() == 1


def test_a_carer_in_the_registry_is_a_link_when_in_scope(commune_user: User) -> None:
    carer = make_person(commune_user, full_name="Đặng Văn Ba", sex="male", birth_year=1950)
    person = make_person(commune_user, carer_id=carer.pk, carer_relation="bố")
    html = english(commune_user).get(url("web:person_detail", person)).content.decode()
    assert f'<a class="govuk-link" href="/persons/{carer.pk}/">Đặng Văn Ba</a> (bố)' in html


# Who may open what --------------------------------------------------------------------------------------


def test_a_person_of_another_commune_is_not_found_on_any_page(
    commune_user: User, other_commune_user: User
) -> None:
    person = make_person(commune_user)
    client = english(other_commune_user)
    for name in PERSON_URLS:
        assert client.get(url(name, person)).status_code == 404, name
        assert client.post(url(name, person), form_data(version="1")).status_code == 404, name
    person.refresh_from_db()
    assert person.version == 1


def test_a_viewer_is_refused_every_registry_page(viewer_user: User) -> None:
    person = make_person(None)
    client = english(viewer_user)
    for name in ["web:person_list", "web:person_create", "web:person_children_turning_six"]:
        assert client.get(url(name)).status_code == 403, name
    for name in PERSON_URLS:
        assert client.get(url(name, person)).status_code == 403, name


def test_an_agency_reporter_reads_but_does_not_change_the_registry(agency_user: User) -> None:
    person = make_person(None)
    client = english(agency_user)
    assert client.get(url("web:person_list")).status_code == 200
    assert client.get(url("web:person_children_turning_six")).status_code == 200
    detail = client.get(url("web:person_detail", person))
    assert detail.status_code == 200
    assert "Change the record" not in detail.content.decode()
    assert "Register a person" not in client.get(url("web:person_list")).content.decode()
    assert client.get(url("web:person_create")).status_code == 403
    assert client.post(url("web:person_create"), form_data()).status_code == 403
    for name in WRITE_URLS[1:]:
        assert client.get(url(name, person)).status_code == 403, name
        assert client.post(url(name, person), {}).status_code == 403, name


# Status, moving, determinations, certificates -------------------------------------------------------------


def test_changing_the_status(commune_user: User) -> None:
    person = make_person(commune_user)
    client = english(commune_user)
    missing = client.post(url("web:person_status", person), {"status": "deceased", "version": "1"})
    assert 'href="#id_status_date_0"' in missing.content.decode()
    done = client.post(
        url("web:person_status", person),
        {
            "status": "deceased",
            "status_date_0": "2",
            "status_date_1": "1",
            "status_date_2": "2025",
            "version": "1",
        },
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert (person.status, person.status_date) == (PersonStatus.DECEASED, date(2025, 1, 2))
    stale = client.post(url("web:person_status", person), {"status": "active", "version": "1"})
    assert "Someone else changed this record" in stale.content.decode()
    assert version_in(stale.content.decode()) == "2"


def test_moving_a_person_out_of_the_area(commune_user: User) -> None:
    person = make_person(commune_user)
    client = english(commune_user)
    split = client.post(url("web:person_move", person), {"commune": SPLIT_LEGACY_COMMUNE, "version": "1"})
    assert re.findall(r'name="successor" type="radio" value="(\d+)"', split.content.decode()) == [
        "06613",
        "06625",
    ]
    moved = client.post(
        url("web:person_move", person), {"commune": KON_TUM_WARD, "village": "Tổ 3", "version": "1"}
    )
    assert moved.status_code == 302
    assert moved["Location"] == url("web:person_list")
    person.refresh_from_db()
    assert (person.commune.code, person.village) == (KON_TUM_WARD, "Tổ 3")
    assert client.get(url("web:person_detail", person)).status_code == 404


def test_recording_a_determination(commune_user: User) -> None:
    person = make_person(commune_user)
    client = english(commune_user)
    empty = client.post(url("web:person_determination_create", person), {}).content.decode()
    for anchor in ("id_decided_on_0", "id_body_0", "id_types_0", "id_severity_0"):
        assert f'href="#{anchor}"' in empty
        assert f'id="{anchor}"' in empty
    future = (timezone.localdate() + timedelta(days=40)).strftime("%d %m %Y").split()
    data = {
        "decided_on_0": future[0],
        "decided_on_1": future[1],
        "decided_on_2": future[2],
        "body": "commune_council",
        "types": ["vision", "other"],
        "severity": "severe",
        "minutes_number": "12/BB-HĐ",
    }
    assert (
        "cannot be in the future"
        in client.post(url("web:person_determination_create", person), data).content.decode()
    )
    data.update(decided_on_0="1", decided_on_1="3", decided_on_2="2024")
    assert client.post(url("web:person_determination_create", person), data).status_code == 302
    determination = DisabilityDetermination.objects.get(person=person)
    assert (determination.types, determination.severity, determination.minutes_number) == (
        ["vision", "other"],
        "severe",
        "12/BB-HĐ",
    )


def test_issuing_a_certificate(commune_user: User) -> None:
    person = make_person(commune_user)
    client = english(commune_user)
    before = client.get(url("web:person_certificate_create", person)).content.decode()
    assert "none is recorded yet" in before
    determination = determine(person, date(2024, 3, 1), "severe", ["vision"])
    page = client.get(url("web:person_certificate_create", person)).content.decode()
    assert f'value="{determination.pk}" selected' in page
    data = {
        "determination": str(determination.pk),
        "number": "7/GXN",
        "issued_on_0": "2",
        "issued_on_1": "3",
        "issued_on_2": "2024",
        "reason": "first_issue",
    }
    assert client.post(url("web:person_certificate_create", person), data).status_code == 302
    again = client.post(url("web:person_certificate_create", person), data).content.decode()
    assert 'href="#id_reason_0"' in again or 'href="#id_number"' in again
    assert Certificate.objects.get().number == "7/GXN"


# Children turning 6 -------------------------------------------------------------------------------------


def test_the_children_turning_six_page(commune_user: User, other_commune_user: User) -> None:
    today = timezone.localdate()
    soon = add_months(today, 2)
    born = soon.replace(year=soon.year - 6)
    child = make_person(commune_user, full_name="Đặng Bảo An", birth_date=born, birth_year=None)
    make_person(
        commune_user, full_name="Trẻ Còn Nhỏ", birth_date=born.replace(year=born.year + 1), birth_year=None
    )
    make_person(
        other_commune_user, full_name="Ở Xã Khác", birth_date=born, birth_year=None, commune=unit(DONG_DANG)
    )
    determination = determine(child, born + timedelta(days=400), "severe", ["intellectual"])
    certificate_issue(
        actor=None,
        person=child,
        determination=determination,
        number="5/GXN",
        issued_on=born + timedelta(days=410),
        reason="first_issue",
    )
    client = english(commune_user)
    html = client.get(url("web:person_children_turning_six"), {"months": "3"}).content.decode()
    assert names_in(html) == ["Đặng Bảo An"]
    assert born.strftime("%d/%m/%Y") in html
    assert soon.strftime("%d/%m/%Y") in html
    assert "5/GXN" in html
    assert (
        names_in(client.get(url("web:person_children_turning_six"), {"months": "1"}).content.decode()) == []
    )
    assert (
        "govuk-error-summary"
        in client.get(url("web:person_children_turning_six"), {"months": "13"}).content.decode()
    )
    home = client.get("/").content.decode()
    assert "1 child in your area turns 6 in the next 3 months" in home
    assert f'href="{url("web:person_children_turning_six")}?months=3"' in home
    assert "1 active person in your area has no disability determination." in home
    assert 'href="/persons/?status=active&amp;severity=none"' in home


def test_the_navigation_offers_the_registry_to_those_who_may_see_it(
    commune_user: User, viewer_user: User
) -> None:
    assert 'href="/persons/"' in english(commune_user).get("/").content.decode()
    assert 'href="/persons/"' not in english(viewer_user).get("/").content.decode()
