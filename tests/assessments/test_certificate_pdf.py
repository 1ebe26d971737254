import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from hoanhap.accounts.models import User
from hoanhap.assessments.certificate_pdf import certificate_pdf, certificate_print, issue_date_text
from hoanhap.assessments.models import Certificate
from hoanhap.assessments.services import DeterminationData, certificate_issue, determination_record
from hoanhap.audit.models import AuditEvent
from hoanhap.people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db

MM = 72 / 25.4


def issue(
    actor: User,
    person: Person,
    severity: str = "particularly_severe",
    types: tuple[str, ...] = ("mobility", "hearing_speech"),
    number: str = "15/GXNKT",
) -> Certificate:
    data = DeterminationData(
        decided_on=date(2024, 3, 1), body="commune_council", severity=severity, types=list(types)
    )
    recorded = determination_record(actor=actor, person=person, data=data)
    return certificate_issue(
        actor=actor,
        person=person,
        determination=recorded,
        number=number,
        issued_on=date(2024, 3, 5),
        reason="first_issue",
    )


def pages_text(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def test_the_card_is_66_by_98_mm_front_and_back(commune_user: User) -> None:
    certificate = issue(commune_user, make_person(commune_user))
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate=certificate)))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) / MM == pytest.approx(66, abs=0.5)
        assert float(page.mediabox.height) / MM == pytest.approx(98, abs=0.5)


def test_the_text_reads_back_with_its_diacritics(commune_user: User) -> None:
    person = make_person(commune_user, birth_date=date(1975, 4, 12), village="Thôn Nà Lầu")
    front, back = pages_text(certificate_pdf(certificate=issue(commune_user, person)))
    back = " ".join(back.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in front
    assert "Độc lập - Tự do - Hạnh phúc" in front
    assert "Số: 15/GXNKT" in front
    assert "Đặng Thị Ánh" in back
    assert "12/04/1975" in back
    assert "Nữ" in back
    assert "Thôn Nà Lầu, Xã Bắc Sơn, Tỉnh Lạng Sơn" in back
    assert "Vận động; Nghe, nói" in back
    assert "Đặc biệt nặng" in back
    assert "ỦY BAN NHÂN DÂN" in back
    assert "XÃ BẮC SƠN" in back
    assert "Bắc Sơn, ngày 05 tháng 3 năm 2024" in back
    assert "CHỦ TỊCH" in back


def test_a_person_known_by_birth_year_only_shows_the_year(commune_user: User) -> None:
    person = make_person(commune_user, birth_year=1962, full_name="Lưu Văn Đức", sex="male")
    _, back = pages_text(certificate_pdf(certificate=issue(commune_user, person, severity="mild")))
    assert "Lưu Văn Đức" in back
    assert "1962" in back
    assert "Nam" in back
    assert "Mức độ khuyết tật: Nhẹ" in back


def test_a_long_residence_still_fits_on_the_card(commune_user: User) -> None:
    village = "Tổ dân phố số 12, khu tái định cư Nà Lầu mở rộng, đường Hoàng Văn Thụ kéo dài"
    person = make_person(commune_user, village=village)
    types = ("mobility", "hearing_speech", "vision", "psychosocial", "intellectual", "other")
    _, back = pages_text(certificate_pdf(certificate=issue(commune_user, person, types=types)))
    assert "Thần kinh, tâm thần; Trí tuệ; Khác" in " ".join(back.split())
    assert "CHỦ TỊCH" in back


def test_the_output_is_repeatable(commune_user: User) -> None:
    certificate = issue(commune_user, make_person(commune_user))
    assert certificate_pdf(certificate=certificate) == certificate_pdf(certificate=certificate)


def test_the_font_is_embedded(commune_user: User) -> None:
    reader = PdfReader(
        io.BytesIO(certificate_pdf(certificate=issue(commune_user, make_person(commune_user))))
    )
    fonts = reader.pages[1]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        assert "LiberationSerif" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"]


def test_printing_is_recorded(commune_user: User) -> None:
    certificate = issue(commune_user, make_person(commune_user))
    content = certificate_print(actor=commune_user, certificate=certificate)
    assert content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="assessments.certificate.printed")
    assert event.actor_id == commune_user.pk
    assert event.object_id == str(certificate.pk)
    assert event.unit_path == certificate.unit_path
    assert event.new_values == {"person": certificate.person_id, "number": "15/GXNKT"}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 9), "Bắc Sơn, ngày 09 tháng 01 năm 2024"),
        (date(2024, 2, 28), "Bắc Sơn, ngày 28 tháng 02 năm 2024"),
        (date(2024, 11, 3), "Bắc Sơn, ngày 03 tháng 11 năm 2024"),
    ],
)
def test_dates_are_written_as_decree_30_asks(day: date, expected: str) -> None:
    assert issue_date_text("Bắc Sơn", day) == expected
