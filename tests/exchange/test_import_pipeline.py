"""A commune's real-looking list through the whole import: every row classified, values normalised, the
commit written once (even when interrupted), and the same file imported again changing nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from hoanhap.accounts.models import User
from hoanhap.assessments.models import Certificate, DisabilityDetermination
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange import import_commit, import_services
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_commit import person_import_commit
from hoanhap.exchange.import_services import (
    person_import_decide,
    person_import_map,
    person_import_upload,
)
from hoanhap.exchange.models import Decision, ImportRow, ImportStatus, PersonImport, RowClass
from hoanhap.people.models import Person
from tests.factories import DONG_DANG, make_person, unit

pytestmark = pytest.mark.django_db

BAC_SON = "06325"
# What Excel shows for text typed in the legacy fonts: TCVN3 bytes (from iconv's TCVN5712-1) and VNI
# Windows bytes, each read through the Windows code page.
TCVN3_LUONG_THI_PHUONG = "L\xad¬ng ThÞ Ph\xadîng"
TCVN3_BAN_CHANG = "B¶n Chang"
VNI_NGUYEN_VAN_HUNG = "Nguyeãn Vaên Huøng"

HEADER_TOP = [
    "STT",
    "Họ và tên",
    "Ngày tháng năm sinh",
    None,
    "Dân tộc",
    "Số CCCD/CMND",
    "Thôn",
    "Dạng tật",
    "Mức độ KT",
    "Hộ nghèo, cận nghèo",
    "Số GXN KT",
]
HEADER_BOTTOM = [None, None, "Nam", "Nữ", None, None, None, None, None, None, None]
MERGES = ["A5:A6", "B5:B6", "C5:D5", "E5:E6", "F5:F6", "G5:G6", "H5:H6", "I5:I6", "J5:J6", "K5:K6"]

# Row number → (cells, expected class). CCCDs: 020 Lạng Sơn, then the century-and-sex digit.
ROWS: dict[int, tuple[list[Any], str]] = {
    7: (
        [1, "Hoàng Văn Thắng", 1958, None, "Tày", 20058000123, "Nà Lầu", "VĐ", "ĐBN", "Hộ nghèo", "GXN-01"],
        RowClass.CREATE,
    ),
    8: (
        [
            2,
            TCVN3_LUONG_THI_PHUONG,
            None,
            "12/03/1990",
            "Nùng",
            "020190001234",
            TCVN3_BAN_CHANG,
            "Nghe, nói; trí tuệ",
            "nang",
            None,
            None,
        ],
        RowClass.CREATE,
    ),
    9: (
        [
            3,
            VNI_NGUYEN_VAN_HUNG,
            date(1985, 6, 1),
            None,
            "Kinh",
            None,
            "Bản Chang",
            "Nhìn",
            "nhẹ",
            "cận nghèo",
            None,
        ],
        RowClass.CREATE,
    ),
    10: (
        [4, "Lương Thị Phượng", None, 1990, "Nùng", "020190001234", "Bản Chang", None, None, None, None],
        RowClass.DUPLICATE_IN_FILE,
    ),
    11: (
        [5, "Vi Văn Sáng", "31/02/1980", None, "Tày", None, "Nà Lầu", "vận động", "rất nặng", None, None],
        RowClass.REJECTED,
    ),
    12: (
        [6, "Nông Thị Lan", None, 1975, "Nùng", 123456789, "Nà Lầu", None, None, None, None],
        RowClass.REJECTED,
    ),
    13: (
        [7, "Triệu Văn Tài", 1960, None, "Dao", None, "Khuổi Slay", "vận động", "nặng", None, None],
        RowClass.POSSIBLE_DUPLICATE,
    ),
    14: (
        [8, "Lò Văn Pản", 1948, None, "Tày", "020048000777", "Nà Lầu", "vận động", "nặng", None, None],
        RowClass.UPDATE,
    ),
    15: (["Tổng cộng", None, 3, 2], RowClass.NOT_DATA),
}


def build_list(path: Path, rows: dict[int, tuple[list[Any], str]] = ROWS) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "DS NKT"
    sheet["A1"] = "UBND XÃ BẮC SƠN"
    sheet["A3"] = "DANH SÁCH NGƯỜI KHUYẾT TẬT NĂM 2024"
    for column, (top, bottom) in enumerate(zip(HEADER_TOP, HEADER_BOTTOM, strict=True), start=1):
        sheet.cell(row=5, column=column, value=top)
        sheet.cell(row=6, column=column, value=bottom)
    for cell_range in MERGES:
        sheet.merge_cells(cell_range)
    for number, (cells, _expected) in rows.items():
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=number, column=column, value=value)
    sheet["B18"] = "Người lập biểu"
    sheet["H18"] = "TM. UBND XÃ"
    workbook.save(path)
    return path


@pytest.fixture
def registered(commune_user: User) -> dict[str, Person]:
    """Persons already registered: one the list names without a citizen ID (with another village), one the
    list updates through its citizen ID."""
    return {
        "tai": make_person(
            commune_user, full_name="Triệu Văn Tài", sex="male", birth_year=1960, village="Pò Mã"
        ),
        "pan": make_person(
            commune_user, full_name="Lò Văn Pản", sex="male", birth_year=1948, cccd="020048000777"
        ),
    }


def upload(actor: User, path: Path) -> PersonImport:
    return person_import_upload(
        actor=actor, commune=unit(BAC_SON), file_name=path.name, content=path.read_bytes()
    )


def analysed(actor: User, path: Path) -> PersonImport:
    person_import = upload(actor, path)
    person_import_analyse(actor=actor, person_import=person_import)
    return person_import


def classes(person_import: PersonImport) -> dict[int, str]:
    return dict(
        ImportRow.objects.filter(person_import=person_import, sheet="DS NKT").values_list(
            "row_number", "row_class"
        )
    )


@pytest.mark.usefixtures("registered")
def test_every_row_is_classified_before_anything_is_written(commune_user: User, tmp_path: Path) -> None:
    persons_before = Person.objects.count()
    person_import = analysed(commune_user, build_list(tmp_path / "ds.xlsx"))

    found = classes(person_import)
    for number, (_cells, expected) in ROWS.items():
        assert found[number] == expected, number
    assert found[18] == RowClass.NOT_DATA  # the signature block
    assert Person.objects.count() == persons_before  # a dry run
    assert person_import.counts[RowClass.CREATE] == 3
    assert person_import.status == ImportStatus.PREVIEW


@pytest.mark.usefixtures("registered")
def test_values_are_normalised_from_legacy_fonts_numbers_and_variant_words(
    commune_user: User, tmp_path: Path
) -> None:
    person_import = analysed(commune_user, build_list(tmp_path / "ds.xlsx"))
    values = dict(ImportRow.objects.filter(person_import=person_import).values_list("row_number", "values"))

    thang = values[7]
    assert (thang["full_name"], thang["sex"], thang["birth_year"], thang["birth_date"]) == (
        "Hoàng Văn Thắng",
        "male",
        1958,
        None,
    )
    assert thang["cccd"] == "020058000123"  # a number cell that lost its leading zero
    assert (thang["types"], thang["severity"], thang["household"]) == (
        ["mobility"],
        "particularly_severe",
        "poor",
    )
    assert (thang["ethnicity"], thang["village"], thang["certificate_number"]) == ("02", "Nà Lầu", "GXN-01")

    phuong = values[8]
    assert (phuong["full_name"], phuong["village"]) == ("Lương Thị Phượng", "Bản Chang")  # TCVN3
    assert (phuong["sex"], phuong["birth_date"]) == ("female", "1990-03-12")  # under "Nữ"
    assert (phuong["types"], phuong["severity"]) == (["hearing_speech", "intellectual"], "severe")

    hung = values[9]
    assert hung["full_name"] == "Nguyễn Văn Hùng"  # VNI
    assert (hung["birth_date"], hung["household"], hung["severity"]) == ("1985-06-01", "near_poor", "mild")


@pytest.mark.usefixtures("registered")
def test_rejected_rows_keep_every_reason_in_both_languages(commune_user: User, tmp_path: Path) -> None:
    person_import = analysed(commune_user, build_list(tmp_path / "ds.xlsx"))
    rows = {row.row_number: row for row in ImportRow.objects.filter(person_import=person_import)}

    fields = sorted(reason["field"] for reason in rows[11].reasons)
    assert fields == ["birth_male", "severity"]  # 31/02 (under "Nam") is no date, "rất nặng" no severity
    assert all(reason["vi"] and reason["en"] and reason["vi"] != reason["en"] for reason in rows[11].reasons)
    assert "CMND" in rows[12].reasons[0]["en"]
    assert rows[10].duplicate_of_row == 8
    assert rows[13].match.full_name == "Triệu Văn Tài"
    assert rows[12].cells[5] == 123456789  # the original cell, kept as it was


def test_the_commit_writes_persons_determinations_and_certificates(
    commune_user: User, registered: dict[str, Person], tmp_path: Path
) -> None:
    person_import = analysed(commune_user, build_list(tmp_path / "ds.xlsx"))
    applied = person_import_commit(actor=commune_user, person_import=person_import)

    assert applied == {"created": 3, "updated": 1}
    thang = Person.objects.get(cccd="020058000123")
    assert (thang.full_name, thang.birth_year, thang.commune.code, thang.household) == (
        "Hoàng Văn Thắng",
        1958,
        BAC_SON,
        "poor",
    )
    determination = DisabilityDetermination.objects.get(person=thang)
    assert (determination.types, determination.severity) == (["mobility"], "particularly_severe")
    assert "did not give the date" in determination.basis or "không ghi ngày" in determination.basis
    assert Certificate.objects.get(person=thang).number == "GXN-01"
    pan = Person.objects.get(pk=registered["pan"].pk)
    assert pan.village == "Nà Lầu"  # updated through the citizen ID
    assert DisabilityDetermination.objects.get(person=pan).severity == "severe"
    assert (
        not Person.objects.filter(full_name="Triệu Văn Tài").exclude(pk=registered["tai"].pk).exists()
    )  # undecided
    person_import.refresh_from_db()
    assert person_import.status == ImportStatus.COMMITTED
    assert not import_services.import_file_path(person_import).exists()  # the rows keep every cell
    created = AuditEvent.objects.filter(
        action="people.person.registered", new_values__import=str(person_import.pk)
    )
    assert created.count() == 3
    assert AuditEvent.objects.filter(
        action="exchange.import.committed", object_id=str(person_import.pk)
    ).exists()


def test_a_decided_possible_duplicate_is_written_as_decided(
    commune_user: User, registered: dict[str, Person], tmp_path: Path
) -> None:
    person_import = analysed(commune_user, build_list(tmp_path / "ds.xlsx"))
    row = ImportRow.objects.get(person_import=person_import, row_number=13)
    person_import_decide(actor=commune_user, person_import=person_import, decisions={row.pk: Decision.CREATE})
    person_import_commit(actor=commune_user, person_import=person_import)
    assert Person.objects.filter(full_name="Triệu Văn Tài").count() == 2


def snapshot() -> list[tuple[Any, ...]]:
    persons = Person.objects.order_by("full_name", "birth_year").values_list(
        "full_name", "birth_year", "birth_date", "sex", "cccd", "village", "household"
    )
    determinations = DisabilityDetermination.objects.order_by("person__full_name").values_list(
        "person__full_name", "severity", "mobility", "hearing_speech", "vision", "intellectual"
    )
    return [*persons, *determinations, *Certificate.objects.values_list("number")]


@pytest.mark.usefixtures("registered")
def test_importing_the_same_file_again_changes_nothing(commune_user: User, tmp_path: Path) -> None:
    path = build_list(tmp_path / "ds.xlsx")
    person_import_commit(actor=commune_user, person_import=analysed(commune_user, path))
    before, events = snapshot(), AuditEvent.objects.filter(action__startswith="people.").count()

    again = analysed(commune_user, path)
    assert RowClass.CREATE not in again.counts
    assert RowClass.UPDATE not in again.counts
    assert again.counts[RowClass.UNCHANGED] == 4  # three created, one updated
    assert person_import_commit(actor=commune_user, person_import=again) == {}
    assert snapshot() == before
    assert AuditEvent.objects.filter(action__startswith="people.").count() == events


@pytest.mark.usefixtures("registered")
def test_an_interrupted_commit_resumes_to_the_same_state_as_an_uninterrupted_one(
    commune_user: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_list(tmp_path / "ds.xlsx")
    monkeypatch.setattr(import_commit, "COMMIT_CHUNK", 1)
    write_chunk = import_commit._write_chunk
    calls = {"n": 0}

    def crash_on_the_third_chunk(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        written = write_chunk(*args, **kwargs)
        if calls["n"] == 3:
            raise RuntimeError("the worker was killed")  # after writing: the chunk's transaction rolls back
        return written

    person_import = analysed(commune_user, path)
    monkeypatch.setattr(import_commit, "_write_chunk", crash_on_the_third_chunk)
    with pytest.raises(RuntimeError):
        person_import_commit(actor=commune_user, person_import=person_import)
    person_import.refresh_from_db()
    assert person_import.status == ImportStatus.COMMITTING
    assert ImportRow.objects.filter(person_import=person_import, applied=True).count() == 2
    monkeypatch.setattr(import_commit, "_write_chunk", write_chunk)

    person_import_commit(actor=commune_user, person_import=person_import)  # resumed
    interrupted = snapshot()
    assert len(Person.objects.filter(cccd="020058000123")) == 1

    # The same list committed without interruption, from a clean registry, gives the same records.
    Certificate.objects.all().delete()
    DisabilityDetermination.objects.all().delete()
    ImportRow.objects.all().delete()
    Person.objects.all().delete()
    make_person(commune_user, full_name="Triệu Văn Tài", sex="male", birth_year=1960, village="Pò Mã")
    make_person(commune_user, full_name="Lò Văn Pản", sex="male", birth_year=1948, cccd="020048000777")
    person_import_commit(actor=commune_user, person_import=analysed(commune_user, path))
    assert snapshot() == interrupted


def test_a_changed_mapping_is_applied_and_remembered_for_the_communes_next_file(
    commune_user: User, tmp_path: Path
) -> None:
    path = build_list(tmp_path / "ds.xlsx")
    person_import = upload(commune_user, path)
    columns = {column["letter"]: column for column in person_import.layout["DS NKT"]["columns"]}
    assert columns["G"]["field"] == "village"
    person_import_map(
        actor=commune_user,
        person_import=person_import,
        sheet="DS NKT",
        mapping={columns["G"]["index"]: "address"},
    )
    person_import_analyse(actor=commune_user, person_import=person_import)
    assert (
        ImportRow.objects.get(person_import=person_import, row_number=7).values["village"] == "Nà Lầu"
    )  # from the address

    next_file = upload(commune_user, path)
    assert {c["letter"]: c["field"] for c in next_file.layout["DS NKT"]["columns"]}["G"] == "address"


def test_a_field_mapped_twice_is_refused(commune_user: User, tmp_path: Path) -> None:
    person_import = upload(commune_user, build_list(tmp_path / "ds.xlsx"))
    columns = {column["letter"]: column["index"] for column in person_import.layout["DS NKT"]["columns"]}
    with translation.override("en"), pytest.raises(ApplicationError, match="both mapped"):
        person_import_map(
            actor=commune_user,
            person_import=person_import,
            sheet="DS NKT",
            mapping={columns["G"]: "full_name"},
        )


def test_another_communes_officer_cannot_import_into_this_commune(
    other_commune_user: User, viewer_user: User, tmp_path: Path
) -> None:
    path = build_list(tmp_path / "ds.xlsx")
    for actor in (other_commune_user, viewer_user):
        with pytest.raises(ApplicationError):
            upload(actor, path)
    assert not PersonImport.objects.exists()


def test_a_citizen_id_registered_in_another_area_is_rejected_not_updated(
    commune_user: User, tmp_path: Path
) -> None:
    elsewhere = make_person(
        None,
        full_name="Hoàng Văn Thắng",
        commune=unit(DONG_DANG),
        sex="male",
        birth_year=1958,
        cccd="020058000123",
    )
    person_import = analysed(commune_user, build_list(tmp_path / "ds.xlsx"))
    row = ImportRow.objects.get(person_import=person_import, row_number=7)
    assert row.row_class == RowClass.REJECTED
    assert elsewhere.commune.name in row.reasons[0]["en"]
