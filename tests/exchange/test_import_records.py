"""Service lists and attendance lists through the import pipeline: every row found in the registry or
rejected with its reason, the preview before anything is written, the rows to correct as a workbook, the
commit through the recording services, and the same list imported again recording nothing twice."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.utils import translation
from openpyxl import Workbook

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_commit import person_import_commit
from hoanhap.exchange.import_selectors import import_errors_download
from hoanhap.exchange.import_services import (
    ServiceListDefaults,
    attendance_list_upload,
    may_manage_import,
    service_list_upload,
)
from hoanhap.exchange.import_templates import TEMPLATE_COLUMNS, record_list_template
from hoanhap.exchange.models import ImportRow, ImportTarget, PersonImport, RowClass
from hoanhap.exchange.reading import fields as f
from hoanhap.people.models import Person
from hoanhap.provision.activity_selectors import activity_counts
from hoanhap.provision.models import FundingSource, ParticipantKind, ServiceRecord, ServiceType
from hoanhap.provision.services import service_record_create
from tests.factories import BAC_SON, DONG_DANG, make_agency, make_person, unit
from tests.provision.builders import health_talk
from tests.provision.test_services import rehab

pytestmark = pytest.mark.django_db

DAY = date(2025, 5, 6)
SERVICE_HEADER = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Số CCCD",
    "Ngày thực hiện",
    "Kinh phí",
    "Kết quả",
    "Ghi chú",
]
ATTENDANCE_HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Thành phần", "Là người nhà của", "Chức vụ"]


def workbook(header: list[str], rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@pytest.fixture
def registry(commune_user: User, other_commune_user: User) -> dict[str, Person]:
    return {
        "an": make_person(commune_user, full_name="Hoàng Văn An", sex="male", birth_year=1980),
        "binh": make_person(
            commune_user, full_name="Lương Thị Bình", sex="female", birth_year=1975, cccd="020175000123"
        ),
        "cuong1": make_person(commune_user, full_name="Lò Văn Cường", sex="male", birth_year=1990),
        "cuong2": make_person(commune_user, full_name="Lò Văn Cường", sex="male", birth_year=1990),
        "dung": make_person(
            other_commune_user,
            full_name="Hà Thị Dung",
            sex="female",
            birth_year=1985,
            commune=unit(DONG_DANG),
        ),
    }


@pytest.fixture
def health_station() -> Agency:
    return make_agency()


def health_check() -> ServiceType:
    return ServiceType.objects.get(code="health-check")  # needs the provider and the outcome


SERVICE_ROWS = [
    [1, "Hoàng Văn An", 1980, None, None, "150.000 đ", "Bình thường", None],  # 4: new
    [2, "Lương Thị Bình", None, "020175000123", "05/05/2025", None, "Cần theo dõi", None],  # 5: by CCCD
    [3, "Lò Văn Cường", 1990, None, None, None, "Bình thường", None],  # 6: two namesakes
    [4, "Nông Văn Zê", 1970, None, None, None, "Bình thường", None],  # 7: not registered
    [5, "Hà Thị Dung", 1985, None, None, None, "Bình thường", None],  # 8: another commune's
    [6, "HOÀNG VĂN AN", 1980, None, None, None, "Bình thường", None],  # 9: the same as row 4
    [7, "Hoàng Văn An", 1980, None, "31/02/2025", None, "Bình thường", None],  # 10: no such date
    [8, "Hoàng Văn An", 1980, None, "07/05/2025", None, None, None],  # 11: outcome required
    [9, "Lương Thị Bình", None, None, None, None, "Bình thường", None],  # 12: neither year nor ID
]


def service_import(actor: User, provider: Agency | None, content: bytes, **defaults: Any) -> PersonImport:
    values: dict[str, Any] = {
        "delivered_on": DAY,
        "provider": provider,
        "funding_source": FundingSource.STATE_BUDGET,
    }
    values.update(defaults)
    person_import = service_list_upload(
        actor=actor,
        commune=unit(BAC_SON),
        service_type=health_check(),
        defaults=ServiceListDefaults(**values),
        file_name="kham-sang-loc.xlsx",
        content=content,
    )
    person_import_analyse(actor=actor, person_import=person_import)
    person_import.refresh_from_db()
    return person_import


def classes(person_import: PersonImport) -> dict[int, str]:
    return {
        row.row_number: row.row_class
        for row in ImportRow.objects.filter(person_import=person_import).exclude(row_class=RowClass.NOT_DATA)
    }


def reasons(person_import: PersonImport, row_number: int) -> str:
    row = ImportRow.objects.get(person_import=person_import, row_number=row_number)
    return " ".join(reason["en"] for reason in row.reasons)


def test_a_service_list_names_registered_persons_and_rejects_the_others_with_the_reason(
    commune_user: User, registry: dict[str, Person], health_station: Agency
) -> None:
    person_import = service_import(commune_user, health_station, workbook(SERVICE_HEADER, SERVICE_ROWS))

    assert classes(person_import) == {
        4: RowClass.CREATE,
        5: RowClass.CREATE,
        6: RowClass.REJECTED,
        7: RowClass.REJECTED,
        8: RowClass.REJECTED,
        9: RowClass.DUPLICATE_IN_FILE,
        10: RowClass.REJECTED,
        11: RowClass.REJECTED,
        12: RowClass.REJECTED,
    }
    assert "2 registered persons are Lò Văn Cường born 1990" in reasons(person_import, 6)
    assert "No registered person of this area is Nông Văn Zê born 1970" in reasons(person_import, 7)
    assert "No registered person of this area is Hà Thị Dung" in reasons(person_import, 8)
    assert "row 4" in reasons(person_import, 9)
    assert "31/02/2025" in reasons(person_import, 10)
    assert "Enter the outcome." in reasons(person_import, 11)
    assert "year of birth or the citizen ID" in reasons(person_import, 12)
    with translation.override("vi"):
        row = ImportRow.objects.get(person_import=person_import, row_number=11)
        assert row.reasons[0]["vi"] != row.reasons[0]["en"]
    first = ImportRow.objects.get(person_import=person_import, row_number=4)
    assert first.match_id == registry["an"].pk
    assert first.values["cost"] == 150_000
    assert first.values["delivered_on"] == DAY.isoformat()  # the list's date, the cell being empty
    assert first.values["funding_source"] == FundingSource.STATE_BUDGET
    assert not ServiceRecord.objects.exists()  # the analysis writes nothing


def test_the_commit_records_each_service_once_and_a_second_import_records_nothing(
    commune_user: User, registry: dict[str, Person], health_station: Agency
) -> None:
    content = workbook(SERVICE_HEADER, SERVICE_ROWS)
    person_import = service_import(commune_user, health_station, content)

    assert person_import_commit(actor=commune_user, person_import=person_import) == {"created": 2}

    records = {record.person_id: record for record in ServiceRecord.objects.all()}
    assert set(records) == {registry["an"].pk, registry["binh"].pk}
    an = records[registry["an"].pk]
    assert (an.delivered_on, an.provider, an.cost, an.outcome) == (
        DAY,
        health_station,
        150_000,
        "Bình thường",
    )
    assert records[registry["binh"].pk].delivered_on == date(2025, 5, 5)  # the row's own date
    assert AuditEvent.objects.filter(action="provision.service.recorded").count() == 2

    again = service_import(commune_user, health_station, content)
    assert again.counts.get(RowClass.CREATE, 0) == 0
    assert again.counts[RowClass.UNCHANGED] == 2
    person_import_commit(actor=commune_user, person_import=again)
    assert ServiceRecord.objects.count() == 2


def test_a_service_recorded_by_hand_meanwhile_is_not_recorded_twice(
    commune_user: User, registry: dict[str, Person], health_station: Agency
) -> None:
    person_import = service_import(commune_user, health_station, workbook(SERVICE_HEADER, SERVICE_ROWS[:1]))
    service_record_create(
        actor=commune_user,
        person=registry["an"],
        data=rehab(health_station, health_check(), delivered_on=DAY, outcome="Khám tại nhà"),
    )

    assert person_import_commit(actor=commune_user, person_import=person_import) == {"already_recorded": 1}
    assert ServiceRecord.objects.count() == 1


def test_the_rows_to_correct_come_back_as_a_workbook_with_their_reasons(
    commune_user: User, registry: dict[str, Person], health_station: Agency
) -> None:
    person_import = service_import(commune_user, health_station, workbook(SERVICE_HEADER, SERVICE_ROWS))

    book = openpyxl.load_workbook(
        io.BytesIO(import_errors_download(viewer=commune_user, person_import=person_import))
    )
    sheet = book.worksheets[0]
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "Nông Văn Zê" in names
    assert "Hoàng Văn An" in names  # rows 10 and 11
    texts = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    assert "Lò Văn Cường" in texts
    assert "citizen ID" in texts


def test_an_agency_reporter_imports_only_services_of_their_domain_in_their_area(
    agency_user: User, registry: dict[str, Person]
) -> None:
    content = workbook(SERVICE_HEADER, SERVICE_ROWS[:1])
    person_import = service_import(agency_user, agency_user.agency, content)
    assert classes(person_import) == {4: RowClass.CREATE}
    assert may_manage_import(agency_user, person_import)

    loan = ServiceType.objects.get(code="preferential-loan")  # livelihood: not a health station's
    with pytest.raises(ApplicationError) as refused:
        service_list_upload(
            actor=agency_user,
            commune=unit(BAC_SON),
            service_type=loan,
            defaults=ServiceListDefaults(delivered_on=DAY),
            file_name="vay-von.xlsx",
            content=content,
        )
    assert refused.value.code == "forbidden"
    with pytest.raises(ApplicationError) as outside:
        service_list_upload(
            actor=agency_user,
            commune=unit(DONG_DANG),
            service_type=health_check(),
            defaults=ServiceListDefaults(delivered_on=DAY),
            file_name="kham.xlsx",
            content=content,
        )
    assert outside.value.code == "out_of_scope"


def test_the_list_defaults_are_checked_at_the_upload(commune_user: User, health_station: Agency) -> None:
    with pytest.raises(ApplicationError) as future:
        service_import(
            commune_user,
            health_station,
            workbook(SERVICE_HEADER, SERVICE_ROWS[:1]),
            delivered_on=date(2999, 1, 1),
        )
    assert future.value.field == "delivered_on"


ATTENDANCE_ROWS = [
    [1, "Hoàng Văn An", 1980, "Nam", "NKT", None, None],  # 4: a registered PWD
    [2, "Lê Thị Hoa", None, "Nữ", "Người nhà", "Hoàng Văn An", None],  # 5: cares for An
    [3, "Trần Văn Bảo", None, "Nam", "Cán bộ", None, "Công chức LĐ-TB&XH"],  # 6: staff
    [4, "Vi Văn Cao", None, None, "Cán bộ", None, None],  # 7: staff without a sex
    [5, "Lò Thị Mai", None, "Nữ", "Người nhà", "Lò Văn Cường", None],  # 8: two Cường
    [6, "Lò Thị Mai", None, "Nữ", "Người nhà", "Lò Văn Cường (1990)", None],  # 9: still two born 1990
    [7, "Nguyễn Văn Tư", None, "Nam", "Khách mời", None, None],  # 10: not a kind
    [8, "Trần Văn  Bảo", None, "Nam", "CTV", None, None],  # 11: the same staff as row 6
]


def attendance_import(actor: User, content: bytes, kind: str = "") -> PersonImport:
    activity = health_talk(actor)
    person_import = attendance_list_upload(
        actor=actor, activity=activity, participant_kind=kind, file_name="diem-danh.xlsx", content=content
    )
    person_import_analyse(actor=actor, person_import=person_import)
    person_import.refresh_from_db()
    return person_import


def test_an_attendance_list_adds_pwd_family_members_and_staff_each_once(
    commune_user: User, registry: dict[str, Person]
) -> None:
    person_import = attendance_import(commune_user, workbook(ATTENDANCE_HEADER, ATTENDANCE_ROWS))

    assert person_import.target == ImportTarget.PARTICIPANTS
    assert classes(person_import) == {
        4: RowClass.CREATE,
        5: RowClass.CREATE,
        6: RowClass.CREATE,
        7: RowClass.REJECTED,
        8: RowClass.REJECTED,
        9: RowClass.REJECTED,
        10: RowClass.REJECTED,
        11: RowClass.DUPLICATE_IN_FILE,
    }
    assert "sex" in reasons(person_import, 7)
    assert "2 registered persons are Lò Văn Cường" in reasons(person_import, 8)
    assert "Khách mời" in reasons(person_import, 10)

    person_import_commit(actor=commune_user, person_import=person_import)

    activity = person_import.activity
    assert activity is not None
    kinds = {(p.kind, p.person_id, p.full_name, p.cared_for_id) for p in activity.participants.all()}
    assert kinds == {
        (ParticipantKind.PWD, registry["an"].pk, "", None),
        (ParticipantKind.FAMILY, None, "Lê Thị Hoa", registry["an"].pk),
        (ParticipantKind.STAFF, None, "Trần Văn Bảo", None),
    }
    counts = activity_counts(viewer=commune_user, start=activity.held_on, end=activity.held_on)
    assert (counts.persons_with_disabilities, counts.family_members, counts.staff) == (1, 1, 1)

    again = attendance_list_upload(
        actor=commune_user,
        activity=activity,
        participant_kind="",
        file_name="diem-danh.xlsx",
        content=workbook(ATTENDANCE_HEADER, ATTENDANCE_ROWS),
    )
    person_import_analyse(actor=commune_user, person_import=again)
    again.refresh_from_db()
    assert again.counts[RowClass.UNCHANGED] == 3
    assert RowClass.CREATE not in again.counts


def test_a_staff_list_without_a_birth_column_takes_the_kind_given_for_the_whole_list(
    commune_user: User,
) -> None:
    content = workbook(
        ["STT", "Họ và tên", "Giới tính", "Đơn vị công tác"], [[1, "Đinh Văn Sơn", "Nam", "UBND xã"]]
    )
    person_import = attendance_import(commune_user, content, kind=ParticipantKind.STAFF)

    assert classes(person_import) == {4: RowClass.CREATE}
    person_import_commit(actor=commune_user, person_import=person_import)
    [staff] = person_import.activity.participants.all()  # type: ignore[union-attr]
    assert (staff.kind, staff.position) == (ParticipantKind.STAFF, "UBND xã")


def test_a_list_of_persons_cannot_be_worked_on_by_an_agency_reporter(
    commune_user: User, agency_user: User, registry: dict[str, Person]
) -> None:
    person_import = attendance_import(commune_user, workbook(ATTENDANCE_HEADER, ATTENDANCE_ROWS[:1]))
    assert may_manage_import(agency_user, person_import)  # a health talk in the health station's commune
    person_import.target = ImportTarget.PERSONS
    assert not may_manage_import(agency_user, person_import)


@pytest.mark.parametrize("target", [ImportTarget.SERVICES, ImportTarget.PARTICIPANTS])
def test_every_column_of_the_templates_is_recognised(
    target: str, commune_user: User, health_station: Agency
) -> None:
    content = record_list_template(target)
    if target == ImportTarget.SERVICES:
        person_import = service_list_upload(
            actor=commune_user,
            commune=unit(BAC_SON),
            service_type=health_check(),
            defaults=ServiceListDefaults(),
            file_name="mau.xlsx",
            content=_with_a_row(content),
        )
    else:
        person_import = attendance_list_upload(
            actor=commune_user,
            activity=health_talk(commune_user),
            participant_kind="",
            file_name="mau.xlsx",
            content=_with_a_row(content),
        )
    [layout] = person_import.layout.values()
    mapped = [column["field"] for column in layout["columns"]]
    assert len(mapped) == len(TEMPLATE_COLUMNS[target])
    assert f.IGNORE not in mapped
    assert f.FULL_NAME in mapped


def _with_a_row(content: bytes) -> bytes:
    """The template with one person typed in (an empty list has no table to find)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Danh sách"]
    sheet.cell(row=4, column=1, value=1)
    sheet.cell(row=4, column=2, value="Hoàng Văn An")
    sheet.cell(row=4, column=3, value="1980")
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
