"""The benefit pages in a real browser: recording a decision that takes effect in the past (with its
mistakes, then its arrears) and the change that a new severity makes due, each state checked with
axe-core. (The rules' form is checked empty in ``test_accessibility``: signing the administrator in again
here would reuse a two-step code that the other tests need.)"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from hoanhap.benefits.selectors import add_months
from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in
from tests.browser.test_accessibility import PERSON_LINK

pytestmark = pytest.mark.browser


def fill_month(page: Page, name: str, month: date) -> None:
    page.fill(f"#id_{name}_0", str(month.month))
    page.fill(f"#id_{name}_1", str(month.year))


def test_recording_a_benefit_decision_is_accessible_in_each_state(page: Page, live_app: LiveApp) -> None:
    # Phường Kon Tum: the demo has recorded the allowances of Bắc Sơn's eligible persons already.
    sign_in(page, live_app.url, "demo-xa-kontum", live_app.passwords["demo-xa-kontum"])
    page.goto(live_app.url + "/persons/?severity=severe")
    person = page.locator(PERSON_LINK).first.get_attribute("href")
    assert person
    page.goto(live_app.url + person + "benefits/new/")
    page.click("main form button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator(".govuk-error-summary a[href='#id_kind_0']").count() == 1
    assert axe_violations(page) == []
    # A start taking effect three months ago, signed today: three months of arrears.
    page.check("#id_kind_0")
    page.check("#id_action_0")
    page.fill("#id_number", "99/QĐ-UBND")
    fill_month(page, "effective_from", add_months(timezone.localdate().replace(day=1), -3))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/benefits/$"))
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert page.locator(".govuk-summary-card table tbody tr").count() == 3
    assert axe_violations(page) == []
    page.click("button.hn-language-switch__button")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "of arrears in all" in page.locator(".govuk-summary-card caption").inner_text()
    assert axe_violations(page) == []
    # The council now finds the disability particularly severe: a change of the allowance is due.
    page.goto(live_app.url + person + "determinations/new/")
    today = timezone.localdate()
    page.fill("#id_decided_on_0", str(today.day))
    page.fill("#id_decided_on_1", str(today.month))
    page.fill("#id_decided_on_2", str(today.year))
    page.check("#id_body_0")
    page.check("#id_types_0")
    page.check("#id_severity_0")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/$"))
    page.goto(live_app.url + "/benefits/changes/")
    proposal = page.locator(f"main table a[href^='{person}benefits/new/?']")
    assert proposal.count() == 1
    assert axe_violations(page) == []
    proposal.click()
    page.wait_for_url(re.compile(r".*/benefits/new/\?.*action=change.*"))
    assert page.locator("#id_action_1").is_checked()  # change
    page.fill("#id_number", "100/QĐ-UBND")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/benefits/$"))
    assert page.locator(".govuk-summary-card").count() == 2
    assert axe_violations(page) == []
