"""The screening campaign in a real browser: a province officer creates a campaign (first with mistakes),
registers children of Bắc Sơn (a new child, a child of the registry, an adult refused), records a screening
day and its results (with mistakes), a surgery and a follow-up, prints the list for the screening day and
downloads the spreadsheet; axe-core checks every page and every error state."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in
from tests.browser.test_accessibility import register_person

pytestmark = pytest.mark.browser

CAMPAIGN = "Khám sàng lọc trẻ em khuyết tật (trình duyệt)"
NEW_CHILD = "Hoàng Văn Khám"
REGISTRY_CHILD = "Lương Thị Sàng Lọc"


def fill_date(page: Page, name: str, day: object) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):  # type: ignore[attr-defined]
        page.fill(f"#id_{name}_{part}", str(value))


def create_campaign(page: Page, app: LiveApp) -> str:
    page.goto(app.url + "/campaigns/")
    assert axe_violations(page) == []
    page.click("main a[href='/campaigns/new/']")
    page.click("main form button[type=submit]")
    expect(page.locator(".govuk-error-summary a[href='#id_name']")).to_have_count(1)
    expect(page.locator(".govuk-error-summary a[href='#id_condition_groups_0']")).to_have_count(1)
    assert axe_violations(page) == []
    today = timezone.localdate()
    page.fill("#id_name", CAMPAIGN)
    fill_date(page, "starts_on", today - timedelta(days=30))
    fill_date(page, "ends_on", today + timedelta(days=60))
    page.fill("#id_area", "20")
    page.check("#id_condition_groups_0")
    page.check("#id_condition_groups_1")
    page.check("#id_funding_sources_0")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/campaigns/\d+/$"))
    assert axe_violations(page) == []
    return page.url.removeprefix(app.url)


def registry_child(page: Page, app: LiveApp) -> None:
    page.goto(app.url + "/persons/new/")
    page.fill("#id_full_name", REGISTRY_CHILD)
    page.fill("#id_birth_date_2", str(timezone.localdate().year - 7))
    page.check("#id_sex_1")
    page.select_option("#id_ethnicity", "02")
    page.fill("#id_commune", "06325")
    page.click("main button[type=submit]")
    if page.locator("#id_different_person").count():
        page.check("#id_different_person")
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/$"))


def test_a_campaign_from_registration_to_follow_up_is_accessible_in_each_state(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app.url, "demo-tinh", live_app.passwords["demo-tinh"])
    campaign = create_campaign(page, live_app)
    commune = f"{campaign}communes/06325/"
    register_person(page, live_app, full_name="Vi Văn Người Lớn")  # born in 1980
    registry_child(page, live_app)

    page.goto(live_app.url + commune)
    assert axe_violations(page) == []
    page.click(f"main a[href='{commune}new-child/']")
    page.click("main form button[type=submit]")
    expect(page.locator(".govuk-error-summary a[href='#id_full_name']")).to_have_count(1)
    assert axe_violations(page) == []
    page.fill("#id_full_name", NEW_CHILD)
    page.fill("#id_birth_date_2", str(timezone.localdate().year - 5))
    page.check("#id_sex_0")
    page.select_option("#id_suspected_group", "cleft")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/communes/06325/$"))

    page.goto(live_app.url + f"{commune}register/?q=vi+van+nguoi+lon")
    page.check("#id_person_0")
    page.select_option("#id_suspected_group", "motor")
    page.click("main form[method=post] button[type=submit]")
    expect(page.locator(".govuk-error-summary a[href='#id_person_0']")).to_have_count(1)
    assert "16" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    page.goto(live_app.url + f"{commune}register/?q=luong+thi+sang")
    assert axe_violations(page) == []
    page.check("#id_person_0")
    page.select_option("#id_suspected_group", "motor")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r".*/communes/06325/$"))
    expect(page.locator("#children tbody tr")).to_have_count(2)

    page.goto(live_app.url + f"{commune}print/")
    expect(page.locator("#screening-list tbody tr")).to_have_count(2)
    assert axe_violations(page) == []

    page.goto(live_app.url + f"{commune}sessions/new/")
    fill_date(page, "held_on", timezone.localdate() + timedelta(days=90))
    page.fill("#id_place", "Trạm Y tế xã Bắc Sơn")
    page.fill("#id_team", "Bệnh viện Đa khoa tỉnh")
    page.click("main form button[type=submit]")
    expect(page.locator(".govuk-error-summary a[href='#id_held_on_0']")).to_have_count(1)
    assert axe_violations(page) == []
    fill_date(page, "held_on", timezone.localdate())
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/sessions/\d+/$"))
    assert axe_violations(page) == []
    confirmed = page.locator("main input[name^='outcome_'][value='confirmed']")
    confirmed.nth(0).check()
    confirmed.nth(1).check()
    page.click("main form button[type=submit]")
    expect(page.locator(".govuk-error-summary a[href^='#id_group_']")).to_have_count(2)
    assert axe_violations(page) == []
    groups = page.locator("main select[name^='group_']")
    groups.nth(0).select_option("cleft")
    groups.nth(1).select_option("motor")
    page.locator("main input[name^='indicated_']").nth(0).check()
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/communes/06325/$"))

    page.click("main a[href$='/surgery/']")
    page.click("main form button[type=submit]")
    expect(page.locator(".govuk-error-summary a[href='#id_hospital']")).to_have_count(1)
    assert axe_violations(page) == []
    page.fill("#id_hospital", "Bệnh viện Nhi Trung ương")
    fill_date(page, "operated_on", timezone.localdate())
    page.fill("#id_cost", "12500000")
    page.check("#id_paid_by_0")
    page.check("#id_outcome_0")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/communes/06325/$"))
    page.locator("main a[href$='/follow-up/']").first.click()
    assert axe_violations(page) == []
    fill_date(page, "followed_on", timezone.localdate())
    page.check("#id_status_0")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/communes/06325/$"))

    page.goto(live_app.url + campaign)
    total = page.locator("#funnel tfoot td")
    assert [total.nth(index).inner_text() for index in range(8)] == [
        "2",
        "2",
        "100 %",
        "2",
        "1",
        "1",
        "100 %",
        "1",
    ]
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.click(f"main a[href='{campaign}children.xlsx']")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet is not None
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {NEW_CHILD, REGISTRY_CHILD}
