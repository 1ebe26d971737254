"""A service list and an attendance list imported in Chromium: the upload with its errors, the check as a
job, the preview in the words of what the list records, and the import; axe-core finds nothing on any
step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LiveApp
from tests.browser.helpers import sign_in
from tests.browser.test_accessibility import a_person
from tests.browser.test_import_flow import XLSX, assert_accessible, wait_for_job_then_open_import
from tests.browser.test_provision_flow import fill_today, submit
from tests.exchange.test_import_records import ATTENDANCE_HEADER, SERVICE_HEADER, workbook

pytestmark = pytest.mark.browser


def name_and_year(page: Page, app: LiveApp) -> tuple[str, int]:
    """A registered person of the officer's commune, as a list would name them."""
    page.goto(app.url + a_person(page, app))
    name = page.locator("main h1").inner_text().strip()
    birth = page.locator("main .govuk-summary-list").first.inner_text()
    year = re.search(r"\b(19|20)\d{2}\b", birth)
    assert year
    return name, int(year.group(0))


def test_a_service_list_is_imported_step_by_step(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    name, year = name_and_year(page, live_app)
    page.goto(live_app.url + "/imports/services/")
    assert_accessible(page)

    # No service chosen, no file: the errors on the form.
    submit(page, "main form[enctype]")
    assert page.locator(".govuk-error-summary a[href='#id_service_type']").is_visible()
    assert page.locator(".govuk-error-summary a[href='#id_file']").is_visible()
    assert_accessible(page)

    rows = [
        [1, name, year, None, None, None, "Bình thường", None],
        [2, "Nông Văn Không Có", 1931, None, None, None, "Bình thường", None],  # not registered
    ]
    page.set_input_files(
        "#id_file",
        files=[{"name": "kham-sang-loc.xlsx", "mimeType": XLSX, "buffer": workbook(SERVICE_HEADER, rows)}],
    )
    page.select_option("#id_service_type", label="Khám sức khỏe, khám sàng lọc")
    fill_today(page, "delivered_on")
    page.select_option("#id_provider", label="Trạm Y tế xã Bắc Sơn")
    submit(page, "main form[enctype]")
    wait_for_job_then_open_import(page)
    assert "Nông Văn Không Có" in page.locator("main table").first.inner_text()  # rejected first
    assert_accessible(page)

    page.click("form[action$='/commit/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/(jobs|imports)/[0-9a-f-]+/$"))
    if "/jobs/" in page.url:
        wait_for_job_then_open_import(page)
    assert page.locator("#written").is_visible()
    assert_accessible(page)
    page.goto(live_app.url + a_person(page, live_app))
    assert "Khám sức khỏe" in page.locator("main").inner_text()


def test_an_attendance_list_is_imported_from_an_activity(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    name, year = name_and_year(page, live_app)
    page.goto(live_app.url + "/activities/new/")
    page.fill("#id_title", "Tập huấn cho cán bộ và gia đình")
    page.select_option("#id_domain", "awareness")
    page.check("#id_kind_0")
    fill_today(page, "held_on")
    page.fill("#id_unit", "06325")
    submit(page)
    page.wait_for_url(re.compile(r".*/activities/\d+/$"))
    page.click("a[href$='/participants/import/']")
    assert_accessible(page)

    submit(page, "main form[enctype]")
    assert page.locator(".govuk-error-summary a[href='#id_file']").is_visible()
    assert_accessible(page)

    rows = [
        [1, name, year, None, "NKT", None, None],
        [2, "Hoàng Thị Lan", None, "Nữ", "Người nhà", name, None],
        [3, "Lê Văn Cán", None, "Nam", "Cán bộ", None, "Công chức văn hóa - xã hội"],
        [4, "Mã Văn Thiếu", None, None, "Cán bộ", None, None],  # no sex: rejected
    ]
    page.set_input_files(
        "#id_file",
        files=[{"name": "diem-danh.xlsx", "mimeType": XLSX, "buffer": workbook(ATTENDANCE_HEADER, rows)}],
    )
    submit(page, "main form[enctype]")
    wait_for_job_then_open_import(page)
    assert "Mã Văn Thiếu" in page.locator("main table").first.inner_text()
    assert_accessible(page)
    page.click("form[action$='/commit/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/(jobs|imports)/[0-9a-f-]+/$"))
    if "/jobs/" in page.url:
        wait_for_job_then_open_import(page)
    assert page.locator("#written").is_visible()
    page.click("main dl a[href*='/activities/']")
    assert page.locator("#participants ~ table").first.locator("tbody tr").count() >= 3
    assert_accessible(page)
