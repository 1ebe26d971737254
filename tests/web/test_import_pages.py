"""The import pages: uploading a commune's list, its preview (rows per class, the column mapping, decisions
on possible duplicates), the import itself as a job, the rows to correct and the template as downloads,
and who may see or change an import."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hoanhap.accounts.models import User
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_services import person_import_upload
from hoanhap.exchange.models import Decision, ImportRow, ImportStatus, PersonImport, RowClass
from hoanhap.jobs.models import Job, JobStatus
from hoanhap.people.models import Person
from tests.factories import BAC_SON, make_person, signed_in, unit

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Thôn", "Dạng tật", "Mức độ"]
THANG = [1, "Hoàng Văn Thắng", "12/03/1958", "Nam", "Tày", "020058000123", "Nà Lầu", "Vận động", "Nặng"]
PHUONG = [2, "Lương Thị Phượng", 1990, "Nữ", "Nùng", None, "Bản Chang", "Nhìn", "Nhẹ"]
SANG = [3, "Vi Văn Sáng", "31/02/1980", "Nam", "Tày", None, "Nà Lầu", "vận động", "rất nặng"]  # rejected
TAI = [4, "Triệu Văn Tài", 1960, "Nam", "Dao", None, "Khuổi Slay", "vận động", "nặng"]
ROWS = [THANG, PHUONG, SANG, TAI]
FIRST_DATA_ROW = 4  # under a title and an empty row and the header


def list_workbook(rows: list[list[Any]] = ROWS, header: list[str] = HEADER) -> bytes:
    """A commune's list as officers make it: a title, the column headings, one row per person."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "DS NKT"
    sheet.append(["DANH SÁCH NGƯỜI KHUYẾT TẬT XÃ BẮC SƠN"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def checked_import(actor: User, rows: list[list[Any]] = ROWS, header: list[str] = HEADER) -> PersonImport:
    """A list of Bắc Sơn uploaded and checked by ``actor``, as the upload page and its job leave it."""
    person_import = person_import_upload(
        actor=actor, commune=unit(BAC_SON), file_name="ds.xlsx", content=list_workbook(rows, header)
    )
    person_import_analyse(actor=actor, person_import=person_import)
    return person_import


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def tai(commune_user: User) -> Person:
    """Registered already, without a citizen ID: the list's row 7 may be him."""
    return make_person(commune_user, full_name="Triệu Văn Tài", sex="male", birth_year=1960, village="Pò Mã")


def english(user: User) -> Client:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def detail_url(person_import: PersonImport, name: str = "web:import_detail") -> str:
    return reverse(name, kwargs={"import_id": person_import.pk})


# --- Upload and preview ------------------------------------------------------------------------------------


def test_an_uploaded_list_is_checked_and_the_preview_shows_counts_and_rows(
    commune_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = english(commune_user)
    file = io.BytesIO(list_workbook())
    file.name = "ds.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:import_list"), {"file": file})  # one commune: not asked

    person_import = PersonImport.objects.get()
    job = Job.objects.get(pk=person_import.job_id)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:job_detail", kwargs={"job_id": job.pk})
    assert (job.status, person_import.commune.code) == (JobStatus.SUCCEEDED, BAC_SON)
    assert detail_url(person_import) in client.get(response["Location"]).content.decode()
    assert not Person.objects.exists()  # a check only

    html = client.get(detail_url(person_import)).content.decode()
    counts = dict(re.findall(r'<dt class="govuk-summary-list__key">([^<]+)</dt>\s*<dd[^>]*>(\d+)</dd>', html))
    assert counts["New person"] == "3"
    assert counts["Rejected"] == "1"
    # The rejected row is shown first, with its reasons in the page's language.
    assert "Vi Văn Sáng" in html
    assert "“31/02/1980” is not a date of birth" in html
    assert "Hoàng Văn Thắng" not in html
    rows = client.get(detail_url(person_import), {"class": RowClass.CREATE}).content.decode()
    assert "Hoàng Văn Thắng" in rows
    assert "born 12/03/1958; Male; Tày; citizen ID 020058000123; Nà Lầu; Mobility; Severe" in rows
    vietnamese = signed_in(commune_user).get(detail_url(person_import)).content.decode()
    assert "“31/02/1980” không phải là ngày sinh" in vietnamese


def test_a_file_that_is_no_list_shows_the_error_on_the_form(commune_user: User) -> None:
    file = io.BytesIO(b"not a spreadsheet at all")
    file.name = "ds.xlsx"
    response = english(commune_user).post(reverse("web:import_list"), {"file": file, "commune": BAC_SON})
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_file">' in html
    assert 'class="govuk-file-upload govuk-file-upload--error"' in html
    assert "the file is not kept when the form shows a problem" in html
    assert not PersonImport.objects.exists()


def test_a_province_officer_chooses_the_commune_among_those_of_the_province(province_user: User) -> None:
    html = english(province_user).get(reverse("web:import_list")).content.decode()
    assert f'<option value="{BAC_SON}">' in html
    assert '<option value="23293">' not in html  # a ward of Quảng Ngãi
    file = io.BytesIO(list_workbook())
    file.name = "ds.xlsx"
    outside = english(province_user).post(reverse("web:import_list"), {"file": file, "commune": "23293"})
    assert "Choose a commune of your area." in outside.content.decode()
    assert not PersonImport.objects.exists()


def test_the_imports_of_the_area_are_listed_and_the_template_downloads(
    commune_user: User, other_commune_user: User
) -> None:
    mine = checked_import(commune_user)
    client = english(commune_user)
    html = client.get(reverse("web:import_list")).content.decode()
    assert detail_url(mine) in html
    assert "New person: 3" in html
    assert (
        detail_url(mine) not in english(other_commune_user).get(reverse("web:import_list")).content.decode()
    )

    template = client.get(reverse("web:import_template"))
    assert template["Content-Disposition"].startswith("attachment;")
    assert "Danh sách" in load_workbook(io.BytesIO(template.content)).sheetnames


# --- Mapping and decisions ---------------------------------------------------------------------------------


def test_a_changed_mapping_is_saved_and_the_list_checked_again(
    commune_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    header = [*HEADER[:6], "Cột không rõ", *HEADER[7:]]  # the village under a heading nobody recognises
    person_import = checked_import(commune_user, rows=[THANG], header=header)
    client = english(commune_user)
    html = client.get(detail_url(person_import)).content.decode()
    assert re.search(r'<label class="govuk-label" for="id_column_6">G – Cột không rõ</label>', html)
    assert re.search(r'<option value="" selected>Do not import</option>', html)
    assert ImportRow.objects.get(row_number=FIRST_DATA_ROW).values["village"] == ""

    mapping = {
        f"column_{index}": column["field"] for index, column in enumerate(column_layout(person_import))
    }
    mapping["column_6"] = "village"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(person_import, "web:import_map"), {"sheet": "DS NKT", **mapping})

    assert response.status_code == 302
    assert ImportRow.objects.get(row_number=FIRST_DATA_ROW).values["village"] == "Nà Lầu"
    person_import.refresh_from_db()
    assert column_layout(person_import)[6]["field"] == "village"


def column_layout(person_import: PersonImport) -> list[dict[str, Any]]:
    columns: list[dict[str, Any]] = person_import.layout["DS NKT"]["columns"]
    return columns


def current_mapping(person_import: PersonImport) -> dict[str, str]:
    """The mapping form's fields as the page fills them in."""
    return {f"column_{column['index']}": column["field"] for column in column_layout(person_import)}


def test_a_field_mapped_twice_comes_back_with_the_error_on_its_select(commune_user: User) -> None:
    person_import = checked_import(commune_user)
    mapping = {
        f"column_{index}": column["field"] for index, column in enumerate(column_layout(person_import))
    }
    mapping["column_6"] = "full_name"  # as column B
    response = english(commune_user).post(
        detail_url(person_import, "web:import_map"), {"sheet": "DS NKT", **mapping}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert '<a href="#id_column_6">Columns B and G are both mapped to “Full name”: keep one.</a>' in html
    assert 'id="id_column_6-error-1"' in html
    person_import.refresh_from_db()
    assert column_layout(person_import)[6]["field"] == "village"  # unchanged


@pytest.mark.usefixtures("tai")
def test_a_possible_duplicate_links_the_registered_person_and_takes_a_decision(commune_user: User) -> None:
    person_import = checked_import(commune_user)
    row = ImportRow.objects.get(person_import=person_import, row_class=RowClass.POSSIBLE_DUPLICATE)
    client = english(commune_user)

    html = client.get(detail_url(person_import)).content.decode()  # what needs a decision comes first
    assert reverse("web:person_detail", kwargs={"person_id": row.match_id}) in html
    assert f'name="decision_{row.pk}" value="update"' in html
    assert re.search(rf"<legend[^>]*>What to do with row {row.row_number}", html)

    response = client.post(
        detail_url(person_import, "web:import_decide"),
        {f"decision_{row.pk}": Decision.UPDATE, "class": RowClass.POSSIBLE_DUPLICATE, "page": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(person_import) + "?class=possible_duplicate&page=1"
    row.refresh_from_db()
    assert row.decision == Decision.UPDATE
    refused = client.post(detail_url(person_import, "web:import_decide"), {f"decision_{row.pk}": "merge"})
    assert refused.status_code == 200
    assert f'<a href="#id_decision_{row.pk}_0">' in refused.content.decode()


# --- Import, cancel, and the rows to correct ---------------------------------------------------------------


@pytest.mark.usefixtures("tai")
def test_the_import_runs_as_a_job_and_the_page_then_shows_what_was_written(
    commune_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    person_import = checked_import(commune_user)
    client = english(commune_user)
    assert "Import (2 rows)" in client.get(detail_url(person_import)).content.decode()  # Tài undecided

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(person_import, "web:import_commit"))

    person_import.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:job_detail", kwargs={"job_id": person_import.job_id})
    assert person_import.status == ImportStatus.COMMITTED
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Triệu Văn Tài",
        "Hoàng Văn Thắng",
        "Lương Thị Phượng",
    }
    html = client.get(detail_url(person_import)).content.decode()
    written = html[html.index('id="written"') :]
    assert re.search(r"Persons registered</dt><dd[^>]*>2</dd>", written)
    assert f"{reverse('web:person_list')}?commune={BAC_SON}" in html
    assert detail_url(person_import, "web:import_commit") not in html
    assert "Cancel the import" not in html
    again = client.post(detail_url(person_import, "web:import_commit"))
    assert again.status_code == 302
    assert Person.objects.count() == 3


def test_an_interrupted_import_is_offered_to_resume(
    commune_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    person_import = checked_import(commune_user)
    # The worker was stopped during the import: its job still reads "running".
    job = Job.objects.create(owner=commune_user, kind="x", label="x", status=JobStatus.RUNNING)
    PersonImport.objects.filter(pk=person_import.pk).update(status=ImportStatus.COMMITTING, job=job)
    client = english(commune_user)
    assert "Resume the import" in client.get(detail_url(person_import)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(person_import, "web:import_commit"))
    person_import.refresh_from_db()
    assert person_import.status == ImportStatus.COMMITTED
    assert Person.objects.count() == 3


def test_a_list_that_would_write_nothing_offers_no_import(commune_user: User) -> None:
    person_import = checked_import(commune_user, rows=[SANG])
    client = english(commune_user)
    html = client.get(detail_url(person_import)).content.decode()
    assert detail_url(person_import, "web:import_commit") not in html
    assert "there is nothing to import" in html
    client.post(detail_url(person_import, "web:import_commit"))
    assert not Job.objects.exists()


def test_a_cancelled_import_writes_nothing_and_cannot_be_imported(commune_user: User) -> None:
    person_import = checked_import(commune_user)
    client = english(commune_user)
    response = client.post(detail_url(person_import, "web:import_cancel"))
    assert response["Location"] == reverse("web:import_list")
    person_import.refresh_from_db()
    assert person_import.status == ImportStatus.CANCELLED
    client.post(detail_url(person_import, "web:import_commit"))
    assert not Person.objects.exists()
    assert not Job.objects.exists()


def test_the_rows_to_correct_download_as_a_workbook(commune_user: User) -> None:
    person_import = checked_import(commune_user)
    page = english(commune_user).get(detail_url(person_import)).content.decode()
    url = detail_url(person_import, "web:import_errors")
    assert url in page

    response = english(commune_user).get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert "Vi Văn Sáng" in names
    assert "Hoàng Văn Thắng" not in names


# --- Who may see and change an import ----------------------------------------------------------------------

POSTS = ["web:import_map", "web:import_decide", "web:import_commit", "web:import_cancel"]


def test_a_viewer_can_neither_see_nor_change_an_import(commune_user: User, viewer_user: User) -> None:
    person_import = checked_import(commune_user)
    client = signed_in(viewer_user)
    assert client.get(detail_url(person_import)).status_code == 403
    assert client.post(reverse("web:import_list")).status_code == 403
    for name in POSTS:
        assert client.post(detail_url(person_import, name), {"sheet": "DS NKT"}).status_code == 403, name
    person_import.refresh_from_db()
    assert person_import.status == ImportStatus.PREVIEW


def test_an_agency_reporter_sees_an_import_of_the_area_but_cannot_change_it(
    commune_user: User, agency_user: User
) -> None:
    person_import = checked_import(commune_user)
    client = english(agency_user)
    html = client.get(detail_url(person_import)).content.decode()
    assert "Hoàng Văn Thắng" in client.get(detail_url(person_import), {"class": "create"}).content.decode()
    assert "Cancel the import" not in html
    assert "Save the mapping" not in html
    assert "<select" not in html
    for name in POSTS:
        assert client.post(detail_url(person_import, name)).status_code == 403, name


def test_another_communes_officer_finds_no_such_import(commune_user: User, other_commune_user: User) -> None:
    person_import = checked_import(commune_user)
    client = signed_in(other_commune_user)
    assert client.get(detail_url(person_import)).status_code == 404
    assert client.get(detail_url(person_import, "web:import_errors")).status_code == 404
    for name in POSTS:
        assert client.post(detail_url(person_import, name), {"sheet": "DS NKT"}).status_code == 404, name
    person_import.refresh_from_db()
    assert person_import.status == ImportStatus.PREVIEW


def test_the_communes_page_lists_its_imports_for_those_who_may_see_them(
    commune_user: User, other_commune_user: User, viewer_user: User
) -> None:
    person_import = checked_import(commune_user)
    page = reverse("web:unit_detail", kwargs={"edition": "current", "code": BAC_SON})
    assert detail_url(person_import) in english(commune_user).get(page).content.decode()
    for outsider in (other_commune_user, viewer_user):
        html = english(outsider).get(page).content.decode()
        assert detail_url(person_import) not in html
        assert "Lists imported" not in html


def test_the_import_link_is_in_the_menu_of_those_who_may_import(
    commune_user: User, agency_user: User
) -> None:
    link = f'href="{reverse("web:import_list")}"'
    assert link in english(commune_user).get("/").content.decode()
    assert link not in english(agency_user).get("/").content.decode()
