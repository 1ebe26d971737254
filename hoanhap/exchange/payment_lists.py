"""A commune's monthly payment list as the officers print, sign and hand out: XLSX and PDF.

The official layout (Decree 30/2020 for the heading, the commune's customary list for the table): the
People's Committee of the commune on the left and the national title and motto on the right; the title
"DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG" with the month; one row per payee (STT, Họ và tên, Năm sinh,
Thôn, Mức độ khuyết tật, Hệ số, Số tiền tháng, Truy lĩnh, Truy thu, Tổng số tiền, Ký nhận); the total in
figures and in words; place and date; the signatures of the preparer, the accountant and the chair. The
wording is Vietnamese whatever the interface language: it is the legal document. Both files name persons,
so each export is recorded (``benefits.payment_run.exported``).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Literal
from xml.sax.saxutils import escape

import xlsxwriter
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hoanhap.assessments.certificate_pdf import (
    BOLD,
    FONT_DIR,
    ITALIC,
    REGULAR,
    SEVERITY_WORDING,
    issue_date_text,
    place_name,
)
from hoanhap.audit.exports import safe_cell_text
from hoanhap.audit.services import audit_record
from hoanhap.benefits.models import BenefitKind, PaymentLine, PaymentRun
from hoanhap.benefits.parameters import plain_decimal
from hoanhap.benefits.payment_selectors import payment_run_lines
from hoanhap.benefits.words import dong_in_words
from hoanhap.core.scope import Viewer
from hoanhap.core.text import grouped_number

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLES = {
    BenefitKind.MONTHLY_ALLOWANCE: "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG",
    BenefitKind.CARE_SUPPORT: "DANH SÁCH CHI TRẢ KINH PHÍ HỖ TRỢ CHĂM SÓC HÀNG THÁNG",
    BenefitKind.CARER_SUPPORT: "DANH SÁCH CHI TRẢ KINH PHÍ HỖ TRỢ HỘ GIA ĐÌNH CHĂM SÓC NGƯỜI KHUYẾT TẬT",
}
COLUMNS = (
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Thôn",
    "Mức độ khuyết tật",
    "Hệ số",
    "Số tiền tháng",
    "Truy lĩnh",
    "Truy thu",
    "Tổng số tiền",
    "Ký nhận",
)
# The commune's type as the chair's title reads it ("Chủ tịch UBND xã", "… phường", "… đặc khu").
UNIT_TYPE_WORDS = (("Đặc khu ", "đặc khu"), ("Phường ", "phường"), ("Thị trấn ", "thị trấn"), ("Xã ", "xã"))
SIGNATURES = ("Người lập biểu", "Kế toán")


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


@dataclass(frozen=True)
class PaymentList:
    """The words and figures of one run's list, shared by both formats."""

    committee: str  # "XÃ BẮC SƠN"
    title: str
    month: str  # "Tháng 10 năm 2024"
    rows: list[list[Any]]
    regular: int
    arrears: int
    recoveries: int
    total: int
    in_words: str
    place_and_date: str
    chair: str

    @property
    def total_row(self) -> list[Any]:
        return ["", "Tổng cộng", "", "", "", "", self.regular, self.arrears, self.recoveries, self.total, ""]


def _coefficient(value: Decimal | None) -> str:
    """As the decrees write it: "1,5", "2,0"."""
    if value is None:
        return ""
    text = plain_decimal(value)
    return (text if "." in text else text + ".0").replace(".", ",")


def _row(line: PaymentLine) -> list[Any]:
    name = (
        line.full_name
        if line.payee_name == line.full_name
        else f"{line.full_name} (nhận thay: {line.payee_name})"
    )
    return [
        line.position,
        _nfc(name),
        line.birth_year,
        _nfc(line.village),
        SEVERITY_WORDING.get(line.severity, ""),
        _coefficient(line.coefficient),
        line.regular,
        line.arrears,
        line.recoveries,
        line.total,
        "",
    ]


def _unit_type_word(name: str) -> str:
    return next((word for prefix, word in UNIT_TYPE_WORDS if name.startswith(prefix)), "xã")


def payment_list_content(
    *, run: PaymentRun, lines: Sequence[PaymentLine], today: date | None = None
) -> PaymentList:
    """The list's content; dated the day of approval, or ``today`` for a draft."""
    commune = run.commune
    day = timezone.localdate(run.approved_at) if run.approved_at else (today or timezone.localdate())
    return PaymentList(
        committee=_nfc(commune.name.upper()),
        title=TITLES.get(BenefitKind(run.kind), TITLES[BenefitKind.MONTHLY_ALLOWANCE]),
        month=f"Tháng {run.month.month} năm {run.month.year}",
        rows=[_row(line) for line in lines],
        regular=sum(line.regular for line in lines),
        arrears=sum(line.arrears for line in lines),
        recoveries=sum(line.recoveries for line in lines),
        total=sum(line.total for line in lines),
        in_words=f"Bằng chữ: {dong_in_words(sum(line.total for line in lines))}",
        place_and_date=_nfc(issue_date_text(place_name(commune), day)),
        chair=f"Chủ tịch UBND {_unit_type_word(commune.name)}",
    )


def _record_export(viewer: Viewer, run: PaymentRun, fmt: str, lines: int) -> None:
    audit_record(
        actor=viewer,
        action="benefits.payment_run.exported",
        obj=run,
        unit_path=run.unit_path,
        new={"format": fmt, "lines": lines},
    )


# --- XLSX ---------------------------------------------------------------------------------------------------

MONEY_COLUMNS = range(6, 10)
WIDTHS = (5, 28, 9, 16, 16, 7, 14, 12, 12, 14, 14)


def payment_list_workbook(content: PaymentList) -> bytes:
    """The list as a one-sheet workbook: the heading, the table, the total, the words and the signatures.
    Text goes through ``safe_cell_text`` (never run as a formula); sums are numbers."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet("Danh sách")
    base = {"font_name": "Times New Roman", "font_size": 12}
    bold_centre = workbook.add_format({**base, "bold": True, "align": "center"})
    italic_centre = workbook.add_format({**base, "italic": True, "align": "center"})
    title = workbook.add_format({**base, "bold": True, "align": "center", "font_size": 14})
    header = workbook.add_format(
        {**base, "bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True}
    )
    cell = workbook.add_format({**base, "border": 1})
    money = workbook.add_format({**base, "border": 1, "num_format": "#,##0"})
    total_text = workbook.add_format({**base, "border": 1, "bold": True})
    total_money = workbook.add_format({**base, "border": 1, "bold": True, "num_format": "#,##0"})
    plain = workbook.add_format(base)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    last = len(COLUMNS) - 1

    def text(row: int, column: int, value: str, style: Any) -> None:
        sheet.write_string(row, column, safe_cell_text(value), style)

    sheet.merge_range(0, 0, 0, 3, "", bold_centre)
    text(0, 0, "ỦY BAN NHÂN DÂN", bold_centre)
    sheet.merge_range(1, 0, 1, 3, "", bold_centre)
    text(1, 0, content.committee, bold_centre)
    sheet.merge_range(0, 5, 0, last, "", bold_centre)
    text(0, 5, NATION, bold_centre)
    sheet.merge_range(1, 5, 1, last, "", bold_centre)
    text(1, 5, MOTTO, bold_centre)
    sheet.merge_range(3, 0, 3, last, "", title)
    text(3, 0, content.title, title)
    sheet.merge_range(4, 0, 4, last, "", italic_centre)
    text(4, 0, content.month, italic_centre)
    first = 6
    for column, name in enumerate(COLUMNS):
        text(first, column, name, header)
    sheet.repeat_rows(first)
    row = first
    for row, values in enumerate([*content.rows, content.total_row], start=first + 1):
        is_total = row == first + len(content.rows) + 1
        for column, value in enumerate(values):
            if isinstance(value, int):
                style = total_money if is_total else (money if column in MONEY_COLUMNS else cell)
                sheet.write_number(row, column, value, style)
            else:
                text(row, column, str(value), total_text if is_total else cell)
    text(row + 1, 0, content.in_words, plain)
    sheet.merge_range(row + 3, 7, row + 3, last, "", italic_centre)
    text(row + 3, 7, content.place_and_date, italic_centre)
    for column, signer in ((1, SIGNATURES[0]), (4, SIGNATURES[1]), (7, content.chair)):
        end = last if column == 7 else column + 1
        sheet.merge_range(row + 4, column, row + 4, end, "", bold_centre)
        text(row + 4, column, signer, bold_centre)
        sheet.merge_range(row + 5, column, row + 5, end, "", italic_centre)
        text(
            row + 5,
            column,
            "(Ký, ghi rõ họ tên)" if column != 7 else "(Ký, đóng dấu, ghi rõ họ tên)",
            italic_centre,
        )
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


def payment_list_xlsx(*, viewer: Viewer, run: PaymentRun) -> bytes:
    """The list of ``run`` (fetched with ``access_payment_run``) as XLSX; the export is recorded."""
    lines = payment_run_lines(viewer=viewer, run=run, record_read=False)
    content = payment_list_workbook(payment_list_content(run=run, lines=lines))
    _record_export(viewer, run, "xlsx", len(lines))
    return content


# --- PDF ----------------------------------------------------------------------------------------------------


@cache
def _register_fonts() -> None:
    """The serif of the certificate (Times New Roman's metrics, every Vietnamese letter), embedded."""
    for name, file in (
        (REGULAR, "LiberationSerif-Regular.ttf"),
        (BOLD, "LiberationSerif-Bold.ttf"),
        (ITALIC, "LiberationSerif-Italic.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _style(
    name: str, *, font: str = REGULAR, size: float = 11, alignment: Literal[0, 1, 2, 4] = TA_LEFT
) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, alignment=alignment)


def _p(value: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(_nfc(str(value))), style)


def _money(value: Any) -> str:
    return grouped_number(value) if isinstance(value, int) else str(value)


def _pdf_story(content: PaymentList, width: float) -> list[Flowable]:
    centre_bold = _style("cb", font=BOLD, size=12, alignment=TA_CENTER)
    centre_italic = _style("ci", font=ITALIC, size=12, alignment=TA_CENTER)
    title = _style("title", font=BOLD, size=14, alignment=TA_CENTER)
    cell = _style("cell", size=10)
    head = _style("head", font=BOLD, size=10, alignment=TA_CENTER)
    number = _style("number", size=10, alignment=TA_RIGHT)
    heading = Table(
        [
            [_p("ỦY BAN NHÂN DÂN", centre_bold), _p(NATION, centre_bold)],
            [_p(content.committee, centre_bold), _p(MOTTO, centre_bold)],
        ],
        colWidths=[width * 0.4, width * 0.6],
    )
    rows: list[list[Any]] = [[_p(name, head) for name in COLUMNS]]
    for values in [*content.rows, content.total_row]:
        rows.append(
            [
                _p(_money(value), number if column in MONEY_COLUMNS or column in (0, 2) else cell)
                for column, value in enumerate(values)
            ]
        )
    shares = (0.04, 0.17, 0.06, 0.1, 0.1, 0.05, 0.1, 0.09, 0.09, 0.1, 0.1)
    table = Table(rows, colWidths=[width * share for share in shares], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ]
        )
    )
    third = width / 3
    signatures = Table(
        [
            ["", "", _p(content.place_and_date, centre_italic)],
            [_p(SIGNATURES[0], centre_bold), _p(SIGNATURES[1], centre_bold), _p(content.chair, centre_bold)],
            [
                _p("(Ký, ghi rõ họ tên)", centre_italic),
                _p("(Ký, ghi rõ họ tên)", centre_italic),
                _p("(Ký, đóng dấu, ghi rõ họ tên)", centre_italic),
            ],
        ],
        colWidths=[third, third, third],
    )
    return [
        heading,
        Spacer(1, 8 * mm),
        _p(content.title, title),
        _p(content.month, centre_italic),
        Spacer(1, 5 * mm),
        table,
        Spacer(1, 3 * mm),
        _p(content.in_words, _style("words", font=ITALIC, size=12)),
        Spacer(1, 5 * mm),
        signatures,
    ]


def payment_list_document(content: PaymentList) -> bytes:
    """The list as a landscape A4 PDF (eleven columns do not fit a portrait page), fonts embedded."""
    _register_fonts()
    buffer = io.BytesIO()
    page = landscape(A4)
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=25 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=content.title,
        creator="hoanhap",
        invariant=True,
        initialFontName=REGULAR,
    )
    document.build(_pdf_story(content, page[0] - 40 * mm))
    return buffer.getvalue()


def payment_list_pdf(*, viewer: Viewer, run: PaymentRun) -> bytes:
    """The list of ``run`` (fetched with ``access_payment_run``) as PDF; the export is recorded."""
    lines = payment_run_lines(viewer=viewer, run=run, record_read=False)
    content = payment_list_document(payment_list_content(run=run, lines=lines))
    _record_export(viewer, run, "pdf", len(lines))
    return content
