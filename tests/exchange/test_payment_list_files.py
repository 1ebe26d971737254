"""The monthly payment list as XLSX (opened by LibreOffice) and PDF (text read back), and their audit."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.models import PaymentRun
from hoanhap.benefits.payment_selectors import access_payment_run
from hoanhap.benefits.payments import payment_run_prepare
from hoanhap.exchange.payment_lists import payment_list_pdf, payment_list_xlsx
from tests.benefits.test_decisions import adult, record
from tests.exchange.test_import_files import libreoffice_convert
from tests.factories import BAC_SON, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def october(commune_user: User) -> PaymentRun:
    """Two payees of Bắc Sơn: one since July, one decided in October from July (three months of arrears)."""
    record(commune_user, adult("severe", full_name="Hoàng Văn Một", village="Thôn Nà Lầu"))
    late = adult("particularly_severe", full_name="Lý Thị Hải", village="Bản Đồng Ý", sex="female")
    record(commune_user, late, signed_on=date(2024, 10, 15), effective_from=date(2024, 7, 1))
    run = payment_run_prepare(
        actor=commune_user, commune=unit(BAC_SON), month=date(2024, 10, 1), kind="monthly_allowance"
    )
    return access_payment_run(viewer=commune_user, pk=run.pk)


def test_the_workbook_read_back_by_libreoffice_has_the_rows_and_the_totals(
    commune_user: User, october: PaymentRun, tmp_path: Path
) -> None:
    source = tmp_path / "danh-sach.xlsx"
    source.write_bytes(payment_list_xlsx(viewer=commune_user, run=october))
    converted = libreoffice_convert(source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    lines = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    cells = [[unicodedata.normalize("NFC", cell) for cell in line] for line in lines]
    assert cells[0][0] == "ỦY BAN NHÂN DÂN"
    assert cells[0][5] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert cells[1][0] == "XÃ BẮC SƠN"
    assert cells[1][5] == "Độc lập - Tự do - Hạnh phúc"
    assert cells[3][0] == "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG"
    assert cells[4][0] == "Tháng 10 năm 2024"
    header = cells.index(
        [
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
        ]
    )
    rows = [
        [cell.replace(",", "") if index >= 6 else cell for index, cell in enumerate(row)]
        for row in cells[header + 1 : header + 4]
    ]
    # "Bản Đồng Ý" sorts before "Thôn Nà Lầu": the list runs village by village.
    assert rows[0][:10] == [
        "1",
        "Lý Thị Hải",
        "1975",
        "Bản Đồng Ý",
        "Đặc biệt nặng",
        "2,0",
        "1000000",
        "3000000",
        "0",
        "4000000",
    ]
    assert rows[1][:10] == [
        "2",
        "Hoàng Văn Một",
        "1975",
        "Thôn Nà Lầu",
        "Nặng",
        "1,5",
        "750000",
        "0",
        "0",
        "750000",
    ]
    assert rows[2][1] == "Tổng cộng"
    assert rows[2][6:10] == ["1750000", "3000000", "0", "4750000"]
    text = "\n".join(",".join(line) for line in cells)
    assert "Bằng chữ: Bốn triệu bảy trăm năm mươi nghìn đồng" in text
    for signer in ("Người lập biểu", "Kế toán", "Chủ tịch UBND xã"):
        assert signer in text
    event = AuditEvent.objects.get(action="benefits.payment_run.exported")
    assert event.new_values == {"format": "xlsx", "lines": 2}
    assert event.object_id == str(october.pk)


def test_the_pdf_reads_back_with_its_diacritics_and_the_total_in_figures_and_words(
    commune_user: User, october: PaymentRun
) -> None:
    content = payment_list_pdf(viewer=commune_user, run=october)
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(
        " ".join(unicodedata.normalize("NFC", page.extract_text()).split()) for page in reader.pages
    )
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "XÃ BẮC SƠN",
        "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG",
        "Tháng 10 năm 2024",
        "Lý Thị Hải",
        "Hoàng Văn Một",
        "Thôn Nà Lầu",
        "Đặc biệt nặng",
        "Truy lĩnh",
        "4.750.000",
        "Bằng chữ: Bốn triệu bảy trăm năm mươi nghìn đồng",
        "Người lập biểu",
        "Chủ tịch UBND xã",
        "Bắc Sơn, ngày",
    ):
        assert expected in text, expected
    assert AuditEvent.objects.get(action="benefits.payment_run.exported").new_values == {
        "format": "pdf",
        "lines": 2,
    }


def test_an_officer_of_another_commune_cannot_export_the_list(
    october: PaymentRun, other_commune_user: User
) -> None:
    with pytest.raises(PermissionDenied):
        payment_list_pdf(viewer=other_commune_user, run=october)
