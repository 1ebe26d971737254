"""The dashboard in a real browser: the charts are drawn (SVG, no online tiles, nothing blocked by the
Content-Security-Policy), each beside its data table with an aria description, and axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.browser.conftest import LiveApp
from tests.browser.helpers import axe_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["demo-tinh", "demo-xa"])
def test_the_dashboard_draws_every_chart_beside_its_table(
    page: Page, live_app: LiveApp, username: str
) -> None:
    problems: list[str] = []
    page.on("console", lambda message: _note(message, problems))
    page.on("pageerror", lambda error: problems.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, live_app.url, username, live_app.passwords[username])
    response = page.goto(live_app.url + "/dashboards/?period=2024")
    assert response is not None
    assert response.status == 200
    charts = page.locator(".hn-chart")
    assert charts.count() >= 1, "the demo plans give the dashboard at least the trend chart"
    page.wait_for_function(
        "() => [...document.querySelectorAll('.hn-chart')].every((c) => c.dataset.drawn === 'true')"
    )
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.locator("svg").count() >= 1  # the SVG renderer, not a canvas
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label")
        table = page.locator("#" + (chart.get_attribute("data-table") or "missing"))
        assert table.count() == 1
        assert table.locator("tbody tr").count() >= 1
    assert page.locator("#table-targets tbody tr").count() >= 1
    assert all(url.startswith(live_app.url) for url in requests), "no asset from another host"
    assert problems == []
    violations = axe_violations(page)
    assert violations == [], violations


def test_a_dashboard_without_targets_is_accessible(page: Page, live_app: LiveApp) -> None:
    # The viewer's area (Quảng Ngãi) has no plan in the demo: the page says so, with no chart.
    sign_in(page, live_app.url, "demo-xem", live_app.passwords["demo-xem"])
    response = page.goto(live_app.url + "/dashboards/?period=2024")
    assert response is not None
    assert response.status == 200
    assert page.locator(".hn-chart").count() == 0
    assert page.locator("#table-targets").count() == 0
    violations = axe_violations(page)
    assert violations == [], violations


def _note(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type == "error":
        problems.append(message.text)
