"""The list of services provided: its columns, its filters and their mistakes, the reach of each role (an
agency reporter: their agency's domains and area), the audit of each page shown, the download with the same
filters, the pages, and a number of queries that does not grow with the rows."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.audit.models import AuditEvent
from hoanhap.people.models import Person
from hoanhap.provision.models import FundingSource, ServiceRecord, ServiceType
from hoanhap.provision.services import ServiceData, service_record_create
from tests.factories import BAC_SON, DONG_DANG, make_agency, make_person, signed_in, unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = date(TODAY.year - 1, 6, 1)
LIST = reverse("web:service_list")
DOWNLOAD = reverse("web:services_xlsx")


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def client_for(user: User) -> Client:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def health_station(code: str = BAC_SON) -> Agency:
    existing = Agency.objects.filter(unit__code=code, kind=AgencyKind.HEALTH_CENTRE).first()
    return existing or make_agency(f"Trạm Y tế {code}", code, AgencyKind.HEALTH_CENTRE)


def provide(person: Person, code: str = "rehabilitation", day: date = TODAY, **details: Any) -> ServiceRecord:
    """A service recorded by the system (an administrator's reach): the type's required details filled."""
    details.setdefault("provider", health_station(person.commune.code))
    details.setdefault("outcome", "Đi lại được")
    admin = User.objects.get(username="admin")
    return service_record_create(
        actor=admin,
        person=person,
        data=ServiceData(service_type=ServiceType.objects.get(code=code), delivered_on=day, **details),
    )


def listed_names(html: str) -> list[str]:
    body = re.search(r'<table[^>]*id="services".*?<tbody[^>]*>(.*?)</tbody>', html, re.S)
    assert body
    return re.findall(r'<a class="govuk-link" href="/persons/\d+/">([^<]+)</a>', body[1])


def workbook_names(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_list_shows_this_years_services_with_their_person_and_details(
    admin_user: User, commune_user: User
) -> None:
    person = make_person(None, full_name="Lò Thị Dịch Vụ")
    record = provide(
        person, cost=1_500_000, funding_source=FundingSource.COMMUNE, follow_up_on=TODAY + timedelta(days=30)
    )
    provide(make_person(None, full_name="Năm Ngoái"), day=LAST_YEAR)
    html = client_for(commune_user).get(LIST).content.decode()
    assert listed_names(html) == ["Lò Thị Dịch Vụ"]
    assert f'href="{reverse("web:person_detail", kwargs={"person_id": person.pk})}"' in html
    for text in (
        TODAY.strftime("%d/%m/%Y"),
        "Phục hồi chức năng",
        "Health and rehabilitation",
        f"Trạm Y tế {BAC_SON}",
        "1,500,000",
        "Commune budget",
        "Đi lại được",
        "1 service",
    ):
        assert text in html, text
    # The form shows the period the list holds: this calendar year.
    assert f'name="date_from_2" value="{TODAY.year}"' in html
    assert 'name="date_to_0" value="31"' in html
    services = AuditEvent.objects.get(action="provision.service.listed", actor_id=commune_user.pk)
    assert services.new_values is not None
    assert services.new_values["ids"] == [record.pk]
    persons = AuditEvent.objects.get(action="people.person.listed", actor_id=commune_user.pk)
    assert persons.new_values is not None
    assert persons.new_values["ids"] == [person.pk]
    assert persons.new_values["filters"]["date_from"] == date(TODAY.year, 1, 1).isoformat()


def test_the_filters_narrow_the_list_and_the_download_holds_the_same_rows(
    admin_user: User, province_user: User
) -> None:
    bac_son, dong_dang = (
        make_person(None, full_name="Người Bắc Sơn"),
        make_person(None, full_name="Người Đồng Đăng", commune=unit(DONG_DANG)),
    )
    provide(bac_son)
    provide(dong_dang)
    provide(make_person(None, full_name="Người Trợ Giúp"), code="legal-aid")
    provide(make_person(None, full_name="Người Năm Ngoái"), day=LAST_YEAR)
    client = client_for(province_user)
    assert len(listed_names(client.get(LIST).content.decode())) == 3
    assert listed_names(client.get(LIST, {"unit": DONG_DANG}).content.decode()) == ["Người Đồng Đăng"]
    assert listed_names(client.get(LIST, {"domain": "legal_aid"}).content.decode()) == ["Người Trợ Giúp"]
    period = {"date_from_0": "1", "date_from_1": "1", "date_from_2": str(LAST_YEAR.year)}
    filters = {"unit": BAC_SON, "service_type": "rehabilitation", **period}
    html = client.get(LIST, filters).content.decode()
    assert sorted(listed_names(html)) == ["Người Bắc Sơn", "Người Năm Ngoái"]  # open end: up to today
    link = re.search(r'id="download" href="([^"]+)"', html)
    assert link
    href = link[1].replace("&amp;", "&")
    assert href.startswith(f"{DOWNLOAD}?unit={BAC_SON}&service_type=rehabilitation&date_from_0=1")
    response = client.get(href)
    file_name = f"services-from-{LAST_YEAR.year}-01-01.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{file_name}"'
    assert sorted(workbook_names(response.content)) == ["Người Bắc Sơn", "Người Năm Ngoái"]
    exported = AuditEvent.objects.filter(action="people.persons.exported").latest("id")
    assert exported.new_values is not None
    assert exported.new_values["filters"]["unit"] == BAC_SON
    assert exported.new_values["filters"]["service_type"] == ServiceType.objects.get(code="rehabilitation").pk
    # The list as first opened, and its link: this calendar year.
    default = client.get(DOWNLOAD)
    assert default["Content-Disposition"] == f'attachment; filename="services-{TODAY.year}.xlsx"'
    assert len(workbook_names(default.content)) == 3


def test_wrong_filters_are_shown_on_their_fields_and_nothing_is_listed(
    admin_user: User, commune_user: User
) -> None:
    provide(make_person(None))
    client = client_for(commune_user)
    unknown = client.get(LIST, {"unit": "99999"}).content.decode()
    assert 'href="#id_unit"' in unknown
    assert "No current administrative unit has the code 99999." in unknown
    outside = client.get(LIST, {"unit": DONG_DANG}).content.decode()
    assert "This unit is outside your area." in outside
    inverted = {
        **{"date_from_0": "2", "date_from_1": "3", "date_from_2": str(TODAY.year)},
        **{"date_to_0": "1", "date_to_1": "3", "date_to_2": str(TODAY.year)},
    }
    html = client.get(LIST, inverted).content.decode()
    assert 'href="#id_date_to_0"' in html
    assert "The end of the period must be on or after its start." in html
    assert listed_names(html) == []
    assert 'id="download"' not in html
    assert not AuditEvent.objects.filter(action="provision.service.listed").exists()
    # The download with wrong filters leads back to the list, which says what is wrong.
    response = client.get(DOWNLOAD, {"unit": DONG_DANG})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?unit={DONG_DANG}"
    assert not AuditEvent.objects.filter(action="people.persons.exported").exists()


def test_an_agency_reporter_sees_only_their_domains_in_their_area(
    admin_user: User, agency_user: User
) -> None:
    provide(make_person(None, full_name="Phục Hồi Bắc Sơn"))
    provide(make_person(None, full_name="Trợ Giúp Bắc Sơn"), code="legal-aid")
    provide(make_person(None, full_name="Phục Hồi Đồng Đăng", commune=unit(DONG_DANG)))
    client = client_for(agency_user)
    html = client.get(LIST).content.decode()
    assert listed_names(html) == ["Phục Hồi Bắc Sơn"]
    domains = re.findall(r'<option value="([^"]*)"', html.split('name="domain"')[1].split("</select>")[0])
    assert domains == ["", "health"]
    assert 'value="legal-aid"' not in html
    assert listed_names(client.get(LIST, {"domain": "legal_aid"}).content.decode()) == []
    assert workbook_names(client.get(DOWNLOAD).content) == ["Phục Hồi Bắc Sơn"]


def test_services_of_another_area_are_not_listed(
    admin_user: User, other_commune_user: User, other_province_user: User, province_user: User
) -> None:
    provide(make_person(None, full_name="Người Bắc Sơn"))
    assert listed_names(client_for(other_commune_user).get(LIST).content.decode()) == []
    assert listed_names(client_for(other_province_user).get(LIST).content.decode()) == []
    assert listed_names(client_for(province_user).get(LIST).content.decode()) == ["Người Bắc Sơn"]
    outside = client_for(other_province_user).get(LIST, {"unit": BAC_SON}).content.decode()
    assert "This unit is outside your area." in outside


def test_a_viewer_is_refused_the_list_and_does_not_see_it_in_the_navigation(
    viewer_user: User, commune_user: User
) -> None:
    client = client_for(viewer_user)
    assert client.get(LIST).status_code == 403
    assert f'href="{LIST}"' not in client.get(reverse("web:home")).content.decode()
    home = client_for(commune_user).get(reverse("web:home")).content.decode()
    assert f'href="{LIST}"' in home
    assert ">Services provided<" in home


def test_the_list_is_paged_and_the_pages_keep_the_filters(admin_user: User, commune_user: User) -> None:
    person = make_person(None, full_name="Người Nhiều Lần")
    for _number in range(51):
        provide(person)
    client = client_for(commune_user)
    first = client.get(LIST, {"domain": "health"}).content.decode()
    assert len(listed_names(first)) == 50
    assert "51 services" in first
    assert 'href="?domain=health&amp;page=2"' in first
    assert len(listed_names(client.get(LIST, {"domain": "health", "page": "2"}).content.decode())) == 1


def test_the_number_of_queries_does_not_grow_with_the_rows(
    admin_user: User, province_user: User, django_assert_max_num_queries: Any
) -> None:
    provide(make_person(None, full_name="Người Một"))
    client = client_for(province_user)
    client.get(LIST)  # the session and the user are read once
    with django_assert_max_num_queries(14) as few:
        client.get(LIST)
    for number in range(12):
        commune = BAC_SON if number % 2 else DONG_DANG
        person = make_person(None, full_name=f"Người Số {number}", commune=unit(commune))
        provide(person, code="legal-aid" if number % 3 else "rehabilitation", cost=number * 1000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(LIST).content.decode()
    assert len(listed_names(html)) == 13
