"""The payment pages: the runs of an area and preparing one (a commune, or a province at once), a run's
lines, approving (with its confirmation and its capability), marking paid, the printed list's files, and
the health-insurance cards due."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import CAPABILITIES, Role
from hoanhap.audit.exports import XLSX_CONTENT_TYPE
from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.models import PaymentLine, PaymentRun, PaymentRunStatus
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.payments import APPROVE, payment_run_approve, payment_run_prepare
from hoanhap.benefits.selectors import add_months
from hoanhap.people.models import Person
from hoanhap.web.views import benefit_payments_run
from tests.benefits.test_decisions import adult, record
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, signed_in, unit
from tests.web.test_persons_pages import english

pytestmark = pytest.mark.django_db

ALLOWANCE = "monthly_allowance"
OCTOBER = date(2024, 10, 1)
LIST = "/benefits/payments/"
INSURANCE = "/benefits/health-insurance/"


def prepare_form(**overrides: str) -> dict[str, str]:
    data = {"area": BAC_SON, "run_month_0": "10", "run_month_1": "2024", "kind": ALLOWANCE}
    data.update(overrides)
    return data


def two_payees(actor: User) -> tuple[Person, Person]:
    """One payee since July 2024, one decided in October from July: three months of arrears in October."""
    steady = adult("severe", full_name="Hoàng Văn Một", village="Thôn Nà Lầu")
    record(actor, steady)
    late = adult("particularly_severe", full_name="Lý Thị Hải", village="Bản Đồng Ý")
    record(actor, late, signed_on=date(2024, 10, 15), effective_from=date(2024, 7, 1))
    return steady, late


def october_run(actor: User, code: str = BAC_SON) -> PaymentRun:
    return payment_run_prepare(actor=actor, commune=unit(code), month=OCTOBER, kind=ALLOWANCE)


def detail_url(run: PaymentRun, name: str = "web:payment_run_detail") -> str:
    return reverse(name, kwargs={"run_id": run.pk})


def followed(client: Client, response: Any) -> str:
    assert response.status_code == 302
    return str(client.get(response["Location"]).content.decode())


# --- Preparing and reading a run ---------------------------------------------------------------------------


def test_an_officer_prepares_a_run_and_reads_its_lines_with_their_explanation(commune_user: User) -> None:
    steady, late = two_payees(commune_user)
    client = english(commune_user)
    form = client.get(LIST).content.decode()
    assert f'name="area" value="{BAC_SON}"' in form  # the officer's own commune, filled in
    response = client.post(LIST, prepare_form())
    run = PaymentRun.objects.get()
    assert response["Location"] == detail_url(run)
    html = followed(client, response)
    assert "The run was prepared: 2 payees, 4,750,000 VND in all." in html
    assert "Monthly allowance, October 2024" in html
    assert "Draft" in html
    for name in ("Hoàng Văn Một", "Lý Thị Hải", "Thôn Nà Lầu", "Bản Đồng Ý", "Particularly severe"):
        assert name in html
    assert "3,000,000 VND" in html  # Lý Thị Hải's three months of arrears (2.0 × 500,000 each)
    assert "4,000,000 VND" in html  # her total
    late_line = PaymentLine.objects.get(person=late)
    assert late_line.explanation["en"][1] in html  # "arrears for July 2024: …" inside her <details>
    assert "How it was calculated" in html
    assert f'href="{detail_url(run, "web:payment_run_prepare_again")}"' not in html  # a form, not a link
    assert f'action="{detail_url(run, "web:payment_run_prepare_again")}"' in html
    assert f'href="{detail_url(run, "web:payment_run_approve")}"' in html
    assert "Mark as paid" not in html
    viewed = AuditEvent.objects.filter(action="benefits.payment_run.viewed", object_id=str(run.pk))
    assert viewed.count() == 1
    assert viewed.get().actor_id == commune_user.pk
    listed = client.get(LIST).content.decode()
    assert f'href="{detail_url(run)}"' in listed
    assert "October 2024" in listed
    assert "4,750,000 VND" in listed
    assert steady.full_name not in listed  # the list of runs names nobody
    vietnamese = signed_in(commune_user).get(detail_url(run)).content.decode()
    assert "4.750.000 đ" in vietnamese
    assert late_line.explanation["vi"][1] in vietnamese


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"area": ""}, "id_area", "Enter the code of the commune."),
        ({"area": DONG_DANG}, "id_area", "This unit is outside your area."),
        ({"area": "99999"}, "id_area", "No current administrative unit has the code 99999."),
        ({"run_month_0": "13"}, "id_run_month_0", "Enter the month as a number from 1 to 12."),
        ({"kind": ""}, "id_kind_0", "Choose the kind of support."),
        ({"kind": "funeral"}, "id_kind_0", "Select a valid choice."),
    ],
)
def test_mistakes_are_shown_on_their_field_in_english_and_nothing_is_prepared(
    commune_user: User, overrides: dict[str, str], anchor: str, message: str
) -> None:
    response = english(commune_user).post(LIST, prepare_form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'href="#{anchor}"' in html
    assert f'id="{anchor}"' in html
    assert message in html
    assert not PaymentRun.objects.exists()


def test_a_month_too_far_ahead_is_refused_by_the_service_on_the_month(commune_user: User) -> None:
    later = add_months(first_of_month(timezone.localdate()), 2)
    data = prepare_form(run_month_0=str(later.month), run_month_1=str(later.year))
    html = english(commune_user).post(LIST, data).content.decode()
    assert 'href="#id_run_month_0"' in html
    assert "A run can be prepared for next month at the latest." in html
    assert not PaymentRun.objects.exists()


def test_mistakes_are_shown_in_vietnamese(commune_user: User) -> None:
    html = signed_in(commune_user).post(LIST, prepare_form(area=DONG_DANG, kind="")).content.decode()
    assert "Có lỗi cần khắc phục" in html
    assert "Đơn vị này nằm ngoài địa bàn bạn phụ trách." in html
    assert "Hãy chọn loại chế độ." in html


def test_a_province_officer_prepares_every_commune_and_an_approved_one_is_left_alone(
    commune_user: User, other_commune_user: User, province_user: User
) -> None:
    two_payees(commune_user)
    record(other_commune_user, adult(full_name="Nông Văn Ba", commune=unit(DONG_DANG)))
    approved = payment_run_approve(actor=other_commune_user, run=october_run(other_commune_user, DONG_DANG))
    client = english(province_user)
    assert "your province&#x27;s code prepares the run of every commune" in client.get(LIST).content.decode()
    response = client.post(LIST, prepare_form(area=LANG_SON))
    assert response["Location"] == f"{LIST}?month_0=10&month_1=2024"
    html = followed(client, response)
    assert "1 run of" in html
    assert "Already approved, so left as they were: Xã Đồng Đăng." in html
    bac_son = PaymentRun.objects.get(commune__code=BAC_SON)
    assert (bac_son.payees, bac_son.status) == (2, PaymentRunStatus.DRAFT)
    assert PaymentRun.objects.get(pk=approved.pk).prepared_at == approved.prepared_at
    assert f'href="{detail_url(bac_son)}"' in html
    assert f'href="{detail_url(approved)}"' in html
    # The filter keeps to one status.
    drafts = client.get(LIST, {"status": "draft"}).content.decode()
    assert f'href="{detail_url(bac_son)}"' in drafts
    assert f'href="{detail_url(approved)}"' not in drafts


def test_a_commune_officer_cannot_prepare_the_province(commune_user: User) -> None:
    html = english(commune_user).post(LIST, prepare_form(area=LANG_SON)).content.decode()
    assert 'href="#id_area"' in html
    assert "This unit is outside your area." in html
    assert not PaymentRun.objects.exists()


# --- Approving, locking, paying ----------------------------------------------------------------------------


def test_approving_asks_for_confirmation_then_locks_the_run(commune_user: User) -> None:
    two_payees(commune_user)
    run = october_run(commune_user)
    client = english(commune_user)
    confirmation = client.get(detail_url(run, "web:payment_run_approve")).content.decode()
    assert "Approve and lock the list" in confirmation
    assert "4,750,000 VND" in confirmation
    assert PaymentRun.objects.get(pk=run.pk).status == PaymentRunStatus.DRAFT  # the GET changed nothing
    html = followed(client, client.post(detail_url(run, "web:payment_run_approve")))
    run.refresh_from_db()
    assert (run.status, run.approved_by) == (PaymentRunStatus.APPROVED, commune_user)
    assert "The run is approved: its list is locked and can be paid." in html
    assert 'id="locked"' in html
    assert "Prepare again" not in html
    assert f'href="{detail_url(run, "web:payment_run_approve")}"' not in html
    assert "Mark as paid" in html
    assert AuditEvent.objects.filter(action="benefits.payment_run.approved").count() == 1
    # Asking to approve again leads back to the run with the reason.
    again = followed(client, client.get(detail_url(run, "web:payment_run_approve")))
    assert "This run is already approved." in again


def test_without_the_approval_capability_there_is_no_approve_button_and_the_approval_is_refused(
    commune_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(CAPABILITIES, APPROVE, frozenset({Role.ADMIN, Role.PROVINCE}))
    run = october_run(commune_user)
    client = english(commune_user)
    html = client.get(detail_url(run)).content.decode()
    assert "Prepare again" in html
    assert "Approve the list" not in html
    assert client.get(detail_url(run, "web:payment_run_approve")).status_code == 403
    assert client.post(detail_url(run, "web:payment_run_approve")).status_code == 403
    assert PaymentRun.objects.get(pk=run.pk).status == PaymentRunStatus.DRAFT


def test_an_agency_reporter_cannot_approve(commune_user: User, agency_user: User) -> None:
    run = october_run(commune_user)
    assert signed_in(agency_user).post(detail_url(run, "web:payment_run_approve")).status_code == 403
    assert PaymentRun.objects.get(pk=run.pk).status == PaymentRunStatus.DRAFT


def test_a_draft_is_prepared_again_from_its_page(commune_user: User) -> None:
    run = october_run(commune_user)
    assert run.payees == 0
    two_payees(commune_user)  # decisions recorded since
    client = english(commune_user)
    html = followed(client, client.post(detail_url(run, "web:payment_run_prepare_again")))
    assert "The run was prepared again: 2 payees, 4,750,000 VND in all." in html
    assert PaymentRun.objects.get(pk=run.pk).payees == 2


def test_an_approved_run_cannot_be_prepared_again_through_the_pages(commune_user: User) -> None:
    two_payees(commune_user)
    run = payment_run_approve(actor=commune_user, run=october_run(commune_user))
    lines = list(PaymentLine.objects.filter(run=run).values_list("id", "total"))
    record(commune_user, adult(full_name="Người Mới"), signed_on=date(2024, 10, 20))
    client = english(commune_user)
    html = followed(client, client.post(detail_url(run, "web:payment_run_prepare_again")))
    assert "This run is approved: it cannot be prepared again." in html
    refused = client.post(LIST, prepare_form()).content.decode()
    assert 'href="#id_run_month_0"' in refused
    assert "This run is approved: it cannot be prepared again." in refused
    assert list(PaymentLine.objects.filter(run=run).values_list("id", "total")) == lines
    assert PaymentRun.objects.get(pk=run.pk).payees == 2


def test_an_approved_run_is_marked_paid_and_a_draft_cannot_be(commune_user: User) -> None:
    draft = october_run(commune_user)
    client = english(commune_user)
    refused = followed(client, client.post(detail_url(draft, "web:payment_run_mark_paid")))
    assert "Approve the run before marking it paid." in refused
    payment_run_approve(actor=commune_user, run=draft)
    html = followed(client, client.post(detail_url(draft, "web:payment_run_mark_paid")))
    draft.refresh_from_db()
    assert (draft.status, draft.paid_by) == (PaymentRunStatus.PAID, commune_user)
    assert "The run is marked paid." in html
    assert "Mark as paid" not in html
    for step in ("Prepared", "Approved", "Paid"):  # when and by whom
        assert re.search(rf">{step}</dt><dd [^>]*>[0-9/]+ [0-9:]+, {commune_user.get_full_name()}</dd>", html)


# --- The printed list --------------------------------------------------------------------------------------


def test_the_list_downloads_as_a_real_workbook_and_a_real_pdf_and_each_export_is_recorded(
    commune_user: User,
) -> None:
    two_payees(commune_user)
    run = october_run(commune_user)
    client = signed_in(commune_user)
    workbook_response = client.get(detail_url(run, "web:payment_run_xlsx"))
    assert workbook_response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = workbook_response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="danh-sach-chi-tra-06325-2024-10-monthly-allowance.xlsx"' in disposition
    assert workbook_response["Cache-Control"] == "no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_response.content)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HÀNG THÁNG" in cells
    assert "Lý Thị Hải" in cells
    assert 4_750_000 in cells  # the total, a number
    pdf_response = client.get(detail_url(run, "web:payment_run_pdf"))
    assert pdf_response["Content-Type"] == "application/pdf"
    pdf_disposition = pdf_response["Content-Disposition"]
    assert 'filename="danh-sach-chi-tra-06325-2024-10-monthly-allowance.pdf"' in pdf_disposition
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_response.content)).pages)
    assert "Hoàng Văn Một" in text
    assert "4.750.000" in text
    exported = AuditEvent.objects.filter(action="benefits.payment_run.exported", object_id=str(run.pk))
    assert sorted(event.new_values["format"] for event in exported if event.new_values) == ["pdf", "xlsx"]


# --- Query counts ------------------------------------------------------------------------------------------


def test_the_run_page_costs_the_same_queries_for_one_line_or_many(
    commune_user: User, django_assert_max_num_queries: Any
) -> None:
    record(commune_user, adult(full_name="Một Mình"))
    run = october_run(commune_user)
    client = english(commune_user)
    client.get(detail_url(run))
    with django_assert_max_num_queries(12) as few:
        client.get(detail_url(run))
    for number in range(5):
        record(commune_user, adult(full_name=f"Người Thứ {number}"))
    run = october_run(commune_user)
    assert run.payees == 6
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(detail_url(run)).content.decode()
    assert "Người Thứ 4" in html


def test_the_list_of_runs_costs_the_same_queries_for_one_run_or_many(
    commune_user: User, province_user: User, django_assert_max_num_queries: Any
) -> None:
    october_run(commune_user)
    client = english(province_user)
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for month in (7, 8, 9):
        payment_run_prepare(
            actor=commune_user, commune=unit(BAC_SON), month=date(2024, month, 1), kind=ALLOWANCE
        )
    october_run(province_user, DONG_DANG)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(LIST).content.decode()
    assert "5 runs, latest month first" in html


def test_a_long_run_is_shown_page_by_page(commune_user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(benefit_payments_run, "PAGE_SIZE", 2)
    two_payees(commune_user)
    record(commune_user, adult(full_name="Ba Người"))
    run = october_run(commune_user)
    client = english(commune_user)
    first = client.get(detail_url(run)).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(detail_url(run), {"page": 2}).content.decode()
    third = PaymentLine.objects.get(run=run, position=3)
    assert third.full_name in second
    assert third.full_name not in first


# --- Health-insurance cards --------------------------------------------------------------------------------


def test_the_health_insurance_list_marks_the_cards_new_this_month(
    commune_user: User, other_commune_user: User
) -> None:
    steady, late = two_payees(commune_user)
    starting = adult(full_name="Đinh Thị Mới")
    record(commune_user, starting, signed_on=date(2024, 10, 2), effective_from=OCTOBER)
    client = english(commune_user)
    html = client.get(INSURANCE, {"month_0": "10", "month_1": "2024"}).content.decode()
    assert "Cards due for October 2024 in your area" in html
    assert "3 persons are due a card; 1 of them is new this month." in html
    for person in (steady, late, starting):
        assert person.full_name in html
    assert html.count("New this month</strong>") == 1
    listed = AuditEvent.objects.filter(action="benefits.health_insurance.listed").latest("id")
    assert listed.new_values is not None
    assert sorted(listed.new_values["ids"]) == sorted([steady.pk, late.pk, starting.pk])
    # Another commune's officer sees none of them; a unit outside one's area is refused on its field.
    other = english(other_commune_user).get(INSURANCE, {"month_0": "10", "month_1": "2024"})
    assert "No one is due a card." in other.content.decode()
    refused = client.get(INSURANCE, {"area": DONG_DANG}).content.decode()
    assert 'href="#id_area"' in refused
    assert "This unit is outside your area." in refused


def test_the_health_insurance_list_downloads_with_formulas_defused_and_is_recorded_as_an_export(
    commune_user: User,
) -> None:
    sly = adult(full_name="=HYPERLINK(1)")
    record(commune_user, sly)
    response = english(commune_user).get(
        reverse("web:health_insurance_xlsx"), {"month_0": "10", "month_1": "2024", "area": BAC_SON}
    )
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert 'filename="the-bhyt-06325-2024-10.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Full name", "Date of birth")
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][7] == "1/QĐ-UBND"
    exported = AuditEvent.objects.get(action="people.persons.exported")
    assert exported.new_values is not None
    assert (exported.new_values["rows"], exported.new_values["ids"]) == (1, [sly.pk])
    assert not AuditEvent.objects.filter(action="benefits.health_insurance.listed").exists()


def test_the_health_insurance_list_costs_the_same_queries_for_one_person_or_many(
    commune_user: User, django_assert_max_num_queries: Any
) -> None:
    record(commune_user, adult(full_name="Một Mình"))
    client = english(commune_user)
    query = {"month_0": "10", "month_1": "2024"}
    client.get(INSURANCE, query)
    with django_assert_max_num_queries(10) as few:
        client.get(INSURANCE, query)
    for number in range(4):
        record(commune_user, adult(full_name=f"Người Thứ {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(INSURANCE, query).content.decode()
    assert "5 persons are due a card" in html


def test_the_navigation_offers_the_payment_pages_to_officers_only(
    commune_user: User, agency_user: User
) -> None:
    officer = english(commune_user).get("/").content.decode()
    assert f'href="{LIST}"' in officer
    assert f'href="{INSURANCE}"' in officer
    reporter = english(agency_user).get("/").content.decode()
    assert f'href="{LIST}"' not in reporter
    assert f'href="{INSURANCE}"' not in reporter
