"""The plan and indicator pages in a real browser, each state checked with axe-core: an indicator written in
the editor (with its errors, then previewed, then saved), a plan written through its forms (with errors),
issued, its page with the targets' figures and the persons behind one, and a task occurrence where the lead
agency's reporter posts an update (with errors, then posted), and the reporter's home page with the
overdue tasks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in

pytestmark = pytest.mark.browser


def no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def click(page: Page, selector: str) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state()


SAVE = "main form button[type=submit][name=save]"
SUBMIT = "main form[method=post] button[type=submit]"


def write_indicator(page: Page, app: LiveApp) -> None:
    page.goto(app.url + "/indicators/new/")
    click(page, SAVE)
    assert page.locator(".govuk-error-summary a[href='#id_name']").count() == 1
    no_violations(page)
    page.fill("#id_name", "Người khuyết tật đến 15 tuổi")
    page.fill("#id_code", "nkt-den-15")
    page.select_option("#id_numerator-source", "campaign")
    click(page, SAVE)  # a campaign count needs its stage: shown on the field
    assert page.locator(".govuk-error-summary a[href='#id_numerator-stage']").count() == 1
    no_violations(page)
    page.select_option("#id_numerator-source", "persons")
    page.locator("details").first.locator("summary").click()
    page.fill("#id_numerator-age_max", "15")
    page.fill("#id_preview-unit", "20")
    click(page, "main form button[name=preview]")
    assert page.locator("#preview-value").is_visible()
    no_violations(page)
    click(page, SAVE)
    page.wait_for_url(re.compile(r".*/indicators/\d+/$"))
    no_violations(page)


def test_writing_an_indicator_and_a_plan_is_accessible_in_each_state(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app.url, "demo-tinh", live_app.passwords["demo-tinh"])
    write_indicator(page, live_app)

    page.goto(live_app.url + "/plans/new/")
    click(page, SUBMIT)
    assert page.locator(".govuk-error-summary a[href='#id_title']").count() == 1
    no_violations(page)
    page.fill("#id_title", "Kế hoạch thử nghiệm 2020 - 2025")
    page.fill("#id_issuer_unit", "20")
    page.fill("#id_period_start", "2020")
    page.fill("#id_period_end", "2025")
    click(page, SUBMIT)
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    plan = page.url.removeprefix(live_app.url)
    no_violations(page)

    # The draft changed: an impossible period first (the error state), then the right one.
    page.goto(live_app.url + plan + "edit/")
    assert page.locator("#id_title").input_value() == "Kế hoạch thử nghiệm 2020 - 2025"
    page.fill("#id_period_end", "2019")
    click(page, SUBMIT)
    assert page.locator(".govuk-error-summary").is_visible()
    no_violations(page)
    page.fill("#id_period_end", "2025")
    page.fill("#id_number", "12/KH-UBND")
    click(page, SUBMIT)
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    assert "12/KH-UBND" in page.locator("main").inner_text()

    page.goto(live_app.url + plan + "phases/new/")
    click(page, SUBMIT)
    no_violations(page)
    page.fill("#id_name", "Giai đoạn 1")
    page.fill("#id_start_year", "2020")
    page.fill("#id_end_year", "2021")
    click(page, SUBMIT)

    page.goto(live_app.url + plan + "objectives/new/")
    page.fill("#id_code", "1")
    page.fill("#id_text", "Quản lý người khuyết tật đến 15 tuổi")
    click(page, SUBMIT)

    page.goto(live_app.url + plan + "targets/new/")
    page.select_option("#id_objective", index=1)
    page.select_option("#id_indicator", label="Người khuyết tật đến 15 tuổi")
    page.check("#id_kind_1")  # a percentage, for a count indicator: refused on its field
    page.fill("#id_value", "90")
    click(page, SUBMIT)
    assert page.locator(".govuk-error-summary a[href='#id_kind_0']").count() == 1
    no_violations(page)
    page.check("#id_kind_0")
    page.fill("#id_value", "50")
    click(page, SUBMIT)

    page.goto(live_app.url + plan + "tasks/new/")
    click(page, SUBMIT)
    assert page.locator(".govuk-error-summary").is_visible()
    no_violations(page)
    page.fill("#id_text", "Rà soát, báo cáo kết quả")
    page.select_option("#id_lead_agency", label="Trạm Y tế xã Bắc Sơn")
    page.check("#id_recurrence_1")
    page.fill("#id_before", "15/12")
    page.fill("#id_deadline_note", "Hằng năm, trước ngày 15/12")
    click(page, SUBMIT)
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    no_violations(page)

    page.goto(live_app.url + plan + "issue/")
    no_violations(page)
    click(page, SUBMIT)
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    assert page.locator(".govuk-tag--red").count() >= 1  # 2020 … overdue
    no_violations(page)
    click(page, "main a[href*='/persons/']")
    no_violations(page)

    page.goto(live_app.url + plan)
    occurrence = page.locator("main a[href^='/tasks/']").first.get_attribute("href")
    assert occurrence
    page.goto(live_app.url + occurrence)
    no_violations(page)

    page.context.clear_cookies()
    sign_in(page, live_app.url, "demo-coquan", live_app.passwords["demo-coquan"])
    assert page.locator("main a[href='" + occurrence + "']").count() == 1  # overdue, on the home page
    no_violations(page)
    page.goto(live_app.url + occurrence)
    click(page, SUBMIT)
    assert page.locator(".govuk-error-summary a[href='#id_progress']").count() == 1
    no_violations(page)
    page.fill("#id_progress", "Đã rà soát 3 thôn")
    page.fill("#id_share_done", "40")
    click(page, SUBMIT)
    assert "Đã rà soát 3 thôn" in page.locator("main").inner_text()
    no_violations(page)
