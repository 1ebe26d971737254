"""A commune list as communes keep them, written next to the demo database to try the import with.

It has what real lists have: title rows, a two-row header with the birth date under "Nam" or "Nữ", type
and severity words in their variants, a citizen ID stored as a number (its leading zero lost), a name
typed in the old TCVN3 font, a village heading, a subtotal and the signature block; and a few rows the
import refuses or flags (an impossible date, an old CMND number, a person listed twice).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import xlsxwriter

FILE_NAME = "danh-sach-nkt-bac-son-mau.xlsx"
HEADER_TOP = [
    "STT",
    "Họ và tên",
    "Ngày tháng năm sinh",
    "",
    "Dân tộc",
    "Số CCCD/CMND",
    "Thôn",
    "Dạng tật",
    "Mức độ KT",
    "Ghi chú",
]
HEADER_BOTTOM = ["", "", "Nam", "Nữ", "", "", "", "", "", ""]
ROWS: list[list[object]] = [
    ["Thôn Nà Lầu"],
    [1, "Hoàng Văn Pảo", 1958, None, "Tày", 20058004123, "Nà Lầu", "VĐ", "ĐBN", ""],
    [
        2,
        "L\xad¬ng ThÞ Ph\xadîng",
        None,
        "12/03/1990",
        "Nùng",
        "020190004567",
        "Nà Lầu",
        "nghe, nói",
        "nang",
        "TCVN3",
    ],
    [3, "Nông Đức Mạnh", date(2012, 9, 1), None, "Nùng", None, "Nà Lầu", "Trí tuệ", "Nặng", ""],
    [4, "Vi Thị Sáng", None, "31/02/1980", "Tày", None, "Nà Lầu", "vận động", "nhẹ", "ngày sinh sai"],
    ["Thôn Bản Chang"],
    [5, "Triệu Văn Tài", 1960, None, "Dao", 123456789, "Bản Chang", "Nhìn", "nhe", "số CMND cũ"],
    [6, "Lò Thị Mai", None, 1975, "Tày", None, "Bản Chang", "thần kinh, tâm thần", "Nặng", ""],
    [7, "Lò Thị Mai", None, 1975, "Tày", None, "Bản Chang", "thần kinh, tâm thần", "Nặng", "ghi hai lần"],
    ["Tổng cộng", None, 3, 4],
]


def demo_list_write(folder: Path) -> Path:
    """Write the sample list into ``folder`` (replacing an earlier copy) and return its path."""
    path = folder / FILE_NAME
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("DS NKT")
    bold = workbook.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
    )
    sheet.write(0, 0, "UBND XÃ BẮC SƠN")
    sheet.merge_range(2, 0, 2, 9, "DANH SÁCH NGƯỜI KHUYẾT TẬT NĂM 2024", bold)
    for column, (top, bottom) in enumerate(zip(HEADER_TOP, HEADER_BOTTOM, strict=True)):
        if column in (2, 3):
            sheet.write(5, column, bottom, bold)
        else:
            sheet.merge_range(4, column, 5, column, top, bold)
    sheet.merge_range(4, 2, 4, 3, HEADER_TOP[2], bold)
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for offset, cells in enumerate(ROWS):
        for column, value in enumerate(cells):
            if isinstance(value, date):
                sheet.write_datetime(6 + offset, column, value, day)
            elif value is not None:
                sheet.write(6 + offset, column, value)
    last = 6 + len(ROWS) + 1
    sheet.write(last, 1, "Người lập biểu")
    sheet.write(last, 7, "TM. UBND XÃ")
    sheet.set_column(1, 1, 24)
    sheet.set_column(5, 8, 16)
    workbook.close()
    return path
