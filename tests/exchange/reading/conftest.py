"""Workbooks as communes make them, built with openpyxl, and their XLS and ODS copies made by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

TITLE_ROWS: list[tuple[str, str]] = [
    ("A1", "UBND XÃ BẮC SƠN"),
    ("F1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("F2", "Độc lập - Tự do - Hạnh phúc"),
    ("A4", "DANH SÁCH NGƯỜI KHUYẾT TẬT NĂM 2024"),
]
TITLE_MERGES = ["A1:D1", "F1:P1", "F2:P2", "A4:P4"]

# Rows 6 and 7: "Ngày tháng năm sinh" over Nam | Nữ, "Dạng tật" over six type columns, "Mức độ" over three.
HEADER_TOP = {
    "A": "STT",
    "B": "Họ và tên",
    "C": "Ngày tháng năm sinh",
    "E": "Dân tộc",
    "F": "Thôn",
    "G": "Dạng tật",
    "M": "Mức độ",
    "P": "Ghi chú",
}
HEADER_BOTTOM = {
    "C": "Nam",
    "D": "Nữ",
    "G": "Vận động",
    "H": "Nghe, nói",
    "I": "Nhìn",
    "J": "Thần kinh, tâm thần",
    "K": "Trí tuệ",
    "L": "Khác",
    "M": "Đặc biệt nặng",
    "N": "Nặng",
    "O": "Nhẹ",
}
# Each one-row label is merged down over both rows; the group labels across their sub-columns.
HEADER_MERGES = ["A{t}:A{b}", "B{t}:B{b}", "C{t}:D{t}", "E{t}:E{b}", "F{t}:F{b}", "G{t}:L{t}", "M{t}:O{t}"]
HEADER_MERGES += ["P{t}:P{b}"]

Cells = dict[str, Any]


def _person(
    number: int, name: str, *, male: Any = None, female: Any = None, ethnicity: str, village: str, marks: str
) -> Cells:
    row: Cells = {"A": number, "B": name, "C": male, "D": female, "E": ethnicity, "F": village}
    row.update(dict.fromkeys(marks, "x"))
    return row


# Row number → cells. Rows not listed are empty.
COMMUNE_ROWS: dict[int, Cells] = {
    8: {letter: index + 1 for index, letter in enumerate("ABCDEFGHIJKLMNOP")},
    9: {"A": "I", "B": "Thôn Nà Lầu"},
    10: _person(1, "Hoàng Văn Pảo", male=1958, ethnicity="Tày", village="Nà Lầu", marks="GN"),
    11: _person(2, "Lương Thị Hoa", female="12/03/1990", ethnicity="Nùng", village="Nà Lầu", marks="KO"),
    12: {"B": "Cộng thôn", "C": 1, "D": 1},
    14: {"A": "Thôn Bản Chang"},
    15: _person(3, "Tô Thị Mai", female=date(1985, 6, 1), ethnicity="Kinh", village="Bản Chang", marks="IN"),
    16: _person(4, "Tống Văn Nam", male=1972, ethnicity="Tày", village="Bản Chang", marks="HM"),
    17: dict(HEADER_TOP),
    18: dict(HEADER_BOTTOM),
    19: _person(5, "Bàn Văn Lở", male=2001, ethnicity="Dao", village="Bản Chang", marks="JN"),
    20: {"A": 6, "B": "Y Blúp Niê", "C": 1999},
    21: {"A": "Tổng cộng", "C": 4, "D": 2},
    23: {"B": "Người lập biểu", "J": "Bắc Sơn, ngày 15 tháng 3 năm 2024"},
    24: {"J": "TM. UBND XÃ"},
    25: {"J": "CHỦ TỊCH"},
    27: {"B": "Nguyễn Thị Lan", "J": "Hà Văn Bình"},
}
COMMUNE_MERGES = ["A14:P14", "A21:B21"]


def fill(sheet: Worksheet, rows: dict[int, Cells]) -> None:
    for number, cells in rows.items():
        for letter, value in cells.items():
            if value is not None:
                sheet[f"{letter}{number}"] = value


def merge(sheet: Worksheet, ranges: Sequence[str]) -> None:
    for cell_range in ranges:
        sheet.merge_cells(cell_range)


def header_merges(top: int) -> list[str]:
    return [merge.format(t=top, b=top + 1) for merge in HEADER_MERGES]


def build_commune_list(path: Path, *, merges: bool = True) -> Path:
    """The Bắc Sơn list: titles, a two-row header, villages, subtotals, a repeated header, signatures.

    Without ``merges`` the header is laid out as "centre across selection" leaves it: the same labels,
    no merged cells.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "DS NKT"
    for cell, value in TITLE_ROWS:
        sheet[cell] = value
    fill(sheet, {6: HEADER_TOP, 7: HEADER_BOTTOM, **COMMUNE_ROWS})
    if merges:
        merge(sheet, TITLE_MERGES + header_merges(6) + header_merges(17) + COMMUNE_MERGES)
    workbook.save(path)
    return path


@pytest.fixture
def commune_list(tmp_path: Path) -> Path:
    return build_commune_list(tmp_path / "Danh sách NKT xã Bắc Sơn.xlsx")


def _convert(source: Path, fmt: str, outdir: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: XLS and ODS copies cannot be made")
    profile = outdir / f"profile-{fmt}"  # its own profile, so parallel test runs do not share one
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = outdir / f"{source.stem}.{fmt}"
    assert converted.exists(), f"LibreOffice made no {fmt} file"
    return converted


@pytest.fixture(scope="session")
def converted_commune_list(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The Bắc Sơn list as LibreOffice saves it in ``fmt`` ("xls", "ods"), made once per test run."""
    directory = tmp_path_factory.mktemp("converted")
    source = build_commune_list(directory / "commune.xlsx")
    made: dict[str, Path] = {}

    def converted(fmt: str) -> Path:
        if fmt not in made:
            made[fmt] = _convert(source, fmt, directory)
        return made[fmt]

    return converted


@pytest.fixture(autouse=True)
def messages_in_english() -> Iterator[None]:
    """The assertions quote the English messages; the Vietnamese ones are checked by the catalogue."""
    with translation.override("en"):
        yield
