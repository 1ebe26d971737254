"""The person-list exporter: content of both formats, scope, filters, formula neutralisation, the trail."""

import csv
import io
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from hoanhap.accounts.models import User
from hoanhap.assessments.services import DeterminationData, determination_record
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange import exports
from hoanhap.exchange.exports import PersonExportFilters, person_export_file, person_export_write
from hoanhap.people.selectors import PersonFilters
from tests.factories import DONG_DANG, make_cccd, make_person, unit

pytestmark = pytest.mark.django_db


def xlsx_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(BytesIO(content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def two_communes(commune_user: User, other_commune_user: User) -> None:
    cccd = make_cccd(sex="female", birth_year=1975)
    anh = make_person(commune_user, full_name="Đặng Thị Ánh", cccd=cccd, village="Thôn Nà Lay")
    determination_record(
        actor=commune_user,
        person=anh,
        data=DeterminationData(
            decided_on=date(2024, 3, 1), body="commune_council", severity="severe", types=["vision", "other"]
        ),
    )
    make_person(commune_user, full_name="Lê Văn An", sex="male", birth_year=1990)
    make_person(other_commune_user, full_name="Hà Thị Bình", commune=unit(DONG_DANG))


@pytest.mark.usefixtures("two_communes")
def test_the_xlsx_holds_the_viewers_persons_in_vietnamese_order(commune_user: User) -> None:
    with translation.override("en"):
        export = person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="xlsx")
    assert export.content_type.startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(export.content)
    header = rows[0]
    assert header[:2] == ("Record number", "Full name")
    assert [row[1] for row in rows[1:]] == ["Lê Văn An", "Đặng Thị Ánh"]  # An before Ánh; Bình elsewhere
    anh = dict(zip(header, rows[2], strict=True))
    values = list(anh.values())
    assert make_cccd(sex="female", birth_year=1975) in values  # as text: the leading zero is kept
    assert "Xã Bắc Sơn" in values
    assert "Thôn Nà Lay" in values
    assert export.rows == 2


@pytest.mark.usefixtures("two_communes")
def test_the_csv_is_utf8_with_a_bom_and_parses_back(commune_user: User, province_user: User) -> None:
    export = person_export_file(viewer=province_user, filters=PersonExportFilters(), fmt="csv")
    rows = csv_rows(export.content)
    assert len(rows[0]) == len(exports.person_export_headers())
    assert [row[1] for row in rows[1:]] == ["Lê Văn An", "Đặng Thị Ánh", "Hà Thị Bình"]
    anh = rows[2]
    assert anh[7] == make_cccd(sex="female", birth_year=1975)
    assert anh[3] == "1975"
    assert anh[8:10] == ["06325", "Xã Bắc Sơn"]


@pytest.mark.usefixtures("two_communes")
def test_each_commune_exports_only_its_own_persons(commune_user: User, other_commune_user: User) -> None:
    mine = csv_rows(person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="csv").content)
    theirs = xlsx_rows(
        person_export_file(viewer=other_commune_user, filters=PersonExportFilters(), fmt="xlsx").content
    )
    assert "Hà Thị Bình" not in {row[1] for row in mine}
    assert [row[1] for row in theirs[1:]] == ["Hà Thị Bình"]
    # Naming the other commune in the filters does not reach it either.
    across = PersonExportFilters(persons=PersonFilters(commune=DONG_DANG))
    assert person_export_file(viewer=commune_user, filters=across, fmt="csv").rows == 0


@pytest.mark.usefixtures("two_communes")
def test_the_list_pages_filters_apply(commune_user: User) -> None:
    def exported(filters: PersonExportFilters) -> list[str]:
        rows = csv_rows(person_export_file(viewer=commune_user, filters=filters, fmt="csv").content)
        return [row[1] for row in rows[1:]]

    assert exported(PersonExportFilters(persons=PersonFilters(sex="male"))) == ["Lê Văn An"]
    assert exported(PersonExportFilters(persons=PersonFilters(village="nà lay"))) == ["Đặng Thị Ánh"]
    assert exported(PersonExportFilters(types=("vision",))) == ["Đặng Thị Ánh"]
    assert exported(PersonExportFilters(severity="mild")) == []
    with translation.override("en"):
        severe = person_export_file(
            viewer=commune_user, filters=PersonExportFilters(severity="severe"), fmt="csv"
        )
    assert csv_rows(severe.content)[1][11:] == ["Active", "Severe", "Vision; Other"]


def test_formulas_are_neutralised_in_both_formats(commune_user: User) -> None:
    make_person(commune_user, full_name='=HYPERLINK("http://x")', village="+1+1", phone="-1")
    xlsx = xlsx_rows(
        person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="xlsx").content
    )
    assert xlsx[1][1] == '\'=HYPERLINK("http://x")'
    assert xlsx[1][10] == "'+1+1"
    sheet = load_workbook(
        BytesIO(person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="xlsx").content)
    ).active
    assert sheet is not None
    assert all(cell.data_type != "f" for cell in sheet[2])
    rows = csv_rows(person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="csv").content)
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][10] == "'+1+1"


@pytest.mark.usefixtures("two_communes")
def test_every_export_is_recorded_with_filters_and_row_count(commune_user: User, admin_user: User) -> None:
    filters = PersonExportFilters(persons=PersonFilters(sex="female"), types=("vision",))
    person_export_file(viewer=commune_user, filters=filters, fmt="csv")
    event = AuditEvent.objects.get(action="people.persons.exported")
    assert event.actor_id == commune_user.pk
    assert event.unit_path == "/c/20/06325/"  # the officer's one commune
    assert event.new_values == {"filters": {"sex": "female", "types": ["vision"]}, "format": "csv", "rows": 1}
    person_export_file(viewer=admin_user, filters=PersonExportFilters(), fmt="xlsx")
    everything = AuditEvent.objects.filter(action="people.persons.exported").latest("occurred_at")
    assert (everything.unit_path, everything.new_values["rows"]) == ("", 3)


def test_viewers_cannot_export(viewer_user: User) -> None:
    with pytest.raises(PermissionDenied):
        person_export_file(viewer=viewer_user, filters=PersonExportFilters(), fmt="csv")
    assert not AuditEvent.objects.filter(action="people.persons.exported").exists()


def test_an_unknown_format_is_refused(commune_user: User) -> None:
    with pytest.raises(ApplicationError) as error:
        person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="pdf")
    assert error.value.field == "format"


def test_a_workbook_too_long_is_refused_rather_than_cut(
    commune_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_person(commune_user)
    make_person(commune_user, full_name="Lê Văn An", sex="male")
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    with pytest.raises(ApplicationError) as error:
        person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="xlsx")
    assert (error.value.code, error.value.field) == ("too_many_rows", "format")
    assert person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="csv").rows == 2


def test_progress_is_reported_chunk_by_chunk(commune_user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["Lê Văn An", "Lê Văn Bình", "Lê Văn Cường"]:
        make_person(commune_user, full_name=name, sex="male")
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    calls: list[tuple[int, int]] = []
    rows = person_export_write(
        viewer=commune_user,
        filters=PersonExportFilters(),
        fmt="csv",
        destination=BytesIO(),
        progress=lambda done, total, message: calls.append((done, total)),
    )
    assert rows == 3
    assert calls == [(2, 3), (3, 3)]


def test_filters_survive_the_trip_through_a_jobs_arguments() -> None:
    filters = PersonExportFilters(
        persons=PersonFilters(query="anh", commune="06325", birth_year=1975),
        types=("vision",),
        severity="mild",
    )
    assert PersonExportFilters.from_dict(filters.as_dict()) == filters
