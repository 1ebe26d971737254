"""The templates of a service list and of an attendance list: XLSX files whose header the importer
recognises column by column, with drop-down lists for the cells with a fixed vocabulary and a sheet
explaining each column (the template of a list of persons is in ``import_files``)."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import xlsxwriter

from hoanhap.exchange.models import ImportTarget

SHEET = "Danh sách"
INSTRUCTIONS = "Hướng dẫn"
HEADER_ROW = 2  # 0-based: a title, a blank row, then the header
PREPARED_ROWS = 1000
SEXES = ("Nam", "Nữ")
KINDS = ("NKT", "Người nhà", "Cán bộ")
FUNDING = (
    "Ngân sách nhà nước",
    "Ngân sách tỉnh",
    "Ngân sách xã",
    "Quỹ bảo trợ trẻ em",
    "Tài trợ",
    "Gia đình",
    "Khác",
)


@dataclass(frozen=True, slots=True)
class _Column:
    label: str  # the importer's own words (reading/headers.py); a test checks each is recognised
    width: float
    explanation: str
    choices: tuple[str, ...] = ()
    text: bool = False  # kept as text: an ID's leading zeros, a date typed in any locale


_IDENTITY = (
    _Column("STT", 5, "Số thứ tự (không nhập vào hệ thống)."),
    _Column("Họ và tên", 26, "Bắt buộc. Họ tên như trong sổ theo dõi người khuyết tật của xã."),
    _Column(
        "Năm sinh",
        12,
        "Năm sinh (ví dụ 1985) hoặc ngày sinh (15/05/1985). Cần năm sinh hoặc số CCCD để tìm đúng người.",
        text=True,
    ),
    _Column("Giới tính", 10, "Nam hoặc Nữ.", choices=SEXES),
    _Column("Số CCCD", 16, "Số căn cước công dân (12 chữ số), nếu có.", text=True),
)
TEMPLATE_COLUMNS: dict[str, tuple[_Column, ...]] = {
    ImportTarget.SERVICES: (
        *_IDENTITY,
        _Column("Thôn", 16, "Thôn, bản, tổ dân phố (để đối chiếu, không bắt buộc)."),
        _Column(
            "Ngày thực hiện",
            14,
            "Ngày người này nhận dịch vụ (15/05/2025). Để trống nếu đã chọn ngày cho cả danh sách khi "
            "tải lên.",
            text=True,
        ),
        _Column("Kinh phí (đồng)", 14, "Số tiền, tính bằng đồng (ví dụ 1500000)."),
        _Column("Nguồn kinh phí", 20, "Chọn trong danh sách.", choices=FUNDING),
        _Column("Kết quả", 24, "Kết quả của dịch vụ, nếu loại dịch vụ yêu cầu."),
        _Column("Ngày tái khám", 14, "Ngày hẹn theo dõi, tái khám, nếu có.", text=True),
        _Column("Ghi chú", 24, "Ghi chú."),
    ),
    ImportTarget.PARTICIPANTS: (
        *_IDENTITY,
        _Column("Thành phần", 14, "NKT, Người nhà (người nhà, người chăm sóc) hoặc Cán bộ.", choices=KINDS),
        _Column(
            "Là người nhà của (NKT)",
            26,
            "Với người nhà: họ tên người khuyết tật được chăm sóc; thêm năm sinh trong ngoặc nếu trùng tên, "
            "ví dụ Nguyễn Văn An (1990).",
        ),
        _Column("Chức vụ", 18, "Với cán bộ, cộng tác viên: chức vụ."),
        _Column("Đơn vị công tác", 22, "Với cán bộ, cộng tác viên: cơ quan, đơn vị."),
        _Column("Ghi chú", 24, "Ghi chú."),
    ),
}
TITLES = {
    ImportTarget.SERVICES: "DANH SÁCH NGƯỜI KHUYẾT TẬT ĐƯỢC HƯỞNG DỊCH VỤ",
    ImportTarget.PARTICIPANTS: "DANH SÁCH NGƯỜI THAM GIA HOẠT ĐỘNG",
}
FILE_NAMES = {
    ImportTarget.SERVICES: "Mẫu danh sách dịch vụ.xlsx",
    ImportTarget.PARTICIPANTS: "Mẫu danh sách người tham gia.xlsx",
}


def record_template_file_name(target: str) -> str:
    return FILE_NAMES[ImportTarget(target)]


def record_list_template(target: str) -> bytes:
    """The XLSX template of a service list (``target`` "services") or an attendance list ("participants")."""
    columns = TEMPLATE_COLUMNS[ImportTarget(target)]
    output = BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False})
    title = workbook.add_format({"bold": True, "font_size": 13})
    header = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter"})
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet(SHEET)
    sheet.write(0, 0, TITLES[ImportTarget(target)], title)
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width, text if column.text else None)
        sheet.write(HEADER_ROW, col, column.label, header)
        if column.choices:
            sheet.data_validation(
                HEADER_ROW + 1,
                col,
                HEADER_ROW + PREPARED_ROWS,
                col,
                {"validate": "list", "source": list(column.choices), "ignore_blank": True},
            )
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    # One cell per line: a line holding a column's label and its explanation side by side would read as
    # the header of a list, and the importer would take this sheet for one.
    guide = workbook.add_worksheet(INSTRUCTIONS)
    guide.set_column(0, 0, 120)
    guide.write(0, 0, "Cách ghi từng cột của danh sách", title)
    for row, column in enumerate(columns, start=2):
        guide.write(row, 0, f"{column.label}: {column.explanation}")
    workbook.close()
    return output.getvalue()
