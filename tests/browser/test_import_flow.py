"""A commune officer imports a list in Chromium, as on the commune's PC: upload, the check running as a job,
the preview, a corrected column mapping, the import with its progress, and the rows to correct downloaded;
axe-core (WCAG 2.1 A and AA) finds nothing on any step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in
from tests.web.test_import_pages import HEADER, list_workbook

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The village under a heading the importer does not recognise, so the officer maps it by hand (column G).
FLOW_HEADER = [*HEADER[:6], "Cột không rõ", *HEADER[7:]]
FLOW_ROWS = [
    [1, "Hà Văn Nhập", "04/09/1961", "Nam", "Tày", None, "Nà Lầu", "Vận động", "Nặng"],
    [2, "Lục Thị Dòng", 1994, "Nữ", "Nùng", None, "Bản Chang", "Nhìn", "Nhẹ"],
    [3, "Mã Văn Sai", "30/02/1970", "Nam", "Tày", None, "Nà Lầu", "vận động", "rất nặng"],  # rejected
]
MAPPED_COLUMN = "#id_column_6"


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def wait_for_job_then_open_import(page: Page) -> None:
    """On a job's page: let htmx poll until the job has finished, then follow the link to the import."""
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]+/$"))
    assert_accessible(page)  # while it runs, or already finished
    page.wait_for_function("() => !document.querySelector('#job-progress').hasAttribute('hx-get')")
    assert page.locator("progress.hn-progress").get_attribute("value") == "100"
    assert_accessible(page)
    page.click("#job-progress a[href^='/imports/']")
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]+/$"))


def test_a_commune_officer_imports_a_list_step_by_step(page: Page, live_app: LiveApp, tmp_path: Path) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    page.goto(live_app.url + "/imports/")
    assert_accessible(page)

    # A file that is no list: the error on the form.
    page.set_input_files("#id_file", files=[{"name": "notes.xlsx", "mimeType": XLSX, "buffer": b"no list"}])
    page.click("main form[enctype] button[type=submit]")
    assert page.locator(".govuk-error-summary a[href='#id_file']").is_visible()
    assert_accessible(page)

    # The list: checked in the background, then the preview.
    content = list_workbook(FLOW_ROWS, FLOW_HEADER)
    page.set_input_files("#id_file", files=[{"name": "ds-nhap.xlsx", "mimeType": XLSX, "buffer": content}])
    page.click("main form[enctype] button[type=submit]")
    wait_for_job_then_open_import(page)
    preview = page.url
    assert page.locator("h1").inner_text() == "ds-nhap.xlsx"
    assert page.locator("main table").first.inner_text().count("Mã Văn Sai") == 1  # rejected rows first
    assert_accessible(page)

    # Two columns mapped to the full name: refused, with the error on the select.
    page.select_option(MAPPED_COLUMN, "full_name")
    page.click("form[action$='/mapping/'] button[type=submit]")
    assert page.locator(f".govuk-error-summary a[href='{MAPPED_COLUMN}']").is_visible()
    assert page.locator(f"{MAPPED_COLUMN}.govuk-select--error").count() == 1
    assert_accessible(page)

    # The village column mapped by hand: the list is checked again with it.
    page.goto(preview)
    page.select_option(MAPPED_COLUMN, "village")
    page.click("form[action$='/mapping/'] button[type=submit]")
    wait_for_job_then_open_import(page)
    page.goto(preview + "?class=create")
    assert "Bản Chang" in page.locator("main table").first.inner_text()
    assert_accessible(page)

    # The import, with its progress, and what it wrote.
    page.goto(preview)
    page.click("form[action$='/commit/'] button[type=submit]")
    wait_for_job_then_open_import(page)
    assert page.locator("#written").is_visible()
    assert page.locator("#written dd").first.inner_text() == "2"
    assert page.locator("form[action$='/commit/']").count() == 0
    assert_accessible(page)

    # The rejected row, to correct and upload again.
    with page.expect_download() as download:
        page.click("a[href$='/errors.xlsx']")
    saved = tmp_path / "errors.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert sheet is not None
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert "Mã Văn Sai" in names
    assert "Hà Văn Nhập" not in names

    # The commune's page lists the import.
    page.goto(live_app.url + "/units/current/06325/")
    assert page.locator(f"main a[href='{preview.removeprefix(live_app.url)}']").count() == 1
    assert_accessible(page)
