"""The files around an import: the template a commune fills in, the cells as ImportRow stores them, and the
workbook of the rows to correct, read back by openpyxl, by the importer and by LibreOffice."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hoanhap.accounts.models import User
from hoanhap.exchange.import_files import (
    REASONS_EN_LABEL,
    REASONS_VI_LABEL,
    SOURCE_ROW_LABEL,
    cells_from_json,
    cells_to_json,
    import_error_file_name,
    import_error_workbook,
    person_list_template,
    unique_sheet_name,
)
from hoanhap.exchange.models import ImportRow, PersonImport, RowClass
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.table import Table, TableSearch, read_tables
from hoanhap.exchange.reading.values import parse_birth, parse_text
from hoanhap.exchange.reading.words import (
    parse_ethnicity,
    parse_household,
    parse_mark,
    parse_severity,
    parse_sex,
)
from tests.factories import BAC_SON, unit

ETHNICITIES_CSV = Path(__file__).resolve().parents[2] / "hoanhap" / "people" / "data" / "ethnicities.csv"
FORMULA = '=HYPERLINK("http://x")'


def sheet_time(*parts: int) -> datetime:
    """A date and time as a spreadsheet holds it: with no time zone."""
    return datetime(*parts)  # noqa: DTZ001


# --- The template -----------------------------------------------------------------------------------------

TEMPLATE_MAPPING = (
    f.SEQUENCE,
    f.FULL_NAME,
    f.BIRTH,
    f.SEX,
    f.ETHNICITY,
    f.CCCD,
    f.VILLAGE,
    f.PHONE,
    f.type_mark("mobility"),
    f.type_mark("hearing_speech"),
    f.type_mark("vision"),
    f.type_mark("psychosocial"),
    f.type_mark("intellectual"),
    f.type_mark("other"),
    f.SEVERITY,
    f.HOUSEHOLD,
    f.CARER_NAME,
    f.CARER_RELATION,
    f.CERTIFICATE_NUMBER,
    f.CERTIFICATE_DATE,
    f.DETERMINATION_DATE,
    f.NOTES,
)


def ethnicities() -> dict[str, str]:
    """Code → name, as the registry's reference table has them."""
    with ETHNICITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return {record["code"]: record["name"] for record in csv.DictReader(handle)}


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "template.xlsx"
    path.write_bytes(person_list_template())
    return path


def list_validations(sheet: Worksheet) -> dict[str, tuple[str, str]]:
    """Column letter → (the list's formula, its cell range) for each drop-down list of ``sheet``."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        for cell_range in validation.sqref.ranges:
            found[get_column_letter(cell_range.min_col)] = (validation.formula1, cell_range.coord)
    return found


def offered_choices(template: Path) -> dict[str, list[str]]:
    """Column letter → the values its drop-down list offers, the referenced range resolved."""
    workbook = load_workbook(template)
    choices = {}
    for letter, (formula, _cells) in list_validations(workbook["Danh sách"]).items():
        if formula.startswith('"'):
            choices[letter] = formula.strip('"').split(",")
        else:
            sheet_name, cell_range = formula.rsplit("!", 1)
            source = workbook[sheet_name.strip("'")]
            choices[letter] = [row[0].value for row in source[cell_range.replace("$", "")]]
    return choices


def test_the_template_header_is_recognised_column_by_column(template: Path) -> None:
    search = read_tables(template, file_name=template.name)

    [table] = search.tables
    assert table.sheet == "Danh sách"
    assert table.header_rows == (3, 4)
    assert table.mapping == TEMPLATE_MAPPING
    assert table.labels[8] == "Dạng khuyết tật / Vận động"
    # The instructions and the hidden lists are no tables, and the import says so instead of failing.
    assert {sheet.name for sheet in search.skipped} == {"Hướng dẫn", "Danh mục"}


def test_the_template_offers_drop_down_lists_on_the_right_columns(template: Path) -> None:
    workbook = load_workbook(template)
    validations = list_validations(workbook["Danh sách"])

    assert set(validations) == {"D", "E", "I", "J", "K", "L", "M", "N", "O", "P"}
    assert validations["D"][0] == '"Nam,Nữ"'
    assert validations["O"][0] == '"Đặc biệt nặng,Nặng,Nhẹ"'
    assert validations["P"][0] == '"Hộ nghèo,Hộ cận nghèo"'
    assert {validations[letter][0] for letter in "IJKLMN"} == {'"x"'}
    for _formula, cells in validations.values():
        first, last = cells.split(":")
        assert first[1:] == "5"  # from the first row below the header
        assert int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= 504  # at least 500 rows prepared
    assert offered_choices(template)["E"] == list(ethnicities().values())
    assert workbook["Danh mục"].sheet_state == "hidden"


def test_every_choice_the_template_offers_is_understood_by_the_importer(template: Path) -> None:
    choices = offered_choices(template)

    assert {parse_sex(choice).value for choice in choices["D"]} == {"male", "female"}
    codes = ethnicities()
    assert [parse_ethnicity(choice, ethnicities=codes).value for choice in choices["E"]] == list(codes)
    assert {parse_severity(choice).value for choice in choices["O"]} == {
        "particularly_severe",
        "severe",
        "mild",
    }
    assert [parse_household(choice).value for choice in choices["P"]] == ["poor", "near_poor"]
    assert all(parse_mark(choice).value for letter in "IJKLMN" for choice in choices[letter])


def test_the_template_keeps_ids_as_text_dates_as_dates_and_prints_on_landscape_pages(template: Path) -> None:
    workbook = load_workbook(template)
    sheet = workbook["Danh sách"]

    # Text: leading zeros of IDs and phones kept, a birth year not turned into a day of 1905.
    assert [sheet.column_dimensions[letter].number_format for letter in "CFH"] == ["@", "@", "@"]
    assert [sheet.column_dimensions[letter].number_format for letter in "TU"] == ["dd/mm/yyyy"] * 2
    assert all(sheet.column_dimensions[letter].width > 4 for letter in "ABCDEFGHIJKLMNOPQRSTUV")
    assert sheet["A1"].value == "DANH SÁCH NGƯỜI KHUYẾT TẬT"
    assert {"A1:V1", "I3:N3"} <= {str(cells) for cells in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "C5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$3:$4"


def test_the_instructions_explain_the_birth_year_and_several_types(template: Path) -> None:
    instructions = load_workbook(template)["Hướng dẫn"]
    text = " ".join(str(cell) for row in instructions.iter_rows(values_only=True) for cell in row if cell)

    assert "Nếu chỉ biết năm sinh thì chỉ ghi năm" in text
    assert "nhiều dạng khuyết tật: đánh x ở mỗi cột" in text


def test_a_filled_in_template_is_read_with_each_person_as_a_row_of_data(template: Path) -> None:
    workbook = load_workbook(template)
    sheet = workbook["Danh sách"]
    persons = {
        5: {"A": 1, "B": "Hoàng Văn Pảo", "C": "1958", "D": "Nam", "E": "Tày", "F": "020058001234"},
        6: {"A": 2, "B": "Lương Thị Hoa", "C": "12/03/1990", "D": "Nữ", "E": "Nùng", "H": "0912345678"},
    }
    persons[5].update({"G": "Nà Lầu", "I": "x", "K": "x", "O": "Nặng", "P": "Hộ nghèo"})
    persons[6].update({"L": "x", "O": "Nhẹ", "Q": "Lương Văn Tư", "R": "Bố", "S": "123/GXN"})
    persons[6].update({"T": sheet_time(2020, 5, 15), "V": "Chuyển đến năm 2023"})
    for number, cells in persons.items():
        for letter, value in cells.items():
            sheet[f"{letter}{number}"] = value
    filled = template.with_name("filled.xlsx")
    workbook.save(filled)

    [table] = read_tables(filled, file_name=filled.name).tables

    assert [row.number for row in table.data_rows] == [5, 6]
    first, second = table.data_rows
    assert first.cells[table.column_of(f.FULL_NAME) or 0] == "Hoàng Văn Pảo"
    assert first.cells[table.column_of(f.CCCD) or 0] == "020058001234"
    birth = parse_birth(first.cells[table.column_of(f.BIRTH) or 0]).value
    assert birth is not None
    assert (birth.birth_date, birth.birth_year) == (None, 1958)  # a year alone, not a day of 1905
    assert first.cells[table.column_of(f.type_mark("mobility")) or 0] == "x"
    assert first.cells[table.column_of(f.type_mark("vision")) or 0] == "x"
    assert first.cells[table.column_of(f.HOUSEHOLD) or 0] == "Hộ nghèo"
    assert second.cells[table.column_of(f.BIRTH) or 0] == "12/03/1990"
    assert second.cells[table.column_of(f.PHONE) or 0] == "0912345678"
    assert second.cells[table.column_of(f.type_mark("psychosocial")) or 0] == "x"
    assert second.cells[table.column_of(f.CARER_RELATION) or 0] == "Bố"
    assert second.cells[table.column_of(f.CERTIFICATE_DATE) or 0] in (
        date(2020, 5, 15),
        sheet_time(2020, 5, 15),
    )
    assert second.cells[table.column_of(f.NOTES) or 0] == "Chuyển đến năm 2023"


# --- Cells as ImportRow stores them -----------------------------------------------------------------------


def test_cells_survive_the_json_round_trip_with_their_types() -> None:
    row = (
        "Lương Thị Hoa",
        1958,
        0.5,
        date(1990, 3, 12),
        sheet_time(2024, 1, 2, 8, 30),
        True,
        None,
        "12/03/1990",
    )

    cells, types = cells_to_json(row)
    stored = json.loads(json.dumps(cells))

    assert types == "snndtbes"
    assert cells_from_json(stored, types) == row
    assert stored[3] == "1990-03-12"  # JSON has no dates: ISO text, marked "d"
    assert cells_from_json(stored, types)[7] == "12/03/1990"  # a text that looks like a date stays text


def test_a_number_json_cannot_hold_is_kept_as_its_text() -> None:
    cells, types = cells_to_json((float("inf"),))

    assert json.loads(json.dumps(cells, allow_nan=False)) == ["inf"]
    assert types == "s"


def test_cells_stored_without_types_come_back_as_json_holds_them() -> None:
    assert cells_from_json(["Hoa", 1958, None, "1990-03-12"], "") == ("Hoa", 1958, None, "1990-03-12")


# --- The error workbook -----------------------------------------------------------------------------------

SOURCE_SHEET = "DS NKT"
EXTRA_SHEET = "Bổ sung"


def build_source_list(path: Path) -> Path:
    """A list with a two-row header and village sections, and a second sheet with a one-row header."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SOURCE_SHEET
    sheet["A1"] = "DANH SÁCH NGƯỜI KHUYẾT TẬT NĂM 2024"
    sheet.merge_cells("A1:I1")
    top = {"A": "STT", "B": "Họ và tên", "C": "Ngày tháng năm sinh", "E": "Dân tộc", "F": "Số CCCD"}
    top.update({"G": "Dạng tật", "I": "Ghi chú"})
    bottom = {"C": "Nam", "D": "Nữ", "G": "Vận động", "H": "Nhìn"}
    rows: dict[int, dict[str, Any]] = {3: top, 4: bottom}
    rows[5] = {"A": "Thôn Nà Lầu"}
    rows[6] = {"A": 1, "B": "Hoàng Văn Pảo", "C": 1958, "E": "Tày", "F": "020058001234", "G": "x"}
    rows[7] = {
        "A": 2,
        "B": "Lương Thị Hoa",
        "D": date(1990, 3, 12),
        "E": "Nùng",
        "F": "02009000123",
        "H": "x",
    }
    rows[8] = {"A": "Thôn Bản Chang"}
    rows[9] = {"A": 3, "B": "Tô Thị Mai", "D": 1985, "E": "Kinh", "I": "Chuyển đến"}
    rows[10] = {"A": 4, "B": "Hoàng Văn Páo", "C": 1958, "E": "Tày", "G": "x"}
    for number, cells in rows.items():
        for letter, value in cells.items():
            sheet[f"{letter}{number}"] = value
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4", "G3:H3", "I3:I4", "A5:I5", "A8:I8"):
        sheet.merge_cells(cells)
    extra = workbook.create_sheet(EXTRA_SHEET)
    for row in (
        ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn"),
        (1, "Nông Văn Dền", 1970, "Nam", "Khuổi Slay"),
        (2, "Vi Thị Lả", 1966, "Nữ", "Khuổi Slay"),
    ):
        extra.append(row)
    workbook.save(path)
    return path


def layout_of(tables: list[Table]) -> dict[str, Any]:
    """``PersonImport.layout`` as the upload records it, each column mapped to its proposed field."""
    return {
        table.sheet: {
            "header_rows": list(table.header_rows),
            "columns": [
                {
                    "index": column.index,
                    "letter": column.letter,
                    "label": column.label,
                    "parent": column.heading.parent,
                    "text": column.heading.text,
                    "field": column.field,
                    "proposed": column.field,
                }
                for column in table.columns
            ],
        }
        for table in tables
    }


def reason(vi: str, en: str, field: str = "") -> dict[str, str]:
    return {"field": field, "vi": vi, "en": en}


# Source rows given back: sheet → row number → (class, reasons). Row 9 of the first sheet gets a note
# that a spreadsheet would run as a formula.
GIVEN_BACK: dict[str, dict[int, tuple[str, list[dict[str, str]]]]] = {
    SOURCE_SHEET: {
        7: (
            RowClass.REJECTED,
            [
                reason(
                    "“02009000123” không phải số CCCD: cần 12 chữ số.", "“02009000123” is not a CCCD.", "cccd"
                )
            ],
        ),
        9: (RowClass.REJECTED, [reason("Thiếu giới tính.", "The sex is missing.", "sex")]),
        10: (
            RowClass.POSSIBLE_DUPLICATE,
            [
                reason(
                    "Có thể là Hoàng Văn Pảo (1958) đã đăng ký.", "May be Hoàng Văn Pảo (1958), registered."
                )
            ],
        ),
    },
    EXTRA_SHEET: {
        3: (
            RowClass.REJECTED,
            [
                reason("Thiếu dân tộc.", "The ethnicity is missing.", "ethnicity"),
                reason("Thiếu dạng khuyết tật.", "The disability type is missing.", "disability_types"),
            ],
        )
    },
}


@pytest.fixture
def source_tables(tmp_path: Path) -> TableSearch:
    path = build_source_list(tmp_path / "source.xlsx")
    return read_tables(path, file_name=path.name)


@pytest.fixture
def given_back(commune_user: User, source_tables: TableSearch) -> tuple[PersonImport, list[ImportRow]]:
    """An import of the source list and its rows to give back, stored as the import stores them."""
    commune = unit(BAC_SON)
    person_import = PersonImport.objects.create(
        commune=commune,
        unit_path=commune.path,
        file_name="Danh sách NKT.xlsx",
        file_sha256="0" * 64,
        file_size=1,
        layout=layout_of(source_tables.tables),
        created_by=commune_user,
    )
    for table in source_tables.tables:
        for source in table.data_rows:
            row_class, reasons = GIVEN_BACK[table.sheet].get(source.number, (RowClass.CREATE, []))
            cells, types = cells_to_json(source.cells)
            if (table.sheet, source.number) == (SOURCE_SHEET, 9):
                cells[table.column_of(f.NOTES) or 0] = FORMULA
            ImportRow.objects.create(
                person_import=person_import,
                sheet=table.sheet,
                row_number=source.number,
                kind=source.kind,
                cells=cells,
                cell_types=types,
                section=source.section,
                row_class=row_class,
                reasons=reasons,
            )
    rows = list(
        person_import.rows.filter(row_class__in=[RowClass.REJECTED, RowClass.POSSIBLE_DUPLICATE]).order_by(
            "id"
        )
    )
    return person_import, rows


def write_error_workbook(given_back: tuple[PersonImport, list[ImportRow]], path: Path) -> Path:
    person_import, rows = given_back
    path.write_bytes(import_error_workbook(person_import=person_import, rows=rows))
    return path


def joined(row: ImportRow, language: str) -> str:
    return "; ".join(item[language] for item in row.reasons)


def test_the_error_workbook_holds_exactly_the_given_rows_under_the_source_header(
    given_back: tuple[PersonImport, list[ImportRow]], tmp_path: Path
) -> None:
    path = write_error_workbook(given_back, tmp_path / "errors.xlsx")
    workbook = load_workbook(path)

    assert workbook.sheetnames == [SOURCE_SHEET, EXTRA_SHEET]
    sheet = workbook[SOURCE_SHEET]
    assert [sheet[cell].value for cell in ("A1", "B1", "C1", "C2", "D2", "G1", "G2", "H2", "I1")] == [
        *("STT", "Họ và tên", "Ngày tháng năm sinh", "Nam", "Nữ", "Dạng tật", "Vận động", "Nhìn", "Ghi chú"),
    ]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A1:A2", "C1:D1", "G1:H1", "I1:I2"} <= merged
    assert [sheet[cell].value for cell in ("J1", "K1", "L1")] == [
        SOURCE_ROW_LABEL,
        REASONS_VI_LABEL,
        REASONS_EN_LABEL,
    ]
    assert sheet.freeze_panes == "A3"
    assert all(cell.font.bold and cell.alignment.wrap_text for cell in sheet[1] if cell.value is not None)

    rows_by_number = {row.row_number: row for row in given_back[1] if row.sheet == SOURCE_SHEET}
    written = list(sheet.iter_rows(min_row=3, values_only=True))
    # Each person under the heading of its village: the village comes from there when no column has it.
    assert [cells[0] for cells in written] == ["Thôn Nà Lầu", 2, "Thôn Bản Chang", 3, 4]
    persons = [cells for cells in written if cells[9] is not None]
    assert [cells[9] for cells in persons] == [7, 9, 10]
    for cells in persons:
        row = rows_by_number[cells[9]]
        assert cells[10] == joined(row, "vi")
        assert cells[11] == joined(row, "en")
    hoa, mai, pao = persons
    assert hoa[:6] == (2, "Lương Thị Hoa", None, sheet_time(1990, 3, 12), "Nùng", "02009000123")
    assert mai[8] == "'" + FORMULA  # neutralised: text, never a formula
    assert sheet.cell(6, 9).data_type == "s"
    assert pao[:5] == (4, "Hoàng Văn Páo", 1958, None, "Tày")

    birth = sheet.cell(4, 4)
    assert birth.is_date
    assert birth.number_format == "dd/mm/yyyy"
    extra = workbook[EXTRA_SHEET]
    assert list(extra.iter_rows(values_only=True)) == [
        (
            "STT",
            "Họ và tên",
            "Năm sinh",
            "Giới tính",
            "Thôn",
            SOURCE_ROW_LABEL,
            REASONS_VI_LABEL,
            REASONS_EN_LABEL,
        ),
        (
            2,
            "Vi Thị Lả",
            1966,
            "Nữ",
            "Khuổi Slay",
            3,
            "Thiếu dân tộc.; Thiếu dạng khuyết tật.",
            "The ethnicity is missing.; The disability type is missing.",
        ),
    ]


def test_the_corrected_error_workbook_is_mapped_as_the_source(
    given_back: tuple[PersonImport, list[ImportRow]], source_tables: TableSearch, tmp_path: Path
) -> None:
    path = write_error_workbook(given_back, tmp_path / "errors.xlsx")

    search = read_tables(path, file_name=path.name)

    assert_mapped_as_the_source(search, source_tables, given_back[1])


def assert_mapped_as_the_source(search: TableSearch, source: TableSearch, given: list[ImportRow]) -> None:
    """Each sheet of ``search`` has the source's mapping, the three added columns ignored, and as data
    rows the given rows, with their cells and their village section."""
    assert [table.sheet for table in search.tables] == [table.sheet for table in source.tables]
    for table, original in zip(search.tables, source.tables, strict=True):
        width = len(original.columns)
        assert table.mapping[:width] == original.mapping
        assert table.mapping[width:] == (f.IGNORE,) * 3
        rows = [row for row in given if row.sheet == table.sheet]
        assert len(table.data_rows) == len(rows)
        for read, row in zip(table.data_rows, rows, strict=True):
            stored = cells_from_json(row.cells, row.cell_types)
            assert texts(read.cells, width) == texts(stored, width)
            assert read.cells[width] == row.row_number
            assert read.section == row.section


def texts(cells: tuple[Any, ...], width: int) -> list[str]:
    """The first ``width`` cells as the importer reads their text (an empty cell as "")."""
    return [parse_text(cells[col] if col < len(cells) else None).value for col in range(width)]


def libreoffice_convert(source: Path, target: str, outdir: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the error workbook cannot be opened in it")
    profile = outdir / "profile"  # a profile of its own, so that parallel test runs do not share one
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = outdir / f"{source.stem}.{target.split(':')[0]}"
    assert converted.exists(), f"LibreOffice could not open {source.name}"
    return converted


def test_the_error_workbook_opens_in_libreoffice_with_its_rows_and_reasons(
    given_back: tuple[PersonImport, list[ImportRow]], tmp_path: Path
) -> None:
    path = write_error_workbook(given_back, tmp_path / "errors.xlsx")

    # Comma-separated, quoted, UTF-8 (76); LibreOffice writes the first sheet, as shown on screen.
    converted = libreoffice_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)

    lines = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    persons = [line for line in lines[2:] if line[9]]
    given = [row for row in given_back[1] if row.sheet == SOURCE_SHEET]
    assert [line[9] for line in persons] == [str(row.row_number) for row in given]
    assert [line[10] for line in persons] == [joined(row, "vi") for row in given]
    assert [line[11] for line in persons] == [joined(row, "en") for row in given]
    assert persons[0][:4] == ["2", "Lương Thị Hoa", "", "12/03/1990"]
    assert persons[1][8] == "'" + FORMULA  # shown as text, not run


def test_the_error_workbook_saved_by_libreoffice_is_still_mapped_as_the_source(
    given_back: tuple[PersonImport, list[ImportRow]], source_tables: TableSearch, tmp_path: Path
) -> None:
    path = write_error_workbook(given_back, tmp_path / "errors.xlsx")

    # An officer correcting the file in LibreOffice saves it as ODS, where the reader sees no merges.
    converted = libreoffice_convert(path, "ods", tmp_path)

    assert_mapped_as_the_source(
        read_tables(converted, file_name=converted.name), source_tables, given_back[1]
    )


def test_sheet_names_are_cut_to_excel_limits_and_kept_apart(commune_user: User, tmp_path: Path) -> None:
    commune = unit(BAC_SON)
    # CSV files give their name to their one sheet, however long, and may use characters Excel refuses.
    long_names = ["Danh sách người khuyết tật năm 2024 thôn A", "Danh sách người khuyết tật năm 2024 thôn B"]
    person_import = PersonImport.objects.create(
        commune=commune,
        unit_path=commune.path,
        file_name="ds.csv",
        file_sha256="0" * 64,
        file_size=1,
        created_by=commune_user,
    )
    rows = [
        ImportRow(
            person_import=person_import,
            sheet=name,
            row_number=2,
            kind="data",
            cells=["Nông Văn Dền", 1970],
            cell_types="sn",
            row_class=RowClass.REJECTED,
            reasons=[reason("Thiếu giới tính.", "The sex is missing.")],
        )
        for name in [*long_names, "DS [thôn]: 1/2"]
    ]

    workbook = load_workbook(io.BytesIO(import_error_workbook(person_import=person_import, rows=rows)))

    assert workbook.sheetnames == [
        "Danh sách người khuyết tật năm",
        "Danh sách người khuyết tật (2)",
        "DS -thôn-- 1-2",
    ]
    # Without a recorded header the cells and the reasons are still given back.
    assert list(workbook.worksheets[0].iter_rows(values_only=True))[1] == (
        "Nông Văn Dền",
        1970,
        2,
        "Thiếu giới tính.",
        "The sex is missing.",
    )


def test_unique_sheet_names_avoid_names_taken_and_reserved() -> None:
    assert unique_sheet_name("DS NKT", taken={"ds nkt"}) == "DS NKT (2)"
    assert unique_sheet_name("DS NKT", taken={"ds nkt", "ds nkt (2)"}) == "DS NKT (3)"
    assert unique_sheet_name("History", taken=set()) == "History (2)"
    assert unique_sheet_name("'Thôn'", taken=set()) == "Thôn"
    assert unique_sheet_name("  ", taken=set()) == "Sheet"


def test_no_rows_give_a_workbook_with_one_empty_sheet(commune_user: User) -> None:
    commune = unit(BAC_SON)
    person_import = PersonImport.objects.create(
        commune=commune,
        unit_path=commune.path,
        file_name="ds.xlsx",
        file_sha256="0" * 64,
        file_size=1,
        created_by=commune_user,
    )

    workbook = load_workbook(io.BytesIO(import_error_workbook(person_import=person_import, rows=[])))

    [sheet] = workbook.worksheets
    assert list(sheet.iter_rows(values_only=True)) == []


def test_the_error_workbook_is_named_after_the_uploaded_file() -> None:
    person_import = PersonImport(file_name="DS NKT xã Bắc Sơn.xls")

    # Always XLSX, whatever was uploaded: that is what the workbook is.
    assert import_error_file_name(person_import=person_import) == "DS NKT xã Bắc Sơn - cần sửa.xlsx"
