"""The payment pages in a real browser: a commune officer prepares the month's run (first with a mistake),
approves it through the confirmation step, marks it paid and downloads the list, then reads the
health-insurance cards due; every state checked with axe-core."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pypdf import PdfReader

from hoanhap.benefits.selectors import add_months
from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in
from tests.browser.test_accessibility import register_person
from tests.browser.test_benefit_flow import fill_month

pytestmark = pytest.mark.browser

PAYEE = "Vi Thị Chi Trả"
# Phường Kon Tum: the demo commune Bắc Sơn already has its runs and a page of payees.
OFFICER, COMMUNE = "demo-xa-kontum", "23293"


def a_payee(page: Page, app: LiveApp, starts: date) -> None:
    """A newly registered person of the officer's ward, determined particularly severe today, with a monthly
    allowance signed today that took effect in ``starts``."""
    person = register_person(page, app, full_name=PAYEE, commune=COMMUNE)
    page.goto(app.url + person + "determinations/new/")
    today = timezone.localdate()
    page.fill("#id_decided_on_0", str(today.day))
    page.fill("#id_decided_on_1", str(today.month))
    page.fill("#id_decided_on_2", str(today.year))
    page.check("#id_body_0")
    page.check("#id_types_0")
    page.check("#id_severity_0")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/$"))
    page.goto(app.url + person + "benefits/new/")
    page.check("#id_kind_0")
    page.check("#id_action_0")
    page.fill("#id_number", "301/QĐ-UBND")
    fill_month(page, "effective_from", starts)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/benefits/$"))


def test_preparing_approving_paying_and_downloading_a_run_is_accessible_in_each_state(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app.url, OFFICER, live_app.passwords[OFFICER])
    this_month = timezone.localdate().replace(day=1)
    last_month = add_months(this_month, -1)
    a_payee(page, live_app, starts=last_month)

    page.goto(live_app.url + "/benefits/payments/")
    assert page.locator("#id_area").input_value() == COMMUNE  # the officer's commune, filled in
    assert axe_violations(page) == []
    page.fill("#id_run_month_0", "13")
    page.click("#prepare ~ form button[type=submit]")
    assert page.locator(".govuk-error-summary a[href='#id_run_month_0']").count() == 1
    assert page.locator("#id_run_month_0.govuk-input--error").count() == 1
    assert axe_violations(page) == []
    fill_month(page, "run_month", this_month)
    page.click("#prepare ~ form button[type=submit]")
    page.wait_for_url(re.compile(r".*/benefits/payments/\d+/$"))
    run = page.url.removeprefix(live_app.url)
    assert page.locator(".govuk-notification-banner--success").is_visible()
    row = page.locator("main table tbody tr", has_text=PAYEE)
    assert row.count() == 1
    row.locator("summary").click()  # the line's explanation: this month and last month's arrears
    assert row.locator(".govuk-details__text li").count() == 2
    assert axe_violations(page) == []

    page.click(f"main a[href='{run}approve/']")
    page.wait_for_url(re.compile(r".*/approve/$"))
    assert axe_violations(page) == []
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/benefits/payments/\d+/$"))
    assert page.locator("#locked").is_visible()
    assert page.locator(f"main form[action='{run}prepare/']").count() == 0
    assert axe_violations(page) == []
    page.click("button.hn-language-switch__button")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#locked").inner_text().startswith("This run is approved")
    assert axe_violations(page) == []

    page.click(f"main form[action='{run}paid/'] button")
    page.wait_for_url(re.compile(r".*/benefits/payments/\d+/$"))
    assert "Paid" in page.locator("h1 .govuk-tag").inner_text()
    with page.expect_download() as xlsx_download:
        page.click(f"main a[href='{run}list.xlsx']")
    assert xlsx_download.value.suggested_filename.endswith(f"-{this_month:%Y-%m}-monthly-allowance.xlsx")
    # Playwright keeps the file without its extension, which openpyxl wants: read it as bytes.
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    assert workbook.active is not None
    names = [cell for row_values in workbook.active.iter_rows(values_only=True) for cell in row_values]
    assert PAYEE in names
    with page.expect_download() as pdf_download:
        page.click(f"main a[href='{run}list.pdf']")
    pdf = PdfReader(pdf_download.value.path())
    assert PAYEE in "".join(pdf_page.extract_text() for pdf_page in pdf.pages)

    page.goto(live_app.url + "/benefits/payments/")
    assert page.locator(f"main table a[href='{run}']").count() == 1
    assert axe_violations(page) == []

    # The card starts in the month the allowance took effect.
    query = f"?month_0={last_month.month}&month_1={last_month.year}"
    page.goto(live_app.url + "/benefits/health-insurance/" + query)
    card = page.locator("main table tbody tr", has_text=PAYEE)
    assert card.locator(".govuk-tag").inner_text() == "New this month"
    assert axe_violations(page) == []
    page.goto(live_app.url + "/benefits/health-insurance/?month_0=13&area=99999")
    assert page.locator(".govuk-error-summary a[href='#id_area']").count() == 1
    assert axe_violations(page) == []
