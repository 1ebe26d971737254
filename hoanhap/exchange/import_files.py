"""The files around an import of a commune's list: the template to fill in, and the workbook of the rows
the import could not take, to correct and upload again.

``person_list_template()`` is the XLSX a commune downloads: one sheet "Danh sách" whose header the
importer recognises column by column with no mapping step, drop-down lists for the fields with a fixed
vocabulary, text-formatted ID and phone columns (Excel would drop their leading zeros), a "Hướng dẫn"
sheet explaining each column, and a hidden "Danh mục" sheet holding the list of ethnic groups.

``import_error_workbook()`` gives back the rows an officer still has to deal with, one sheet per source
sheet, under the source's own header, so that the corrected file is recognised with the same mapping.
Each row keeps its original cells and gets its source row number and its reasons in Vietnamese and in
English in three columns at the end, whose labels the importer ignores.

``cells_to_json()`` and ``cells_from_json()`` are the one conversion between the reader's cells and what
``ImportRow.cells`` / ``ImportRow.cell_types`` store: one type letter per cell, so that a date stored as
ISO text comes back a date and a text that looks like a date stays text.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from hoanhap.audit.exports import safe_cell_text
from hoanhap.exchange.models import ImportRow, PersonImport
from hoanhap.exchange.reading.workbook import CellValue, Row

JsonCell = str | int | float | bool | None

TEXT, NUMBER, DATE, DATETIME, BOOLEAN, EMPTY = "s", "n", "d", "t", "b", "e"

TEMPLATE_FILE_NAME = "Mẫu danh sách người khuyết tật.xlsx"

_ETHNICITIES_CSV = Path(__file__).resolve().parent.parent / "people" / "data" / "ethnicities.csv"
_WORKBOOK_OPTIONS = {
    "in_memory": True,
    # Text stays text: a name such as "=HYPERLINK(…)" or a CCCD of digits is never turned into a formula,
    # a link or a number by the writer.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_DATE_FORMAT = "dd/mm/yyyy"
_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


# --- Cells as stored in ImportRow -------------------------------------------------------------------------


def cells_to_json(row: Sequence[CellValue]) -> tuple[list[JsonCell], str]:
    """A row of cells as JSON-safe values and their type letters (one per cell).

    Dates and datetimes become ISO text ("d", "t"); a number that JSON cannot hold (NaN, infinity) is kept
    as its text.
    """
    values: list[JsonCell] = []
    types = []
    for value in row:
        if value is None:
            values.append(None)
            types.append(EMPTY)
        elif isinstance(value, bool):  # before int: a bool is an int too
            values.append(value)
            types.append(BOOLEAN)
        elif isinstance(value, int | float):
            finite = not isinstance(value, float) or math.isfinite(value)
            values.append(value if finite else str(value))
            types.append(NUMBER if finite else TEXT)
        elif isinstance(value, datetime):  # before date: a datetime is a date too
            values.append(value.isoformat())
            types.append(DATETIME)
        elif isinstance(value, date):
            values.append(value.isoformat())
            types.append(DATE)
        else:
            values.append(str(value))
            types.append(TEXT)
    return values, "".join(types)


def cells_from_json(cells: Sequence[JsonCell], types: str) -> Row:
    """The cells ``cells_to_json`` stored, with their types back.

    A cell without a type letter (rows stored before types were kept) is taken as JSON gives it; a date
    text that does not parse stays text rather than failing the whole row.
    """
    return tuple(_cell_from_json(value, types[i] if i < len(types) else "") for i, value in enumerate(cells))


def _cell_from_json(value: JsonCell, kind: str) -> CellValue:
    if value is None or kind == EMPTY:
        return None
    if kind in (DATE, DATETIME) and isinstance(value, str):
        try:
            return date.fromisoformat(value) if kind == DATE else datetime.fromisoformat(value)
        except ValueError:
            return value
    if kind == TEXT:
        return str(value)
    return value


# --- The template -----------------------------------------------------------------------------------------

TEMPLATE_SHEET = "Danh sách"
INSTRUCTIONS_SHEET = "Hướng dẫn"
CHOICES_SHEET = "Danh mục"
TEMPLATE_TITLE = "DANH SÁCH NGƯỜI KHUYẾT TẬT"
TEMPLATE_HEADER_ROW = 3  # 1-based; the header takes this row and the next, the persons start below
TEMPLATE_PREPARED_ROWS = 2000  # rows below the header given the drop-down lists and hints

TYPES_GROUP = "Dạng khuyết tật"
MARK = "x"
SEXES = ("Nam", "Nữ")
SEVERITIES = ("Đặc biệt nặng", "Nặng", "Nhẹ")
HOUSEHOLDS = ("Hộ nghèo", "Hộ cận nghèo")
_ETHNICITY_CHOICES = "ethnicities"  # the list on the choices sheet, too long to write in the validation


@dataclass(frozen=True, slots=True)
class _TemplateColumn:
    label: str
    width: float
    parent: str = ""
    number_format: str = ""
    choices: tuple[str, ...] | str = ()  # the drop-down list, or _ETHNICITY_CHOICES
    hint: str = ""  # shown by Excel and LibreOffice when a cell of the column is selected (≤ 255 chars)


_DATE_HINT = "Ghi ngày/tháng/năm, ví dụ 15/05/2020."
_MARK_HINT = "Đánh x nếu người này có dạng khuyết tật này. Nhiều dạng: đánh x ở mỗi cột."

# The labels are the importer's own words (reading/headers.py); a test checks that each is recognised.
TEMPLATE_COLUMNS = (
    _TemplateColumn("STT", 5),
    _TemplateColumn("Họ và tên", 24),
    # Text, not a date format: a year alone typed into a date-formatted cell would show, and be read, as
    # a day of 1905; as text "1958" stays a year and "05/03/1958" a date, whatever the computer's locale.
    _TemplateColumn(
        "Ngày sinh (ngày/tháng/năm hoặc năm)",
        14,
        number_format="@",
        hint="Ghi ngày/tháng/năm, ví dụ 05/03/1958. Chỉ biết năm sinh: ghi năm, ví dụ 1958.",
    ),
    _TemplateColumn("Giới tính", 8, choices=SEXES),
    _TemplateColumn("Dân tộc", 12, choices=_ETHNICITY_CHOICES),
    _TemplateColumn(
        "Số CCCD", 15, number_format="@", hint="Ghi đủ 12 chữ số, giữ số 0 ở đầu. Chưa có: để trống."
    ),
    _TemplateColumn("Thôn, bản, tổ dân phố", 16),
    _TemplateColumn("Số điện thoại", 13, number_format="@", hint="Ghi đủ các chữ số, giữ số 0 ở đầu."),
    _TemplateColumn("Vận động", 7, parent=TYPES_GROUP, choices=(MARK,), hint=_MARK_HINT),
    _TemplateColumn("Nghe, nói", 7, parent=TYPES_GROUP, choices=(MARK,), hint=_MARK_HINT),
    _TemplateColumn("Nhìn", 7, parent=TYPES_GROUP, choices=(MARK,), hint=_MARK_HINT),
    _TemplateColumn("Thần kinh, tâm thần", 9, parent=TYPES_GROUP, choices=(MARK,), hint=_MARK_HINT),
    _TemplateColumn("Trí tuệ", 7, parent=TYPES_GROUP, choices=(MARK,), hint=_MARK_HINT),
    _TemplateColumn("Khác", 7, parent=TYPES_GROUP, choices=(MARK,), hint=_MARK_HINT),
    _TemplateColumn("Mức độ khuyết tật", 13, choices=SEVERITIES),
    _TemplateColumn("Hộ nghèo, cận nghèo", 13, choices=HOUSEHOLDS),
    _TemplateColumn("Họ tên người chăm sóc", 22),
    _TemplateColumn("Quan hệ với NKT", 10),
    _TemplateColumn("Số giấy xác nhận khuyết tật", 13),
    _TemplateColumn("Ngày cấp giấy xác nhận", 12, number_format=_DATE_FORMAT, hint=_DATE_HINT),
    _TemplateColumn("Ngày xác định mức độ khuyết tật", 13, number_format=_DATE_FORMAT, hint=_DATE_HINT),
    _TemplateColumn("Ghi chú", 20),
)

# (column, how to fill it in) for the instructions sheet.
_INSTRUCTIONS = (
    ("STT", "Số thứ tự. Không bắt buộc."),
    ("Họ và tên", "Bắt buộc. Ghi đầy đủ, có dấu, ví dụ: Hoàng Văn Pảo."),
    (
        "Ngày sinh",
        "Bắt buộc. Ghi ngày/tháng/năm, ví dụ 05/03/1958. Nếu chỉ biết năm sinh thì chỉ ghi năm, ví dụ 1958.",
    ),
    ("Giới tính", "Bắt buộc. Chọn Nam hoặc Nữ."),
    ("Dân tộc", "Chọn trong danh sách, ví dụ Kinh, Tày, Nùng."),
    ("Số CCCD", "Số căn cước công dân, đủ 12 chữ số, giữ số 0 ở đầu. Chưa có thì để trống."),
    ("Thôn, bản, tổ dân phố", "Nơi người khuyết tật đang sinh sống."),
    ("Số điện thoại", "Số điện thoại liên lạc, giữ số 0 ở đầu."),
    (
        TYPES_GROUP,
        "Sáu cột: Vận động, Nghe nói, Nhìn, Thần kinh tâm thần, Trí tuệ, Khác. Đánh x vào cột của dạng "
        "khuyết tật người đó có. Người có nhiều dạng khuyết tật: đánh x ở mỗi cột.",
    ),
    ("Mức độ khuyết tật", "Chọn Đặc biệt nặng, Nặng hoặc Nhẹ, theo giấy xác nhận khuyết tật."),
    ("Hộ nghèo, cận nghèo", "Chọn Hộ nghèo hoặc Hộ cận nghèo. Không thuộc diện này thì để trống."),
    ("Họ tên người chăm sóc", "Người trực tiếp chăm sóc, nuôi dưỡng (nếu có)."),
    ("Quan hệ với NKT", "Quan hệ của người chăm sóc với người khuyết tật, ví dụ: mẹ, vợ, con."),
    ("Số giấy xác nhận khuyết tật", "Số ghi trên giấy xác nhận khuyết tật (nếu có)."),
    ("Ngày cấp giấy xác nhận", "Ghi ngày/tháng/năm, ví dụ 15/05/2020."),
    ("Ngày xác định mức độ khuyết tật", "Ngày Hội đồng xác định mức độ khuyết tật, ghi ngày/tháng/năm."),
    ("Ghi chú", "Thông tin khác cần lưu ý."),
)
_GENERAL_INSTRUCTIONS = (
    "Ghi mỗi người khuyết tật một dòng ở trang “Danh sách”, bắt đầu từ dòng 5, ngay dưới tiêu đề cột.",
    "Không đổi tên, thêm hay xóa cột. Thông tin nào chưa có thì để trống ô đó.",
    "Ghi xong, lưu tệp (Excel hoặc LibreOffice) và tải tệp lên hệ thống.",
)


@lru_cache(maxsize=1)
def ethnicity_names() -> tuple[str, ...]:
    """The names of the ethnic groups, in the order of the official list (the largest groups first)."""
    with _ETHNICITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(record["name"] for record in csv.DictReader(handle))


def person_list_template() -> bytes:
    """The XLSX template of a commune's list of persons with disabilities (see the module docstring)."""
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    sheet = workbook.add_worksheet(TEMPLATE_SHEET)
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    choices = workbook.add_worksheet(CHOICES_SHEET)
    ethnicity_range = _write_choices(choices, workbook.add_format({"bold": True}))
    _write_template_sheet(workbook, sheet, ethnicity_range=ethnicity_range)
    _write_instructions(workbook, instructions)
    # Hidden so that nobody edits the lists by mistake; the import skips hidden sheets.
    choices.hide()
    sheet.activate()
    workbook.close()
    return buffer.getvalue()


def _write_choices(sheet: Worksheet, bold: Format) -> str:
    """The ethnic groups in column A of the choices sheet; returns their range for the drop-down list."""
    sheet.write_string(0, 0, "Dân tộc", bold)
    names = ethnicity_names()
    for row, name in enumerate(names, start=1):
        sheet.write_string(row, 0, name)
    sheet.set_column(0, 0, 24)
    return f"='{CHOICES_SHEET}'!$A$2:$A${len(names) + 1}"


def _write_template_sheet(workbook: xlsxwriter.Workbook, sheet: Worksheet, *, ethnicity_range: str) -> None:
    last_col = len(TEMPLATE_COLUMNS) - 1
    top = TEMPLATE_HEADER_ROW - 1  # 0-based
    first_data, last_data = top + 2, top + 1 + TEMPLATE_PREPARED_ROWS
    title = workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    header = workbook.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "border": 1,
            "bg_color": "#DDEBF7",
        }
    )
    sheet.merge_range(0, 0, 0, last_col, TEMPLATE_TITLE, title)
    sheet.set_row(0, 24)
    sheet.set_row(top, 30)
    sheet.set_row(top + 1, 45)
    group_start: int | None = None
    for col, column in enumerate(TEMPLATE_COLUMNS):
        cell_format = (
            workbook.add_format({"num_format": column.number_format}) if column.number_format else None
        )
        sheet.set_column(col, col, column.width, cell_format)
        if column.parent:
            sheet.write_string(top + 1, col, column.label, header)
            if group_start is None:
                group_start = col
            if col == last_col or TEMPLATE_COLUMNS[col + 1].parent != column.parent:
                sheet.merge_range(top, group_start, top, col, column.parent, header)
                group_start = None
        else:
            sheet.merge_range(top, col, top + 1, col, column.label, header)
        _validate(sheet, column, col, first_data, last_data, ethnicity_range=ethnicity_range)
    # The header and the names stay in view while scrolling through a long list.
    sheet.freeze_panes(top + 2, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # the width of one page, as many pages down as the list needs
    sheet.repeat_rows(top, top + 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&CTrang &P/&N")


def _validate(
    sheet: Worksheet, column: _TemplateColumn, col: int, first: int, last: int, *, ethnicity_range: str
) -> None:
    options: dict[str, Any] = {}
    if column.choices == _ETHNICITY_CHOICES:
        options = {"validate": "list", "source": ethnicity_range}
        message = "Chọn dân tộc trong danh sách."
    elif column.choices:
        options = {"validate": "list", "source": list(column.choices)}
        message = "Chọn một trong: " + ", ".join(column.choices) + "."
    elif column.hint:
        options = {"validate": "any"}  # no rule, only the hint
    else:
        return
    if options["validate"] == "list":
        options.update(error_title="Giá trị không có trong danh sách", error_message=message)
        options.setdefault("input_message", column.hint or message)
    elif column.hint:
        options["input_message"] = column.hint
    # The title of the hint: the column's name without its remark in parentheses (at most 32 characters).
    options["input_title"] = (column.parent or column.label).split(" (")[0][:32]
    sheet.data_validation(first, col, last, col, options)


def _write_instructions(workbook: xlsxwriter.Workbook, sheet: Worksheet) -> None:
    bold = workbook.add_format({"bold": True, "font_size": 13})
    header = workbook.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "valign": "top"})
    cell = workbook.add_format({"text_wrap": True, "border": 1, "valign": "top"})
    sheet.write_string(0, 0, "HƯỚNG DẪN GHI DANH SÁCH NGƯỜI KHUYẾT TẬT", bold)
    row = 2
    for text in _GENERAL_INSTRUCTIONS:
        sheet.write_string(row, 0, "• " + text)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Cột", header)
    sheet.write_string(row, 1, "Cách ghi", header)
    for column, how in _INSTRUCTIONS:
        row += 1
        sheet.write_string(row, 0, column, cell)
        sheet.write_string(row, 1, how, cell)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 90)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


# --- The error workbook -----------------------------------------------------------------------------------

SOURCE_ROW_LABEL = "Dòng gốc / Source row"
REASONS_VI_LABEL = "Lý do (tiếng Việt)"
REASONS_EN_LABEL = "Reason (English)"
REASON_SEPARATOR = "; "
SHEET_NAME_MAX = 31
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))


def import_error_file_name(*, person_import: PersonImport) -> str:
    """The name of the error workbook's download: the uploaded file's, marked as the rows to correct."""
    stem = Path(person_import.file_name).stem or "Danh sách"
    return f"{stem} - cần sửa.xlsx"


def import_error_workbook(*, person_import: PersonImport, rows: Iterable[ImportRow]) -> bytes:
    """The given rows of ``person_import`` as an XLSX to correct and upload again.

    ``rows`` are the rows to give back (rejected, or waiting for a decision), in source order; all are
    written, none is filtered here. One sheet per source sheet holding any of them, in the order of their
    first row, under the source's header as ``person_import.layout`` records it (one or two rows, group
    labels merged across their columns), so that the importer maps the corrected file as it mapped the
    source. Each row's cells stay in their source columns (numbers as numbers, dates as dd/mm/yyyy dates,
    text through the formula guard); after the last column come the source row number and the reasons in
    Vietnamese and in English. A row under a section heading ("Thôn Nà Lầu") is preceded by that heading,
    written as a section row, because a list without a village column takes the village from it.
    With no rows the workbook has one empty sheet.
    """
    by_sheet: dict[str, list[ImportRow]] = {}
    for row in rows:
        by_sheet.setdefault(row.sheet, []).append(row)
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    formats = _ErrorFormats.add_to(workbook)
    taken: set[str] = set()
    for sheet_name, sheet_rows in by_sheet.items():
        name = unique_sheet_name(sheet_name, taken=taken)
        taken.add(name.lower())
        layout = person_import.layout.get(sheet_name) or {}
        _write_error_sheet(workbook.add_worksheet(name), layout, sheet_rows, formats)
    workbook.close()
    return buffer.getvalue()


def unique_sheet_name(name: str, *, taken: set[str]) -> str:
    """``name`` as Excel accepts it: at most 31 characters, none of ``[]:*?/\\``, no apostrophe at either
    end, and not in ``taken`` (lower-case names), numbered " (2)", " (3)"… when it is."""
    cleaned = " ".join(name.translate(_SHEET_NAME_FORBIDDEN).split()).strip("' ") or "Sheet"
    candidate = cleaned[:SHEET_NAME_MAX].rstrip("' ")
    number = 1
    # "History" is reserved by Excel.
    while candidate.lower() in taken or candidate.lower() == "history":
        number += 1
        suffix = f" ({number})"
        candidate = cleaned[: SHEET_NAME_MAX - len(suffix)].rstrip("' ") + suffix
    return candidate


@dataclass(frozen=True, slots=True)
class _ErrorFormats:
    header: Format
    reason_header: Format
    reason: Format
    whole_number: Format
    date: Format
    datetime: Format
    section: Format

    @classmethod
    def add_to(cls, workbook: xlsxwriter.Workbook) -> _ErrorFormats:
        header = {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
        return cls(
            header=workbook.add_format(header),
            reason_header=workbook.add_format({**header, "bg_color": "#FCE4D6"}),
            reason=workbook.add_format({"text_wrap": True, "valign": "top", "font_color": "#9C0006"}),
            # Whole numbers in full: a 12-digit ID stored as a number would otherwise show as 1.23E+11.
            whole_number=workbook.add_format({"num_format": "0"}),
            date=workbook.add_format({"num_format": _DATE_FORMAT}),
            datetime=workbook.add_format({"num_format": _DATETIME_FORMAT}),
            section=workbook.add_format({"bold": True}),
        )


def _write_error_sheet(
    sheet: Worksheet, layout: dict[str, Any], rows: list[ImportRow], formats: _ErrorFormats
) -> None:
    columns: list[dict[str, Any]] = list(layout.get("columns") or ())
    two_rows = len(layout.get("header_rows") or ()) == 2
    header_height = 2 if two_rows else 1
    decoded = [cells_from_json(row.cells or [], row.cell_types or "") for row in rows]
    width = max([int(column["index"]) + 1 for column in columns] + [len(cells) for cells in decoded] + [0])
    _write_source_header(sheet, columns, two_rows=two_rows, fmt=formats.header)
    extra_labels = (SOURCE_ROW_LABEL, REASONS_VI_LABEL, REASONS_EN_LABEL)
    for offset, label in enumerate(extra_labels):
        _write_heading(sheet, width + offset, label, header_height, formats.reason_header)
    sheet.set_row(0, 30 if two_rows else 45)
    _set_widths(sheet, columns, decoded, width)
    sheet.set_column(width, width, 10)
    sheet.set_column(width + 1, width + 2, 50)
    sheet.freeze_panes(header_height, 0)

    number = header_height  # 0-based: the next row to write
    section = ""
    for row, cells in zip(rows, decoded, strict=True):
        if row.section and row.section != section:
            _write_section(sheet, number, row.section, last_col=max(width - 1, 0), fmt=formats.section)
            number += 1
        section = row.section or section
        for col, value in enumerate(cells):
            _write_cell(sheet, number, col, value, formats)
        sheet.write_number(number, width, row.row_number)
        reasons = row.reasons or []
        sheet.write_string(number, width + 1, _joined(reasons, "vi", "en"), formats.reason)
        sheet.write_string(number, width + 2, _joined(reasons, "en", "vi"), formats.reason)
        number += 1


def _write_source_header(
    sheet: Worksheet, columns: list[dict[str, Any]], *, two_rows: bool, fmt: Format
) -> None:
    """The source's header: in two rows, each group label merged across its consecutive columns."""
    height = 2 if two_rows else 1
    group: list[int] = []
    for position, column in enumerate(columns):
        col = int(column["index"])
        parent = str(column.get("parent") or "") if two_rows else ""
        text = str(column.get("text") or column.get("label") or "")
        if not parent:
            _write_heading(sheet, col, text, height, fmt)
            continue
        sheet.write_string(1, col, safe_cell_text(text), fmt)
        group.append(col)
        following = columns[position + 1] if position + 1 < len(columns) else None
        ends_group = (
            following is None
            or str(following.get("parent") or "") != parent
            or int(following["index"]) != col + 1
        )
        if ends_group:
            _write_heading_across(sheet, group[0], group[-1], parent, fmt)
            group = []


def _write_heading(sheet: Worksheet, col: int, text: str, height: int, fmt: Format) -> None:
    if height == 2:
        sheet.merge_range(0, col, 1, col, safe_cell_text(text), fmt)
    else:
        sheet.write_string(0, col, safe_cell_text(text), fmt)


def _write_heading_across(sheet: Worksheet, first: int, last: int, text: str, fmt: Format) -> None:
    if first == last:
        sheet.write_string(0, first, safe_cell_text(text), fmt)
    else:
        sheet.merge_range(0, first, 0, last, safe_cell_text(text), fmt)


def _write_section(sheet: Worksheet, row: int, heading: str, *, last_col: int, fmt: Format) -> None:
    # Merged across the table, as communes write it: the importer reads a spread heading as a section.
    if last_col > 0:
        sheet.merge_range(row, 0, row, last_col, safe_cell_text(heading), fmt)
    else:
        sheet.write_string(row, 0, safe_cell_text(heading), fmt)


def _write_cell(sheet: Worksheet, row: int, col: int, value: CellValue, formats: _ErrorFormats) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int):
        sheet.write_number(row, col, value, formats.whole_number)
    elif isinstance(value, float):
        sheet.write_number(row, col, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, formats.datetime)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats.date)
    else:
        sheet.write_string(row, col, safe_cell_text(value))


def _joined(reasons: list[dict[str, Any]], language: str, fallback: str) -> str:
    texts = (str(reason.get(language) or reason.get(fallback) or "") for reason in reasons)
    return REASON_SEPARATOR.join(text for text in texts if text)


def _set_widths(sheet: Worksheet, columns: list[dict[str, Any]], cells: list[Row], width: int) -> None:
    """Each source column wide enough for its longest value (within limits), its heading wrapping."""
    longest = [0] * width
    for column in columns:
        col = int(column["index"])
        longest[col] = max(len(word) for word in (str(column.get("text") or "") + " x").split())
    for row in cells:
        for col, value in enumerate(row):
            if value is not None:
                shown = 10 if isinstance(value, date) else len(str(value))
                longest[col] = max(longest[col], shown)
    for col, size in enumerate(longest):
        sheet.set_column(col, col, min(max(size + 2, 6), 40))
