"""The disability certificate card (Giấy xác nhận khuyết tật, Mẫu 06 of Circular 01/2019/TT-BLĐTBXH) as PDF.

Art. 7 of the Circular (✅ as quoted by secondary sources, the form's drawing itself ◐): a rectangle of
66 × 98 mm, light blue, set in Times New Roman, holding the holder's full name, date of birth, sex,
residence, disability type and severity; the provincial department prints the blanks and the commune's
People's Committee issues the card. The PDF has two pages, the two sides of the card:

* front: the state title and motto where the blank carries the national emblem (the emblem is never
  reproduced), the document title and the certificate number;
* back: the issuing People's Committee, the holder's details, place and date of issue, and the chair's
  signature block.

The page is the card itself, white (the blank is light blue), so it prints on the blank or on card stock
cut to size. The wording is Vietnamese whatever the interface language: it is the legal form. Liberation
Serif (metric-compatible with Times New Roman, with every Vietnamese letter) is embedded as a subset, so
the text can be searched and copied with its diacritics.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.db import transaction
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from hoanhap.assessments.models import Certificate, DisabilityType, Severity
from hoanhap.audit.services import audit_record
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, Sex

CARD_WIDTH = 66 * mm
CARD_HEIGHT = 98 * mm
MARGIN = 4.5 * mm
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "HoanhapSerif"
BOLD = "HoanhapSerif-Bold"
ITALIC = "HoanhapSerif-Italic"

# The wording of Law 51/2010 Art. 3 (types) and Decree 28/2012 Art. 3 (severity).
TYPE_WORDING: dict[str, str] = {
    DisabilityType.MOBILITY: "Vận động",
    DisabilityType.HEARING_SPEECH: "Nghe, nói",
    DisabilityType.VISION: "Nhìn",
    DisabilityType.PSYCHOSOCIAL: "Thần kinh, tâm thần",
    DisabilityType.INTELLECTUAL: "Trí tuệ",
    DisabilityType.OTHER: "Khác",
}
SEVERITY_WORDING: dict[str, str] = {
    Severity.PARTICULARLY_SEVERE: "Đặc biệt nặng",
    Severity.SEVERE: "Nặng",
    Severity.MILD: "Nhẹ",
}
SEX_WORDING: dict[str, str] = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
# Unit names carry their type ("Xã Bắc Sơn"); the place before the date is the bare name.
UNIT_TYPE_PREFIXES = ("Đặc khu ", "Thị trấn ", "Phường ", "Xã ")


@cache
def _register_fonts() -> None:
    """Register the embedded serif once per process (ReportLab keeps fonts in a global registry)."""
    for name, file in (
        (REGULAR, "LiberationSerif-Regular.ttf"),
        (BOLD, "LiberationSerif-Bold.ttf"),
        (ITALIC, "LiberationSerif-Italic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _text(value: str) -> str:
    """NFC (the font has every precomposed Vietnamese letter, and no shaping engine runs here)."""
    return unicodedata.normalize("NFC", value)


def place_name(unit: AdminUnit) -> str:
    """The name without its type word: "Xã Bắc Sơn" → "Bắc Sơn"."""
    for prefix in UNIT_TYPE_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def issue_date_text(place: str, day: date) -> str:
    """ "Bắc Sơn, ngày 05 tháng 3 năm 2024": Decree 30/2020 writes a day below 10 and the months January
    and February with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def birth_text(person: Person) -> str:
    if person.birth_date is not None:
        return f"{person.birth_date:%d/%m/%Y}"
    return str(person.birth_year)


def residence_text(person: Person) -> str:
    commune = person.commune
    parts = [person.village.strip(), commune.name, commune.parent.name if commune.parent else ""]
    return ", ".join(part for part in parts if part)


def certificate_fields(certificate: Certificate) -> list[tuple[str, str]]:
    """The holder's details as the card prints them: (label, value), in the order of the form."""
    person = certificate.person
    determination = certificate.determination
    types = [TYPE_WORDING[value] for value in determination.types]
    return [
        ("Họ và tên", person.full_name),
        ("Ngày, tháng, năm sinh", birth_text(person)),
        ("Giới tính", SEX_WORDING.get(person.sex, "")),
        ("Nơi cư trú", residence_text(person)),
        ("Dạng khuyết tật", "; ".join(types)),
        ("Mức độ khuyết tật", SEVERITY_WORDING[determination.severity]),
    ]


def _fitted_size(text: str, font: str, largest: float, width: float) -> float:
    """The largest size up to ``largest`` at which ``text`` holds on one line of ``width``."""
    natural = pdfmetrics.stringWidth(text, font, largest)
    return largest if natural <= width else largest * width / natural


def _centred(canvas: Canvas, text: str, font: str, size: float, y: float) -> float:
    """Draw one centred line whose baseline is ``y``; returns its width."""
    size = _fitted_size(text, font, size, CARD_WIDTH - 2 * MARGIN)
    canvas.setFont(font, size)
    canvas.drawCentredString(CARD_WIDTH / 2, y, text)
    return pdfmetrics.stringWidth(text, font, size)


def _rule(canvas: Canvas, width: float, y: float) -> None:
    canvas.setLineWidth(0.5)
    canvas.line((CARD_WIDTH - width) / 2, y, (CARD_WIDTH + width) / 2, y)


def _frame(canvas: Canvas) -> None:
    inset = 2 * mm
    canvas.setLineWidth(0.6)
    canvas.rect(inset, inset, CARD_WIDTH - 2 * inset, CARD_HEIGHT - 2 * inset)


def _draw_front(canvas: Canvas, certificate: Certificate) -> None:
    _frame(canvas)
    top = CARD_HEIGHT - MARGIN - 9
    _centred(canvas, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, 7.5, top)
    motto = _centred(canvas, "Độc lập - Tự do - Hạnh phúc", BOLD, 8, top - 11)
    _rule(canvas, motto, top - 14)
    middle = CARD_HEIGHT / 2
    _centred(canvas, "GIẤY XÁC NHẬN", BOLD, 15, middle + 4)
    _centred(canvas, "KHUYẾT TẬT", BOLD, 15, middle - 14)
    _centred(canvas, _text(f"Số: {certificate.number}"), REGULAR, 9, middle - 36)


def _style(name: str, size: float, **options: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=REGULAR, fontSize=size, leading=size * 1.25, **options)


def _back_paragraphs(certificate: Certificate, size: float) -> tuple[list[Paragraph], Paragraph]:
    """The holder's details and the place and date of issue, at font size ``size``."""
    field = _style("field", size, alignment=TA_LEFT, spaceAfter=size * 0.35)
    details = [
        Paragraph(f"{escape(label)}: <b>{escape(_text(value))}</b>", field)
        for label, value in certificate_fields(certificate)
    ]
    dated = issue_date_text(place_name(certificate.issuing_commune), certificate.issued_on)
    place_and_date = Paragraph(
        f"<i>{escape(_text(dated))}</i>", _style("dated", size, alignment=TA_RIGHT, spaceAfter=size * 0.2)
    )
    return details, place_and_date


def _height(paragraphs: Sequence[Paragraph], width: float) -> float:
    return sum(p.wrap(width, CARD_HEIGHT)[1] + p.getSpaceAfter() for p in paragraphs)


def _draw_column(
    canvas: Canvas, paragraphs: Sequence[Paragraph], x: float, top: float, width: float
) -> float:
    """Draw paragraphs downward from ``top``; returns the y where the next one would start."""
    y = top
    for paragraph in paragraphs:
        _, height = paragraph.wrap(width, CARD_HEIGHT)
        paragraph.drawOn(canvas, x, y - height)
        y -= height + paragraph.getSpaceAfter()
    return y


def _draw_back(canvas: Canvas, certificate: Certificate) -> None:
    _frame(canvas)
    top = CARD_HEIGHT - MARGIN - 9
    _centred(canvas, "ỦY BAN NHÂN DÂN", BOLD, 8, top)
    body = _centred(canvas, _text(certificate.issuing_commune.name.upper()), BOLD, 8, top - 10)
    _rule(canvas, min(body, 22 * mm), top - 13)

    width = CARD_WIDTH - 2 * MARGIN
    signature_space = 14 * mm  # the chair's signature and the committee's seal
    available = top - 20 - MARGIN - signature_space
    # A long residence or several types wrap; the text shrinks rather than run off the card.
    size = 8.5
    details, dated = _back_paragraphs(certificate, size)
    while size > 5.5 and _height([*details, dated], width) + size * 1.6 > available:
        size -= 0.5
        details, dated = _back_paragraphs(certificate, size)
    y = _draw_column(canvas, [*details, dated], MARGIN, top - 20, width)
    # The signature block sits in the right-hand part of the card, under the place and date.
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(CARD_WIDTH - MARGIN - width * 0.3, y - size, "CHỦ TỊCH")


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """The card of ``certificate`` as a two-page PDF (front, back) of 66 × 98 mm.

    The holder's details are those of the person's record now (a card is re-issued when they were wrong);
    the disability is that of the certificate's determination. The output is byte-for-byte repeatable.
    """
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(CARD_WIDTH, CARD_HEIGHT),
        invariant=True,
        pageCompression=1,
        # Else an unused, non-embedded Helvetica lands in every page's resources. (types-reportlab 5.0
        # annotates this argument as a number.)
        initialFontName=REGULAR,  # type: ignore[arg-type]
    )
    canvas.setTitle("Giấy xác nhận khuyết tật")
    canvas.setSubject("Mẫu 06, Thông tư 01/2019/TT-BLĐTBXH")
    canvas.setCreator("hoanhap")
    _draw_front(canvas, certificate)
    canvas.showPage()
    _draw_back(canvas, certificate)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@transaction.atomic
def certificate_print(*, actor: Any, certificate: Certificate) -> bytes:
    """The certificate's PDF, for ``actor``; printing discloses personal and health data, so it is recorded.

    The caller fetched the certificate's person through ``access_person`` (in scope, personal data allowed).
    """
    content = certificate_pdf(certificate=certificate)
    audit_record(
        actor=actor,
        action="assessments.certificate.printed",
        obj=certificate,
        unit_path=certificate.unit_path,
        new={"person": certificate.person_id, "number": certificate.number},
    )
    return content
