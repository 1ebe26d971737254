"""The pages of service and attendance lists: the uploads, the preview in the words of what the list
records, the commit, the templates, and who may open or work on them."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hoanhap.accounts.models import User
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_services import ServiceListDefaults, service_list_upload
from hoanhap.exchange.models import ImportStatus, ImportTarget, PersonImport
from hoanhap.people.models import Person
from hoanhap.provision.models import Activity, ServiceRecord, ServiceType
from tests.exchange.test_import_records import ATTENDANCE_HEADER, SERVICE_HEADER, workbook
from tests.factories import BAC_SON, DONG_DANG, make_agency, make_person, signed_in, unit
from tests.provision.builders import health_talk
from tests.web.test_import_pages import checked_import

pytestmark = pytest.mark.django_db

AN = [1, "Hoàng Văn An", 1980, None, "06/05/2025", None, "Bình thường", None]
ZE = [2, "Nông Văn Zê", 1970, None, "06/05/2025", None, "Bình thường", None]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def an(commune_user: User) -> Person:
    return make_person(commune_user, full_name="Hoàng Văn An", sex="male", birth_year=1980)


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks: Any) -> Any:
    """Post a form, running the jobs it starts (tasks run after the request's transaction commits)."""

    def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return post


def english(user: User) -> Client:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload_file(content: bytes, name: str = "ds.xlsx") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def health_check() -> ServiceType:
    return ServiceType.objects.get(code="health-check")


def service_form(content: bytes, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "file": upload_file(content),
        "commune": BAC_SON,
        "service_type": str(health_check().pk),
        "delivered_on_0": "",
        "delivered_on_1": "",
        "delivered_on_2": "",
        "funding_source": "",
        "cost": "",
        "provider": "",
    }
    data.update(overrides)
    return data


def test_a_service_list_is_uploaded_checked_previewed_and_imported(
    commune_user: User, an: Person, run_jobs: Any
) -> None:
    client = english(commune_user)
    page = client.get(reverse("web:import_services"))
    assert page.status_code == 200
    assert "Import a service list" in page.content.decode()

    station = make_agency()
    response = run_jobs(
        client,
        reverse("web:import_services"),
        service_form(workbook(SERVICE_HEADER, [AN, ZE]), provider=str(station.pk)),
    )
    person_import = PersonImport.objects.get()
    assert response.status_code == 302
    assert person_import.target == ImportTarget.SERVICES

    preview = client.get(
        reverse("web:import_detail", kwargs={"import_id": person_import.pk})
    ).content.decode()
    assert "Import of a service list" in preview
    assert "New: to be recorded" in preview
    assert "Nông Văn Zê" in preview  # rejected rows come first
    assert "Provider: Trạm Y tế xã Bắc Sơn" in preview
    assert not ServiceRecord.objects.exists()

    run_jobs(client, reverse("web:import_commit", kwargs={"import_id": person_import.pk}))
    person_import.refresh_from_db()
    assert person_import.status == ImportStatus.COMMITTED
    [record] = ServiceRecord.objects.all()
    assert (record.person, record.delivered_on, record.provider) == (an, date(2025, 5, 6), station)
    done = client.get(reverse("web:import_detail", kwargs={"import_id": person_import.pk})).content.decode()
    assert "Services recorded" in done


def test_a_service_list_upload_with_mistakes_shows_them_and_keeps_nothing(commune_user: User) -> None:
    client = english(commune_user)
    response = client.post(
        reverse("web:import_services"),
        service_form(
            workbook(SERVICE_HEADER, [AN]),
            service_type="",
            delivered_on_0="1",
            delivered_on_1="1",
            delivered_on_2="2999",
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Choose the service." in body
    assert not PersonImport.objects.exists()

    future = client.post(
        reverse("web:import_services"),
        service_form(
            workbook(SERVICE_HEADER, [AN]), delivered_on_0="1", delivered_on_1="1", delivered_on_2="2999"
        ),
    )
    assert "cannot be in the future" in future.content.decode()
    assert not PersonImport.objects.exists()


def test_an_agency_reporter_imports_a_service_list_but_not_a_list_of_persons(
    agency_user: User, commune_user: User, an: Person, run_jobs: Any
) -> None:
    client = english(agency_user)
    page = client.get(reverse("web:import_services")).content.decode()
    assert "Khám sức khỏe" in page
    assert "Vay vốn ưu đãi" not in page  # a health station does not grant loans

    person_import = service_list_upload(
        actor=agency_user,
        commune=unit(BAC_SON),
        service_type=health_check(),
        defaults=ServiceListDefaults(delivered_on=date(2025, 5, 6), provider=agency_user.agency),
        file_name="kham.xlsx",
        content=workbook(SERVICE_HEADER, [AN]),
    )
    person_import_analyse(actor=agency_user, person_import=person_import)
    commit = run_jobs(client, reverse("web:import_commit", kwargs={"import_id": person_import.pk}))
    assert commit.status_code == 302
    assert ServiceRecord.objects.count() == 1

    persons = checked_import(commune_user)
    for name in ("web:import_commit", "web:import_cancel", "web:import_map"):
        assert client.post(reverse(name, kwargs={"import_id": persons.pk})).status_code == 403


def test_an_attendance_list_is_imported_from_the_activity(
    commune_user: User, an: Person, run_jobs: Any
) -> None:
    client = english(commune_user)
    activity = health_talk(commune_user)
    detail = client.get(reverse("web:activity_detail", kwargs={"activity_id": activity.pk})).content.decode()
    url = reverse("web:activity_participants_import", kwargs={"activity_id": activity.pk})
    assert url in detail

    empty = client.post(url, {"participant_kind": ""})
    assert "Choose the file of the list." in empty.content.decode()

    content = workbook(ATTENDANCE_HEADER, [[1, "Hoàng Văn An", 1980, "Nam", "NKT", None, None]])
    run_jobs(client, url, {"file": upload_file(content), "participant_kind": ""})
    person_import = PersonImport.objects.get()
    preview = client.get(
        reverse("web:import_detail", kwargs={"import_id": person_import.pk})
    ).content.decode()
    assert "Import of an attendance list" in preview
    assert activity.title in preview
    run_jobs(client, reverse("web:import_commit", kwargs={"import_id": person_import.pk}))
    assert list(activity.participants.values_list("person_id", flat=True)) == [an.pk]
    listed = client.get(url).content.decode()
    assert "ds.xlsx" in listed


def test_the_attendance_page_of_an_activity_out_of_reach_is_not_found(
    commune_user: User, other_commune_user: User
) -> None:
    activity = health_talk(other_commune_user, unit=unit(DONG_DANG))
    url = reverse("web:activity_participants_import", kwargs={"activity_id": activity.pk})
    assert signed_in(commune_user).get(url).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


@pytest.mark.parametrize("target", ["services", "participants"])
def test_the_templates_download_as_workbooks(commune_user: User, target: str) -> None:
    response = signed_in(commune_user).get(reverse("web:import_record_template", kwargs={"target": target}))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Danh sách", "Hướng dẫn"]


def test_an_unknown_template_is_not_found(commune_user: User) -> None:
    url = reverse("web:import_record_template", kwargs={"target": "persons"})
    assert signed_in(commune_user).get(url).status_code == 404


def test_a_viewer_cannot_open_the_uploads(viewer_user: User, commune_user: User) -> None:
    activity = health_talk(commune_user)
    client = signed_in(viewer_user)
    assert client.get(reverse("web:import_services")).status_code == 403
    url = reverse("web:activity_participants_import", kwargs={"activity_id": activity.pk})
    assert client.get(url).status_code == 403
