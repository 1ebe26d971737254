"""axe-core (WCAG 2.1 A and AA) on every page, signed in as each role, in Chromium; a keyboard-only walk."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in
from tests.web.test_access_matrix import WEB_MATRIX

pytestmark = pytest.mark.browser

# Pages a person opens in the browser, by the role that opens them. "{agency}", "{user}" and "{person…}" are
# filled in from links on the list pages, so the test follows the same path a user would (a person is first
# registered through the form when the registry shown is still empty).
PAGES: dict[str, list[str]] = {
    "demo-admin": [
        "/",
        "/units/",
        "/units/?q=bac+son&edition=legacy",
        "/units/current/20/",
        "/units/legacy/06328/",
        "/units/load/",
        "/jobs/",
        "/agencies/",
        "/agencies/new/",
        "{agency}",
        "/users/",
        "/users/new/",
        "{user}",
        "{user_password}",
        "/audit/",
        "/audit/?action=accounts.&date_from=2099-13-01",
        "/account/",
        "/account/two-factor/",
        "/benefits/rules/",
        "/benefits/rules/new/",
        "/services/catalogue/",
        "/services/catalogue/new/",
        "{provision_type}",
    ],
    "demo-tinh": [
        "/",
        "/units/",
        "/agencies/",
        "/agencies/new/",
        "{agency}",
        "/audit/",
        "/jobs/",
        "/account/",
        "/persons/",
        "{person}",
        "/persons/turning-six/",
        "/persons/duplicates/",
        "{duplicate}",
        "/imports/",
        "{person_benefits}",
        "/benefits/changes/",
        "/benefits/rules/?code=standard_level",
        "/benefits/payments/",
        "/benefits/health-insurance/?area=06184",
        "/services/?domain=health",
        "/plans/",
        "{plan}",
        "/indicators/",
        "/dashboards/",
    ],
    "demo-xa": [
        "/",
        "/persons/export/?q=anh&types=vision",
        "/units/?q=dak+lak",
        "/units/current/06325/",
        "/agencies/",
        "/jobs/",
        "/account/",
        "/account/two-factor/",
        "/persons/",
        "/persons/?q=anh&severity=none&types=vision",
        "/persons/new/",
        "{person}",
        "{person_edit}",
        "{person_status}",
        "{person_move}",
        "{person_determination}",
        "{person_certificate}",
        "{person_functioning}",
        "{person_functioning_questions}",
        "{person_benefits}",
        "{person_benefit_decision}",
        "/benefits/changes/",
        "/benefits/changes/?month_0=13&area=06184",
        "/benefits/rules/",
        "/benefits/payments/?month_0=13&status=draft",
        "/benefits/health-insurance/",
        "/persons/turning-six/?months=12",
        "/persons/duplicates/",
        "{duplicate}",
        "/imports/",
        "{person_service}",
        "/services/",
        "/services/?unit=99999&date_from_0=31&date_from_1=2&date_from_2=2025",
        "/activities/",
        "/activities/new/",
        "/figures/",
    ],
    "demo-coquan": [
        "/",
        "/units/",
        "/agencies/",
        "/account/",
        "{person_benefits}",
        "{person_service}",
        "/services/",
        "/activities/",
    ],
    "demo-xem": [
        "/",
        "/units/",
        "/units/legacy/62/",
        "/agencies/?q=y+te",
        "/account/",
        "/campaigns/",
        "/plans/",
        "/indicators/",
    ],
}
ANONYMOUS_PAGES = ["/api/v1/docs", "/benefits/calculator/", "/login/?next=/units/", "/login/"]  # sign-in last
# URL names whose page is covered above (by path) or which are not HTML pages a person visits.
COVERED = {
    "web:home",
    "web:person_export",
    "api_reference",
    "web:login",
    "web:unit_list",
    "web:unit_detail",
    "web:dashboard",
    "web:unit_load",
    "web:job_list",
    "web:agency_list",
    "web:agency_create",
    "web:agency_edit",
    "web:user_list",
    "web:user_create",
    "web:user_edit",
    "web:user_password",
    "web:audit_list",
    "web:profile",
    "web:two_factor_setup",
    "web:job_detail",
    "web:login_verify",
    "web:person_list",
    "web:person_create",
    "web:person_detail",
    "web:person_edit",
    "web:person_status",
    "web:person_move",
    "web:person_determination_create",
    "web:person_certificate_create",
    "web:person_children_turning_six",
    "web:person_functioning_create",
    "web:person_duplicates",
    "web:person_duplicate_review",
    "web:import_list",
    "web:import_detail",  # each state of the preview: test_import_flow.py
    # With their error states, and the preview of each kind of list: test_import_records_flow.py.
    "web:import_services",
    "web:activity_participants_import",
    "web:benefit_calculator",  # with errors and with a result: test_the_allowance_calculator_is_accessible…
    "web:person_benefits",  # with decisions and arrears too: test_recording_a_benefit_decision_is_accessible…
    "web:person_benefit_decision_create",
    "web:benefit_changes_due",
    "web:benefit_rules",
    "web:benefit_rule_create",
    # Each state (draft, approved, paid, with errors) in test_payment_flow.py.
    "web:payment_run_list",
    "web:payment_run_detail",
    "web:payment_run_approve",
    "web:health_insurance_list",
    # With their error states and with participants in test_provision_flow.py.
    "web:person_service_create",
    "web:provision_catalogue",
    "web:provision_type_create",
    "web:provision_type_edit",
    "web:service_list",
    "web:activity_list",
    "web:activity_create",
    "web:activity_detail",
    "web:aggregate_entries",
    # Each page and error state in test_campaign_flow.py.
    "web:campaign_list",
    "web:campaign_create",
    "web:campaign_detail",
    "web:campaign_edit",  # with an error state: test_changing_a_campaign_is_accessible_with_errors
    "web:campaign_commune",
    "web:campaign_print",
    "web:campaign_register",
    "web:campaign_new_child",
    "web:campaign_session_create",
    "web:campaign_session_results",
    "web:campaign_surgery",
    "web:campaign_follow_up",
    "web:plan_list",
    "web:plan_detail",
    "web:indicator_list",
    # Each form, with its errors, and the pages of a plan written and issued: test_plan_flow.py.
    "web:plan_create",
    "web:plan_issue",
    "web:plan_edit",  # with an error state: test_plan_flow.py
    "web:plan_phase_create",
    "web:plan_objective_create",
    "web:plan_target_create",
    "web:plan_task_create",
    "web:plan_target_persons",
    "web:task_occurrence",
    "web:indicator_create",
    "web:indicator_edit",
}
NOT_PAGES = {
    "web:healthz",
    "web:export_download",
    "web:user_unlock",
    "web:logout",
    "web:unit_load_start",
    "web:job_progress",
    "web:audit_export",
    "web:dashboard_export",
    "web:profile_two_factor_disable",
    "web:profile_token_create",
    "web:profile_token_revoke",
    "set_language",
    "web:person_certificate_pdf",
    "web:person_identity_verify",
    "web:person_duplicate_scan",
    "web:person_duplicate_dismiss",
    "web:person_duplicate_merge",
    "web:import_template",
    "web:import_record_template",
    "web:import_map",
    "web:import_decide",
    "web:import_commit",
    "web:import_cancel",
    "web:import_errors",
    "web:payment_run_prepare_again",
    "web:payment_run_mark_paid",
    "web:payment_run_xlsx",
    "web:payment_run_pdf",
    "web:health_insurance_xlsx",
    # Forms posted from the activity's page; their errors show on that page (test_provision_flow.py).
    "web:activity_participant_add",
    "web:activity_participant_remove",
    "web:activity_head_counts",
    "web:campaign_xlsx",
    "web:activities_xlsx",
    "web:services_xlsx",
    "web:task_update_evidence",
}


def test_every_page_of_the_interface_is_checked() -> None:
    assert set(WEB_MATRIX) == COVERED | NOT_PAGES


def first_link(page: Page, app: LiveApp, list_path: str, pattern: str) -> str:
    page.goto(app.url + list_path)
    href = page.locator(f"main a[href*='{pattern}']").first.get_attribute("href")
    assert href, f"no link matching {pattern} on {list_path}"
    return href


PERSON_LINK = "main table a[href^='/persons/']"
PERSON_PAGES = {
    "{person}": "",
    "{person_edit}": "edit/",
    "{person_status}": "status/",
    "{person_move}": "move/",
    "{person_determination}": "determinations/new/",
    "{person_certificate}": "certificates/new/",
    "{person_functioning}": "functioning/new/",
    "{person_functioning_questions}": "functioning/new/?instrument=cfm_5_17",
    "{person_benefits}": "benefits/",
    "{person_benefit_decision}": "benefits/new/",
    "{person_service}": "services/new/",
}
DUPLICATE_LINK = "main table a[href^='/persons/duplicates/']"


def register_person(page: Page, app: LiveApp, full_name: str = "Đặng Thị Ánh", commune: str = "06325") -> str:
    """Fill the registration form in as an officer would (ticking "a different person" if warned that
    someone of that name is registered already); the address of the new person's page."""
    page.goto(app.url + "/persons/new/")
    page.fill("#id_full_name", full_name)
    page.fill("#id_birth_date_0", "17")
    page.fill("#id_birth_date_1", "5")
    page.fill("#id_birth_date_2", "1980")
    page.check("#id_sex_1")
    page.select_option("#id_ethnicity", "02")
    page.fill("#id_commune", commune)
    page.fill("#id_village", "Thôn Nà Lay")
    page.check("#id_special_groups_0")
    page.click("main button[type=submit]")
    if page.locator("#id_different_person").count():
        page.check("#id_different_person")
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/$"))
    return page.url.removeprefix(app.url)


def a_person(page: Page, app: LiveApp) -> str:
    """The first person of the viewer's registry, registered through the form if there is none yet."""
    page.goto(app.url + "/persons/")
    if not page.locator(PERSON_LINK).count():
        return register_person(page, app)
    href = page.locator(PERSON_LINK).first.get_attribute("href")
    assert href
    return href


def a_duplicate(page: Page, app: LiveApp) -> str:
    """The first pair of the viewer's review queue: found by the scan button if the queue is empty, or
    made by registering the same person twice ("a different person" puts the pair in the queue)."""
    page.goto(app.url + "/persons/duplicates/")
    if not page.locator(DUPLICATE_LINK).count():
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    if not page.locator(DUPLICATE_LINK).count():
        register_person(page, app, full_name="Hà Thị Trùng")
        register_person(page, app, full_name="Hà Thị Trùng")
        page.goto(app.url + "/persons/duplicates/")
    href = page.locator(DUPLICATE_LINK).first.get_attribute("href")
    assert href
    return href


def resolve(page: Page, app: LiveApp, path: str) -> str:
    if path in PERSON_PAGES:
        return a_person(page, app) + PERSON_PAGES[path]
    if path == "{duplicate}":
        return a_duplicate(page, app)
    if path == "{provision_type}":
        return first_link(page, app, "/services/catalogue/", "/edit/")
    if path == "{plan}":  # a seed plan with its targets' current figures
        return first_link(page, app, "/plans/", "/plans/")
    if path == "{agency}":
        return first_link(page, app, "/agencies/", "/edit/")
    if path == "{user}":
        return first_link(page, app, "/users/?q=demo-xa", "/edit/")
    if path == "{user_password}":
        return first_link(page, app, "/users/?q=demo-xa", "/edit/").replace("/edit/", "/password/")
    return path


def check(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url}: {response.status}"
    violations = axe_violations(page)
    assert violations == [], f"{url}: {violations}"


@pytest.mark.parametrize("username", sorted(PAGES))
def test_no_accessibility_violations_on_any_page(page: Page, live_app: LiveApp, username: str) -> None:
    key = live_app.admin_totp_key if username == "demo-admin" else None
    sign_in(page, live_app.url, username, live_app.passwords[username], key)
    for path in PAGES[username]:
        check(page, live_app.url + resolve(page, live_app, path))


def test_no_accessibility_violations_before_sign_in_and_on_errors(page: Page, live_app: LiveApp) -> None:
    for path in ANONYMOUS_PAGES:
        check(page, live_app.url + path)
    page.fill("#id_username", "demo-xa")
    page.fill("#id_password", "wrong")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
    page.click("button.hn-language-switch__button")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []


def calculate(page: Page) -> None:
    """Fill the calculator in for a particularly severe child in July 2024, pregnant with one young child."""
    page.fill("#id_birth_date_2", "2015")
    page.check("#id_severity_0")
    page.fill("#id_month_0", "7")
    page.fill("#id_month_1", "2024")
    page.check("#id_pregnant")
    page.fill("#id_children_under_36_months", "1")
    page.click("main button[type=submit]")


def test_the_allowance_calculator_is_accessible_with_errors_and_with_a_result(
    page: Page, live_app: LiveApp
) -> None:
    page.goto(live_app.url + "/benefits/calculator/")
    page.fill("#id_month_0", "")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_month_0.govuk-input--error").count() == 1
    assert axe_violations(page) == []
    calculate(page)
    assert "1.250.000 đ" in page.locator("#result").inner_text()
    assert axe_violations(page) == []
    page.click("button.hn-language-switch__button")
    assert page.locator("html").get_attribute("lang") == "en"
    calculate(page)
    assert "1,250,000 VND" in page.locator("#result").inner_text()
    assert axe_violations(page) == []


def test_registering_a_person_is_accessible_in_each_state_of_the_form(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    page.goto(live_app.url + "/persons/new/")
    page.fill("#id_birth_date_0", "31")
    page.fill("#id_birth_date_1", "2")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_birth_date_0.govuk-input--error").count() == 1
    assert axe_violations(page) == []
    person = register_person(page, live_app, full_name="Lý Văn Trình")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert axe_violations(page) == []
    # The same name and year again: the duplicate warning, with its box to tick.
    page.goto(live_app.url + "/persons/new/")
    page.fill("#id_full_name", "Lý Văn Trình")
    page.fill("#id_birth_date_2", "1980")
    page.check("#id_sex_0")
    page.fill("#id_commune", "06325")
    page.click("main button[type=submit]")
    assert page.locator("#duplicates").is_visible()
    assert page.locator(f"main table a[href='{person}']").count() == 1
    assert axe_violations(page) == []
    page.goto(live_app.url + person + "determinations/new/")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []


def test_the_identity_check_and_the_functioning_form_are_accessible_in_each_state(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app.url, "demo-xa", live_app.passwords["demo-xa"])
    # A citizen of the sandbox population database, recorded without her middle name.
    page.goto(live_app.url + "/persons/new/")
    page.fill("#id_full_name", "Nông Thị Nhung")
    page.fill("#id_birth_date_0", "23")
    page.fill("#id_birth_date_1", "11")
    page.fill("#id_birth_date_2", "1990")
    page.check("#id_sex_1")
    page.fill("#id_cccd", "020190004417")
    page.fill("#id_commune", "06325")
    page.click("main button[type=submit]")
    if page.locator("#id_different_person").count():
        page.check("#id_different_person")
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/$"))
    person = page.url.removeprefix(live_app.url)
    page.click("#national-database ~ form button[type=submit]")
    page.wait_for_url(re.compile(r".*/persons/\d+/#national-database$"))
    assert page.locator("#national-database ~ dl li").count() >= 1  # the differences
    assert axe_violations(page) == []
    page.goto(live_app.url + person + "functioning/new/")
    page.click("main button[type=submit]")  # the question set suggested by age
    page.wait_for_url(re.compile(r".*instrument=.*"))
    page.fill("#id_assessed_on_0", "")
    page.click("main form[method=post] button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []


def test_the_two_step_code_page_and_a_job_page_are_accessible(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url + "/login/")
    page.fill("#id_username", "demo-admin")
    page.fill("#id_password", live_app.passwords["demo-admin"])
    page.click("main button[type=submit]")
    page.wait_for_url("**/login/verify/")
    assert axe_violations(page) == []
    from django_otp.oath import totp

    page.fill("#id_code", f"{totp(live_app.admin_totp_key):06d}")
    page.click("main button[type=submit]")
    page.goto(live_app.url + "/units/load/")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]+/$"))
    assert page.locator("#job-progress[hx-get]").count() == 1  # queued for the worker: the page polls
    # htmx replaces the fragment every second until the job has finished, then the polling stops.
    page.wait_for_function("() => !document.querySelector('#job-progress').hasAttribute('hx-get')")
    assert page.locator("progress.hn-progress").get_attribute("value") == "100"
    assert axe_violations(page) == []


def test_keyboard_only_sign_in_reaches_every_navigation_item(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url + "/login/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.classList.contains('govuk-skip-link')")
    focus_style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none' || s.backgroundColor; })()"
    )
    assert focus_style
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    # Tab forward to the user-name field, type, then the password, then Enter submits.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_username":
            break
    page.keyboard.type("demo-tinh")
    page.keyboard.press("Tab")
    page.keyboard.type(live_app.passwords["demo-tinh"])
    page.keyboard.press("Enter")
    # The redirect keeps the "#main-content" fragment of the skip link, as browsers do.
    page.wait_for_url(re.compile(re.escape(live_app.url) + r"/(#main-content)?$"))
    labels = page.locator(".govuk-service-navigation__link").all_inner_texts()
    assert len(labels) >= 5
    for label in labels:
        page.goto(live_app.url + "/")
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == label:
                break
        else:
            pytest.fail(f"the navigation item {label!r} cannot be reached with the keyboard")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == live_app.url + href
        assert page.locator("h1").count() == 1


def test_changing_a_campaign_is_accessible_with_errors(page: Page, live_app: LiveApp) -> None:
    from tests.browser.test_campaign_flow import create_campaign  # that module imports this one

    sign_in(page, live_app.url, "demo-tinh", live_app.passwords["demo-tinh"])
    campaign = create_campaign(page, live_app)
    page.click(f"main a[href='{campaign}edit/']")
    assert axe_violations(page) == []
    page.fill("#id_name", "")
    page.fill("#id_ends_on_2", "2000")
    page.click("main form button[type=submit]")
    assert page.locator(".govuk-error-summary a[href='#id_name']").count() == 1
    assert axe_violations(page) == []
    page.fill("#id_name", "Khám sàng lọc (đã đổi)")
    page.click("main form button[type=submit]")
    assert page.locator(".govuk-error-summary a[href='#id_ends_on_0']").count() == 1
    assert axe_violations(page) == []
    page.fill("#id_ends_on_2", str(int(page.input_value("#id_starts_on_2")) + 1))
    page.check("main input[name=status][value=closed]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/campaigns/\d+/$"))
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert axe_violations(page) == []
