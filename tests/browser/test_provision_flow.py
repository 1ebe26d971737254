"""The service and activity pages in a real browser, each state checked with axe-core: recording a service
(with the detail its type requires missing, then complete), an activity (with its errors, then its
participants and head-counts) and the figures of a unit (with an unknown unit, then recorded)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in
from tests.browser.test_accessibility import a_person

pytestmark = pytest.mark.browser


def fill_today(page: Page, name: str) -> None:
    today = timezone.localdate()
    page.fill(f"#id_{name}_0", str(today.day))
    page.fill(f"#id_{name}_1", str(today.month))
    page.fill(f"#id_{name}_2", str(today.year))


def submit(page: Page, form: str = "main form[method=post]") -> None:
    page.locator(f"{form} button[type=submit]").first.click()
    page.wait_for_load_state()


def no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def test_recording_a_service_is_accessible_in_each_state(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    person = a_person(page, live_app)
    page.goto(live_app.url + person + "services/new/")
    submit(page)
    assert page.locator(".govuk-error-summary a[href='#id_service_type']").count() == 1
    no_violations(page)
    # Rehabilitation needs the provider and the outcome: the provider is missing.
    page.select_option("#id_service_type", label="Phục hồi chức năng")
    fill_today(page, "delivered_on")
    page.fill("#id_outcome", "Đi lại được với nạng")
    submit(page)
    assert page.locator("#id_provider.govuk-select--error").count() == 1
    no_violations(page)
    page.select_option("#id_provider", label="Trạm Y tế xã Bắc Sơn")
    submit(page)
    page.wait_for_url(re.compile(r".*/persons/\d+/#services$"))
    assert "Phục hồi chức năng" in page.locator("#services + table").inner_text()
    no_violations(page)


def test_an_activity_and_its_participants_are_accessible_in_each_state(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    page.goto(live_app.url + a_person(page, live_app))
    name = page.locator("main h1").inner_text()
    page.goto(live_app.url + "/activities/new/")
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    no_violations(page)
    page.fill("#id_title", "Tập huấn kỹ năng chăm sóc")
    page.select_option("#id_domain", "awareness")
    page.check("#id_kind_0")
    fill_today(page, "held_on")
    page.fill("#id_unit", "06325")
    submit(page)
    page.wait_for_url(re.compile(r".*/activities/\d+/$"))
    activity = page.url
    no_violations(page)
    # A person found by the search, then a family member of theirs.
    page.fill("#id_q", name)
    page.locator("#id_q ~ button, form[method=get] button[type=submit]").last.click()
    page.wait_for_load_state()
    page.locator("main table form button[type=submit]").first.click()
    page.wait_for_url(activity)
    no_violations(page)
    page.fill("#id_q", name)
    page.locator("form[method=get] button[type=submit]").last.click()
    page.wait_for_load_state()
    page.locator("main table a[href*='family_of=']").first.click()
    page.fill("#id_family_name", "Hoàng Thị Lan")
    page.check("#id_family_sex_1")
    submit(page, "#family ~ form")
    page.wait_for_url(activity)
    # A staff member without a name: the error state, then added.
    submit(page, "#staff ~ form")
    assert page.locator(".govuk-error-summary a[href='#id_staff_name']").count() == 1
    no_violations(page)
    page.fill("#id_staff_name", "Lê Văn An")
    page.check("#id_staff_sex_0")
    submit(page, "#staff ~ form")
    page.wait_for_url(activity)
    page.fill("#id_staff_female", "4")
    submit(page, "#head-counts ~ form")
    page.wait_for_url(activity)
    assert page.locator("#participants ~ table").first.locator("tbody tr").count() == 3
    no_violations(page)
    page.goto(live_app.url + "/activities/")
    assert "Tập huấn kỹ năng chăm sóc" in page.locator("main").inner_text()
    no_violations(page)


def test_the_figures_of_a_unit_are_accessible_with_errors_and_recorded(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    page.goto(live_app.url + "/figures/")
    page.fill("#id_unit", "99999")
    page.fill("#id_staff_on_disability", "many")
    submit(page)
    assert page.locator(".govuk-error-summary a[href='#id_unit']").count() == 1
    assert page.locator("#id_staff_on_disability.govuk-input--error").count() == 1
    no_violations(page)
    page.fill("#id_unit", "06325")
    page.fill("#id_staff_on_disability", "12")
    submit(page)
    page.wait_for_url(re.compile(r".*/figures/\?unit=06325.*"))
    assert page.locator("#id_staff_on_disability").input_value() == "12"
    no_violations(page)
