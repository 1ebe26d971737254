"""The activities list's downloads: the year and search of the page, the viewer's reach, the audit trail."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.audit.exports import XLSX_CONTENT_TYPE
from hoanhap.audit.models import AuditEvent
from hoanhap.provision.models import ServiceType
from hoanhap.provision.services import service_record_create
from tests.factories import make_person, signed_in
from tests.provision.builders import health_talk
from tests.provision.test_services import rehab
from tests.web.test_persons_pages import english

pytestmark = pytest.mark.django_db


def first_column(content: bytes, column: int, sheet: int = 0) -> list[object]:
    rows = (
        openpyxl.load_workbook(io.BytesIO(content)).worksheets[sheet].iter_rows(min_row=2, values_only=True)
    )
    return [row[column] for row in rows]


def test_the_list_offers_downloads_of_what_it_shows(commune_user: User) -> None:
    health_talk(commune_user, title="Truyền thông tháng 4")
    health_talk(commune_user, title="Tập huấn tháng 5", held_on=date(2025, 5, 2))
    health_talk(commune_user, title="Truyền thông năm sau", held_on=date(2026, 4, 2))
    client = english(commune_user)
    page = client.get(reverse("web:activity_list"), {"year": "2025", "q": "truyền"}).content.decode()
    assert f'href="{reverse("web:activities_xlsx")}?year=2025&amp;q=' in page
    assert f'href="{reverse("web:services_xlsx")}?year=2025"' in page
    response = client.get(reverse("web:activities_xlsx"), {"year": "2025", "q": "truyền"})
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="activities-2025.xlsx"'
    assert response["Cache-Control"] == "no-store"
    assert first_column(response.content, 1) == ["Truyền thông tháng 4"]
    event = AuditEvent.objects.get(action="people.persons.exported")
    assert event.new_values is not None
    assert event.new_values["filters"] == {
        "start": "2025-01-01",
        "end": "2025-12-31",
        "unit": "",
        "query": "truyền",
    }


def test_an_agency_reporter_downloads_only_their_domains_services(
    commune_user: User, agency_user: User
) -> None:
    health_centre = agency_user.agency
    rehabilitation = ServiceType.objects.get(code="rehabilitation")
    legal_aid = ServiceType.objects.get(code="legal-aid")
    person = make_person(None)
    service_record_create(actor=commune_user, person=person, data=rehab(health_centre, rehabilitation))
    service_record_create(actor=commune_user, person=person, data=rehab(health_centre, legal_aid))
    own = signed_in(commune_user).get(reverse("web:services_xlsx"), {"year": "2025"})
    assert len(first_column(own.content, 5)) == 2
    theirs = signed_in(agency_user).get(reverse("web:services_xlsx"), {"year": "2025"})
    assert theirs["Content-Disposition"] == 'attachment; filename="services-2025.xlsx"'
    assert first_column(theirs.content, 5) == ["Phục hồi chức năng"]
    assert AuditEvent.objects.filter(
        action="people.persons.exported", actor_username=agency_user.username
    ).exists()


def test_an_invalid_year_downloads_this_years_activities(commune_user: User) -> None:
    today = timezone.localdate()
    health_talk(commune_user, title="Năm nay", held_on=today)
    health_talk(commune_user, title="Năm trước", held_on=today.replace(year=today.year - 1, day=1))
    response = signed_in(commune_user).get(reverse("web:activities_xlsx"), {"year": "abc"})
    assert response.status_code == 200
    assert first_column(response.content, 1) == ["Năm nay"]
