"""Reading an uploaded file into sheets: formats told by content, cell values, CSV encodings, refusals."""

import codecs
import random
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.reading.encoding import to_unicode
from hoanhap.exchange.reading.workbook import MergedRange, read_workbook

from .conftest import build_commune_list

# A spreadsheet's date and time is wall-clock time with no zone, and comes back as such.
MEETING = datetime(2024, 3, 15, 9, 30)  # noqa: DTZ001


def test_xlsx_cells_come_out_as_plain_values_at_their_excel_position(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    # The data starts at C3: rows and columns before it must still count.
    sheet["C3"] = "Hoàng Văn Pảo"
    sheet["D3"] = 1958  # stored by Excel as the float 1958.0
    sheet["E3"] = 2.5
    sheet["F3"] = 12345678901234567890  # beyond a float's exact whole numbers
    sheet["G3"] = date(1985, 6, 1)
    sheet["H3"] = MEETING
    sheet["I3"] = True
    sheet["J3"] = "   "
    sheet["K3"] = time(3, 4)
    sheet["C5"] = "Lương Thị Hoa"
    sheet["D5"] = ""
    sheet.merge_cells("C7:E8")
    path = tmp_path / "ds.xlsx"
    workbook.save(path)

    [read] = read_workbook(path, file_name="ds.xlsx")

    assert read.name == "Danh sách"
    assert read.rows[0] == read.rows[1] == ()
    values = read.rows[2]
    assert values[:2] == (None, None)
    assert values[2:4] == ("Hoàng Văn Pảo", 1958)
    assert type(values[3]) is int
    assert values[4] == 2.5
    assert isinstance(values[5], float)  # an int here would show digits the file never held
    assert values[6:9] == (date(1985, 6, 1), MEETING, True)
    assert values[9] is None
    assert values[10] == "03:04:00"
    assert read.rows[4] == (None, None, "Lương Thị Hoa")  # the empty text and the row's end left out
    assert read.merged == (MergedRange(first_row=6, first_col=2, last_row=7, last_col=4),)
    assert not read.hidden


def test_every_worksheet_is_read_in_order_and_hidden_ones_are_marked(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Thôn Nà Lầu"
    first["A1"] = "Họ và tên"
    lookup = workbook.create_sheet("Danh mục")
    lookup["A1"] = "Kinh"
    lookup.sheet_state = "hidden"
    workbook.create_sheet("Trống")
    path = tmp_path / "ds.xlsx"
    workbook.save(path)

    sheets = read_workbook(path, file_name="ds.xlsx")

    assert [(sheet.name, sheet.hidden) for sheet in sheets] == [
        ("Thôn Nà Lầu", False),
        ("Danh mục", True),
        ("Trống", False),
    ]
    assert sheets[2].rows == []


@pytest.mark.parametrize("misleading_name", ["danh sach.xls", "danh sach.csv", "danh sach"])
def test_the_content_decides_the_format_not_the_name(tmp_path: Path, misleading_name: str) -> None:
    path = build_commune_list(tmp_path / "upload")

    [sheet] = read_workbook(path, file_name=misleading_name)

    assert sheet.rows[5][:2] == ("STT", "Họ và tên")


def test_a_utf8_csv_with_a_byte_order_mark_is_read_as_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_bytes(
        codecs.BOM_UTF8
        + (
            "STT,Họ và tên,Năm sinh,Số CCCD,Địa chỉ\r\n"
            '1,Hoàng Văn Pảo,1958,001058012345,"Thôn Nà Lầu, xã Bắc Sơn"\r\n'
            '2,Lương Thị Hoa,,,"Ghi chú\r\nhai dòng"\r\n'
        ).encode()
    )

    [sheet] = read_workbook(path, file_name="Danh sách.csv")

    assert sheet.name == "Danh sách"
    assert list(sheet.rows) == [
        ("STT", "Họ và tên", "Năm sinh", "Số CCCD", "Địa chỉ"),
        ("1", "Hoàng Văn Pảo", "1958", "001058012345", "Thôn Nà Lầu, xã Bắc Sơn"),
        ("2", "Lương Thị Hoa", None, None, "Ghi chú\r\nhai dòng"),
    ]


def cp1258(text: str) -> bytes:
    """``text`` as Vietnamese Windows writes it: vowels with their hat or horn, then the tone as a mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    letters: list[list[str]] = []  # each letter: its base with hat, breve or horn, then its tone
    for char in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(char):
            letters.append([char, ""])
        elif char in tones:
            letters[-1][1] += char
        else:
            letters[-1][0] = unicodedata.normalize("NFC", letters[-1][0] + char)
    return "".join(base + tone for base, tone in letters).encode("cp1258")


def test_a_vietnamese_windows_csv_with_semicolons_is_read_composed(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_bytes(
        cp1258(
            "DANH SÁCH NGƯỜI KHUYẾT TẬT\r\n"
            "STT;Họ và tên;Năm sinh;Địa chỉ\r\n"
            "1;Nguyễn Thị Hường;1975;Thôn Nà Lầu, xã Bắc Sơn\r\n"
            "2;Đặng Văn Ánh;1988;Bản Chang, xã Bắc Sơn\r\n"
        )
    )

    [sheet] = read_workbook(path, file_name="ds.csv")

    assert list(sheet.rows) == [
        ("DANH SÁCH NGƯỜI KHUYẾT TẬT",),
        ("STT", "Họ và tên", "Năm sinh", "Địa chỉ"),
        ("1", "Nguyễn Thị Hường", "1975", "Thôn Nà Lầu, xã Bắc Sơn"),
        ("2", "Đặng Văn Ánh", "1988", "Bản Chang, xã Bắc Sơn"),
    ]
    assert all(unicodedata.is_normalized("NFC", cell) for row in sheet.rows for cell in row if cell)


def test_a_csv_typed_in_a_legacy_font_is_read_as_excel_shows_it(tmp_path: Path) -> None:
    # "Lò Thị Bền" typed with .VnTime: its bytes would be stray tone marks in cp1258.
    legacy = "Lß ThÞ BÒn"
    path = tmp_path / "ds.csv"
    path.write_bytes(f"STT,Hä vµ tªn\r\n1,{legacy}\r\n".encode("cp1252"))

    [sheet] = read_workbook(path, file_name="ds.csv")

    assert sheet.rows[1] == ("1", legacy)
    assert to_unicode(legacy) == "Lò Thị Bền"


def test_excel_unicode_text_is_read_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "ds.txt"
    path.write_bytes("Họ và tên\tNăm sinh\r\nHoàng Văn Pảo\t1958\r\n".encode("utf-16"))

    [sheet] = read_workbook(path, file_name="ds.txt")

    assert list(sheet.rows) == [("Họ và tên", "Năm sinh"), ("Hoàng Văn Pảo", "1958")]


def _pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(4096))


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")


def _web_page(path: Path) -> None:
    path.write_bytes(b"<html><body><table><tr><td>H\xe1\xbb\x8d t\xc3\xaan</td></tr></table></body></html>")


@pytest.mark.parametrize(
    ("name", "write", "kind"),
    [
        ("danh sach.pdf", _pdf, "a PDF document"),
        ("danh sach.xlsx", _random_bytes, "not a spreadsheet"),
        ("danh sach.docx", _docx, "a Word document"),
        ("danh sach.xls", _web_page, "a web page"),
    ],
)
def test_a_file_that_is_no_spreadsheet_is_refused_saying_what_it_is(
    tmp_path: Path, name: str, write: Callable[[Path], None], kind: str
) -> None:
    path = tmp_path / "upload"
    write(path)

    with pytest.raises(ApplicationError) as refused:
        read_workbook(path, file_name=name)

    message = str(refused.value)
    assert name in message
    assert kind in message
    assert refused.value.code == "unsupported_format"
    if kind != "a web page":
        assert "XLSX, XLS, ODS or CSV" in message


def test_a_truncated_workbook_is_refused_as_damaged(tmp_path: Path) -> None:
    complete = build_commune_list(tmp_path / "complete.xlsx").read_bytes()
    path = tmp_path / "upload"
    path.write_bytes(complete[: len(complete) // 2])

    with pytest.raises(ApplicationError) as refused:
        read_workbook(path, file_name="ds.xlsx")

    assert refused.value.code == "damaged_file"
    assert "“ds.xlsx” cannot be read as an XLSX file" in str(refused.value)


def test_an_old_office_file_calamine_cannot_read_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))

    with pytest.raises(ApplicationError) as refused:
        read_workbook(path, file_name="ds.xls")

    assert refused.value.code == "damaged_file"
    assert "XLS" in str(refused.value)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_bytes(b"")

    with pytest.raises(ApplicationError) as refused:
        read_workbook(path, file_name="ds.csv")

    assert refused.value.code == "empty_file"


def test_an_xls_saved_by_libreoffice_is_read_with_its_merges(
    converted_commune_list: Callable[[str], Path],
) -> None:
    [sheet] = read_workbook(converted_commune_list("xls"), file_name="commune.xls")

    assert sheet.name == "DS NKT"
    assert sheet.rows[9][:6] == (1, "Hoàng Văn Pảo", 1958, None, "Tày", "Nà Lầu")
    assert MergedRange(first_row=5, first_col=2, last_row=5, last_col=3) in sheet.merged  # C6:D6


def test_an_ods_is_read_though_calamine_gives_no_merges(
    converted_commune_list: Callable[[str], Path],
) -> None:
    [sheet] = read_workbook(converted_commune_list("ods"), file_name="commune.ods")

    assert sheet.rows[9][:6] == (1, "Hoàng Văn Pảo", 1958, None, "Tày", "Nà Lầu")
    assert sheet.rows[14][3] == date(1985, 6, 1)
    assert sheet.merged == ()
