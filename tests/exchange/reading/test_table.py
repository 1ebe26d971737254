"""Finding the list in a commune's sheet: the header among the titles, the columns, the kind of every row."""

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.table import RowKind, Table, column_letter, find_tables, read_tables
from hoanhap.exchange.reading.workbook import Sheet

from .conftest import build_commune_list, fill

K = RowKind

COMMUNE_MAPPING = (
    f.SEQUENCE,
    f.FULL_NAME,
    f.BIRTH_MALE,
    f.BIRTH_FEMALE,
    f.ETHNICITY,
    f.VILLAGE,
    f.type_mark("mobility"),
    f.type_mark("hearing_speech"),
    f.type_mark("vision"),
    f.type_mark("psychosocial"),
    f.type_mark("intellectual"),
    f.type_mark("other"),
    f.severity_mark("particularly_severe"),
    f.severity_mark("severe"),
    f.severity_mark("mild"),
    f.NOTES,
)

# (row number, kind, section) for every row below the header of the Bắc Sơn list (see conftest).
COMMUNE_ROWS = [
    (8, K.COLUMN_NUMBERS, ""),
    (9, K.SECTION, "Thôn Nà Lầu"),  # "I" in the STT column, the village under the names
    (10, K.DATA, "Thôn Nà Lầu"),
    (11, K.DATA, "Thôn Nà Lầu"),
    (12, K.SUBTOTAL, ""),  # "Cộng thôn"
    (13, K.BLANK, ""),
    (14, K.SECTION, "Thôn Bản Chang"),  # in the STT column, merged across the sheet
    (15, K.DATA, "Thôn Bản Chang"),  # Tô Thị Mai: "Tô" is a surname, not "Tổ"
    (16, K.DATA, "Thôn Bản Chang"),  # Tống Văn Nam: "Tống" is a surname, not "Tổng"
    (17, K.HEADER, ""),  # the header printed again on the next page
    (18, K.HEADER, ""),
    (19, K.DATA, "Thôn Bản Chang"),  # Bàn Văn Lở: "Bàn" is a surname, not "Bản"
    (20, K.DATA, "Thôn Bản Chang"),  # Y Blúp Niê: "Y" is a name, not a section letter
    (21, K.SUBTOTAL, ""),  # "Tổng cộng"
    (22, K.BLANK, ""),
    (23, K.FOOTER, ""),  # "Người lập biểu", "Bắc Sơn, ngày 15 tháng 3 năm 2024"
    (24, K.FOOTER, ""),
    (25, K.FOOTER, ""),
    (26, K.BLANK, ""),
    (27, K.FOOTER, ""),  # the signers' names, not persons
]


def classification(table: Table) -> list[tuple[int, RowKind, str]]:
    return [(row.number, row.kind, row.section) for row in table.rows]


def test_the_commune_list_is_found_below_its_titles_with_a_two_row_header(commune_list: Path) -> None:
    found = read_tables(commune_list, file_name=commune_list.name)

    assert found.skipped == []
    [table] = found.tables
    assert table.sheet == "DS NKT"
    assert table.header_rows == (6, 7)
    assert table.mapping == COMMUNE_MAPPING
    assert table.labels[1:4] == ("Họ và tên", "Ngày tháng năm sinh / Nam", "Ngày tháng năm sinh / Nữ")
    assert table.labels[11] == "Dạng tật / Khác"
    assert classification(table) == COMMUNE_ROWS


def test_a_row_keeps_its_cells_as_read(commune_list: Path) -> None:
    [table] = read_tables(commune_list, file_name=commune_list.name).tables

    first = table.data_rows[0]
    assert first.cells[:6] == (1, "Hoàng Văn Pảo", 1958, None, "Tày", "Nà Lầu")
    assert table.column_of(f.FULL_NAME) == 1
    assert table.column_of(f.PHONE) is None


def test_without_merged_cells_the_group_labels_still_reach_their_sub_columns(tmp_path: Path) -> None:
    # "Centre across selection" looks the same on screen but keeps no merges; ODS keeps none for calamine.
    path = build_commune_list(tmp_path / "ds.xlsx", merges=False)

    [table] = read_tables(path, file_name="ds.xlsx").tables

    assert table.header_rows == (6, 7)
    assert table.mapping == COMMUNE_MAPPING
    assert classification(table) == COMMUNE_ROWS


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_the_xls_and_ods_copies_give_the_same_table(
    converted_commune_list: Callable[[str], Path], fmt: str
) -> None:
    path = converted_commune_list(fmt)

    [table] = read_tables(path, file_name=path.name).tables

    assert table.header_rows == (6, 7)
    assert table.mapping == COMMUNE_MAPPING
    assert classification(table) == COMMUNE_ROWS


def test_a_one_row_header_under_a_title_takes_neither_title_nor_first_person(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    fill(
        sheet,
        {
            1: {"A": "UBND XÃ ĐỒNG ĐĂNG"},
            2: {"A": "DANH SÁCH NGƯỜI KHUYẾT TẬT ĐANG HƯỞNG TRỢ CẤP"},
            3: {
                "A": "TT",
                "B": "Họ tên",
                "C": "Năm sinh",
                "D": "Nam",
                "E": "Nữ",
                "F": "Số CCCD",
                "G": "Người chăm sóc",
                "H": "Nghề nghiệp",
            },
            4: {"A": 1, "B": "Vi Văn Thành", "C": 1960, "D": "x", "F": "020060001234", "G": "Vi Thị Nga"},
            5: {"A": 2, "B": "Lộc Thị Nhung", "C": 1994, "E": "x", "H": "Làm ruộng"},
        },
    )
    sheet.merge_cells("A2:H2")  # the title right above the header, merged across it
    path = tmp_path / "ds.xlsx"
    workbook.save(path)

    [table] = read_tables(path, file_name="ds.xlsx").tables

    assert table.header_rows == (3,)
    # Next to a birth column of its own, the Nam / Nữ pair marks the sex.
    assert table.mapping == (
        f.SEQUENCE,
        f.FULL_NAME,
        f.BIRTH,
        f.sex_mark("male"),
        f.sex_mark("female"),
        f.CCCD,
        f.CARER_NAME,
        f.IGNORE,
    )
    assert table.labels[7] == "Nghề nghiệp"
    assert classification(table) == [(4, K.DATA, ""), (5, K.DATA, "")]


def test_a_csv_list_of_text_cells_is_classified_like_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_bytes(
        codecs.BOM_UTF8
        + (
            "Danh sách người khuyết tật xã Bắc Sơn\r\n"
            "Số TT,Họ và tên,Ngày sinh,Giới tính,Thôn/ tổ dân phố,Ghi chú\r\n"
            "(1),(2),(3),(4),(5),(6)\r\n"
            ",Xóm Trên,,,,\r\n"
            "1,Hà Văn Tùng,05/04/1967,Nam,Xóm Trên,\r\n"
            "2,Nông Thị Lả,,Nữ,Xóm Trên,Chưa rõ năm sinh\r\n"
            "3,,,,,\r\n"
            ",,,,,Đã chuyển đi 2 người\r\n"
            ",Tổng số: 2 người,,,,\r\n"
            ',,,,"Bắc Sơn, ngày 20 tháng 5 năm 2024",\r\n'
            ",Công chức LĐTBXH,,,Chủ tịch UBND xã,\r\n"
        ).encode()
    )

    [table] = read_tables(path, file_name="ds.csv").tables

    assert table.header_rows == (2,)
    assert table.mapping == (f.SEQUENCE, f.FULL_NAME, f.BIRTH, f.SEX, f.VILLAGE, f.NOTES)
    assert classification(table) == [
        (3, K.COLUMN_NUMBERS, ""),
        (4, K.SECTION, "Xóm Trên"),
        (5, K.DATA, "Xóm Trên"),
        (6, K.DATA, "Xóm Trên"),  # no birth date: still a person, whom the import will question
        (7, K.BLANK, ""),  # a numbered row of the template, left empty
        (8, K.OTHER, ""),
        (9, K.SUBTOTAL, ""),
        (10, K.FOOTER, ""),
        (11, K.FOOTER, ""),
    ]


def test_header_sections_totals_and_signatures_typed_in_a_legacy_font_are_recognised(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    # .VnTime text as Excel stores it: "Họ và tên", "Năm sinh", "Thôn Nà Lầu", "Tổng cộng", "Người lập biểu";
    # "Đàm Văn Công" starts with "§", which is no letter outside the font.
    fill(
        sheet,
        {
            1: {"A": "STT", "B": "Hä vµ tªn", "C": "N¨m sinh"},
            2: {"B": "Th«n Nµ LÇu"},
            3: {"A": 1, "B": "Hoµng V¨n P¶o", "C": 1958},
            4: {"A": 2, "B": "§µm V¨n C«ng", "C": 1969},
            5: {"B": "Tæng céng", "C": 2},
            6: {"B": "Ng\xadêi lËp biÓu"},
        },
    )
    path = tmp_path / "ds.xlsx"
    workbook.save(path)

    [table] = read_tables(path, file_name="ds.xlsx").tables

    assert table.mapping == (f.SEQUENCE, f.FULL_NAME, f.BIRTH)
    assert classification(table) == [
        (2, K.SECTION, "Th«n Nµ LÇu"),  # kept as written: the value parsers convert it
        (3, K.DATA, "Th«n Nµ LÇu"),
        (4, K.DATA, "Th«n Nµ LÇu"),
        (5, K.SUBTOTAL, ""),
        (6, K.FOOTER, ""),
    ]
    assert table.rows[1].cells[1] == "Hoµng V¨n P¶o"


def test_a_name_alone_is_a_person_and_a_place_or_a_numbering_makes_a_section() -> None:
    # Rows that hold nothing but a text in the first columns: the cases a birth date does not settle.
    sheet = Sheet(
        name="DS",
        rows=[
            ("STT", "Họ và tên", "Năm sinh"),
            ("A. Xóm Trên",),
            (None, "Tô Thị Mai"),  # Tô, not Tổ
            (None, "Bàn Văn Lở"),  # Bàn, not Bản
            (None, "Y Blúp Niê"),  # Y is a name
            (None, "VI VĂN AN"),  # VI is a surname here, not a Roman six
            ("II", "Bản Chang"),
            (None, "Tổ 3"),
            (None, "thon na lau"),  # without accents a place word cannot be told from a name
        ],
    )

    [table] = find_tables([sheet]).tables

    assert classification(table) == [
        (2, K.SECTION, "Xóm Trên"),
        (3, K.DATA, "Xóm Trên"),
        (4, K.DATA, "Xóm Trên"),
        (5, K.DATA, "Xóm Trên"),
        (6, K.DATA, "Xóm Trên"),
        (7, K.SECTION, "Bản Chang"),
        (8, K.SECTION, "Tổ 3"),
        (9, K.DATA, "Tổ 3"),
    ]


def test_sheets_without_a_list_are_skipped_with_the_reason() -> None:
    lookup = Sheet(
        name="Danh mục", rows=[("Họ và tên", "Dân tộc", "Thôn"), ("Hoàng Văn Pảo", "Tày", "Nà Lầu")]
    )
    notes = Sheet(name="Ghi chú", rows=[("Danh sách gửi phòng LĐTBXH",), ("Ngày 15/3/2024",)])
    empty = Sheet(name="Sheet3", rows=[(), ()])
    hidden = Sheet(name="Cũ", rows=[("Họ và tên", "Năm sinh"), ("Hoàng Văn Pảo", 1958)], hidden=True)
    persons = Sheet(name="DS", rows=[("Họ và tên", "Năm sinh"), ("Hoàng Văn Pảo", 1958)])

    found = find_tables([lookup, notes, empty, hidden, persons])

    assert [table.sheet for table in found.tables] == ["DS"]
    assert [(sheet.name, sheet.reason) for sheet in found.skipped] == [
        ("Danh mục", "Row 1 looks like the header, but no column is recognised as the date of birth."),
        ("Ghi chú", "No header with a name column and a birth column was found in the first 50 rows."),
        ("Sheet3", "The sheet is empty."),
        ("Cũ", "The sheet is hidden."),
    ]


def test_the_header_with_most_recognised_columns_wins() -> None:
    # A summary block above the list names two fields; the list's own header names four.
    sheet = Sheet(
        name="DS",
        rows=[
            ("Họ và tên", "Năm sinh"),
            ("Tổng số", 2),
            (),
            ("STT", "Họ và tên", "Năm sinh", "Dân tộc"),
            (1, "Hoàng Văn Pảo", 1958, "Tày"),
        ],
    )

    [table] = find_tables([sheet]).tables

    assert table.header_rows == (4,)
    assert classification(table) == [(5, K.DATA, "")]


def test_column_letters_follow_excel() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
