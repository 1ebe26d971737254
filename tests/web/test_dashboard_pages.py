"""The dashboard of a unit and a period: targets with their status, the trend, the communes (table and map
points), the disaggregations, each chart beside its table, each table exported to XLSX."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from hoanhap.geo.models import AdminUnit
from hoanhap.plans.figures import indicator_value
from hoanhap.plans.indicator_services import IndicatorData, indicator_definition_create
from hoanhap.plans.models import (
    IndicatorDefinition,
    Objective,
    Phase,
    Plan,
    PlanLevel,
    PlanStatus,
    Target,
    TargetKind,
)
from hoanhap.plans.periods import year
from hoanhap.plans.status import ON_TRACK
from hoanhap.provision.models import ServiceRecord, ServiceType
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, make_person, signed_in, unit

pytestmark = pytest.mark.django_db

YEAR = 2024


def english(user: Any) -> Client:
    """Pages and files in English, so the tests can read their words whatever the default language."""
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def health(db: Any) -> IndicatorDefinition:
    return indicator_definition_create(
        actor=None,
        data=IndicatorData(
            code="health",
            name="Tiếp cận y tế",
            numerator={"source": "service_records", "persons": {}, "services": {"domains": ["health"]}},
            denominator={"source": "persons", "persons": {}},
            disaggregations=["sex"],
        ),
    )


@pytest.fixture
def plan(health: IndicatorDefinition) -> Plan:
    """Lạng Sơn's plan 2021–2025: 90 % of persons reached by health services in its second phase. Bắc Sơn
    has 3 persons, 1 served; Đồng Đăng 6 women and 2 men, all served (in 2024)."""
    province = unit(LANG_SON)
    plan = Plan.objects.create(
        issuer_unit=province,
        area_path=province.path,
        level=PlanLevel.PROVINCE,
        number="99/KH-UBND",
        title="Kế hoạch trợ giúp người khuyết tật",
        period_start=2021,
        period_end=2025,
        status=PlanStatus.ISSUED,
    )
    phase = Phase.objects.create(plan=plan, name="2021–2025", start_year=2021, end_year=2025)
    objective = Objective.objects.create(plan=plan, code="1", text="Y tế")
    Target.objects.create(
        objective=objective, indicator=health, kind=TargetKind.PERCENTAGE, value=90, phase=phase
    )
    rehab = ServiceType.objects.get(code="rehabilitation")
    served = []
    for code, sexes in ((BAC_SON, ["female"] * 3), (DONG_DANG, ["female"] * 6 + ["male"] * 2)):
        people = [
            make_person(full_name=f"Người {code} {n}", sex=sex, birth_year=1970, commune=unit(code))
            for n, sex in enumerate(sexes)
        ]
        served += people[:1] if code == BAC_SON else people
    ServiceRecord.objects.bulk_create(
        ServiceRecord(person=p, unit_path=p.unit_path, service_type=rehab, delivered_on=date(YEAR, 5, 1))
        for p in served
    )
    return plan


def url(**params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("web:dashboard") + (f"?{query}" if query else "")


def rows_of(table: Any) -> list[list[Any]]:
    return [list(row) for row in table.rows]


def test_a_province_officer_sees_targets_trend_communes_and_splits(
    plan: Plan, health: IndicatorDefinition, province_user: Any
) -> None:
    response = english(province_user).get(url(unit=LANG_SON, period=str(YEAR), indicator="health"))
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    province = unit(LANG_SON)
    expected = indicator_value(viewer=province_user, indicator=health, unit=province, period=year(YEAR))
    # The target against the value of the selector, with its status (9 of 11 = 81.8 %, 4/5 of the phase).
    [row] = dashboard.targets
    assert row.value.value == expected.total.value == Decimal("81.8")
    assert row.status == ON_TRACK
    assert dashboard.table("targets").rows == [
        ["99/KH-UBND", "1", "Tiếp cận y tế", "90.00 %", 81.8, "On track"]
    ]
    # The trend: five years, each equal to the selector's figure.
    trend = dashboard.table("trend")
    assert [r[0] for r in trend.rows] == ["2020", "2021", "2022", "2023", "2024"]
    for r in trend.rows:
        figure = indicator_value(
            viewer=province_user, indicator=health, unit=province, period=year(int(r[0]))
        )
        value = figure.total.value
        assert r[1:] == [
            None if value is None else float(value) if value % 1 else int(value),
            figure.total.numerator,
            figure.total.denominator,
        ]
    # The communes: a row per commune of the province, Bắc Sơn 1 of 3 and Đồng Đăng 8 of 8.
    communes = {r[1]: r for r in dashboard.table("communes").rows}
    assert communes[BAC_SON][2:5] == [33.3, 1, 3]
    assert communes[DONG_DANG][2:5] == [100, 8, 8]
    assert len(communes) == AdminUnit.objects.filter(parent=province).count()
    # Disaggregations: by sex (from the definition), equal to the selector's split.
    by_sex = dashboard.table("by-sex")
    assert [r[2:4] for r in by_sex.rows] == [[c.numerator, c.denominator] for c in expected.breakdowns["sex"]]
    content = response.content.decode()
    assert "govuk-tag--blue" in content
    assert 'id="table-trend"' in content
    assert 'id="table-by-sex"' in content


def test_every_chart_has_its_table_and_an_aria_description_and_no_inline_script(
    plan: Plan, province_user: Any
) -> None:
    response = signed_in(province_user).get(url(unit=LANG_SON, period=str(YEAR)))
    content = response.content.decode()
    charts = json.loads(
        re.search(
            r'<script id="dashboard-charts" type="application/json">(.*?)</script>', content, re.S
        ).group(1)
    )
    assert {chart["kind"] for chart in charts} >= {"line", "bar"}
    for chart in charts:
        key = chart["id"].removeprefix("chart-")
        assert f'id="{chart["id"]}"' in content
        assert f'id="table-{key}"' in content
        assert f'data-table="table-{key}"' in content
        assert chart["description"]
    map_chart = next((chart for chart in charts if chart["kind"] == "map"), None)
    with_coordinates = AdminUnit.objects.filter(parent=unit(LANG_SON), latitude__isnull=False).count()
    if with_coordinates:
        assert map_chart is not None
        assert len(map_chart["points"]) == with_coordinates
    # CSP: every script is a file or JSON data, never inline code; no external host.
    for tag in re.findall(r"<script[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "echarts.min.js" in content
    assert "dashboard" in content
    assert "https://" not in "".join(re.findall(r"<script[^>]*>", content))


def test_the_unit_defaults_to_the_viewers_area(plan: Plan, province_user: Any, commune_user: Any) -> None:
    assert signed_in(province_user).get(url(period=str(YEAR))).context["dashboard"].unit.code == LANG_SON
    commune = signed_in(commune_user).get(url(period=str(YEAR))).context["dashboard"]
    assert commune.unit.code == BAC_SON
    # A commune has no communes below: no comparison, but the target (the province's) applies.
    assert commune.table("communes") is None
    assert len(commune.targets) == 1


def test_out_of_scope_and_anonymous(
    plan: Plan, other_province_user: Any, commune_user: Any, client: Client
) -> None:
    assert signed_in(other_province_user).get(url(unit=LANG_SON, period=str(YEAR))).status_code == 404
    assert signed_in(commune_user).get(url(unit=LANG_SON, period=str(YEAR))).status_code == 404
    assert signed_in(commune_user).get(url(unit=DONG_DANG, period=str(YEAR))).status_code == 404
    assert signed_in(commune_user).get(url(unit="99999")).status_code == 404
    export = reverse("web:dashboard_export") + f"?unit={LANG_SON}&period={YEAR}&table=trend"
    assert signed_in(other_province_user).get(export).status_code == 404
    response = client.get(url(unit=LANG_SON))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_bad_period_is_reported(plan: Plan, province_user: Any) -> None:
    response = signed_in(province_user).get(url(unit=LANG_SON, period="2024-Q9"))
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()


def test_viewers_see_small_counts_withheld(plan: Plan, health: IndicatorDefinition, viewer_user: Any) -> None:
    response = english(viewer_user).get(url(unit=LANG_SON, period=str(YEAR), indicator="health"))
    dashboard = response.context["dashboard"]
    communes = {r[1]: r for r in dashboard.table("communes").rows}
    assert communes[BAC_SON][2:5] == ["withheld", "withheld", "withheld"]  # 1 of 3
    assert communes[DONG_DANG][2:5] == [100, 8, 8]
    chart = next(c for c in dashboard.charts if c["kind"] == "line")
    assert chart["values"][-1] == 81.8
    # The split by sex: 1 man served of 2 is withheld, and so is the next smallest count.
    by_sex = dashboard.table("by-sex").rows
    assert any("withheld" in row for row in by_sex)
    assert "withheld" in response.content.decode()
    export = english(viewer_user).get(
        reverse("web:dashboard_export") + f"?unit={LANG_SON}&period={YEAR}&indicator=health&table=communes"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    written = {row[1]: list(row) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert written[BAC_SON][2:5] == ["withheld", "withheld", "withheld"]


@pytest.mark.parametrize("key", ["targets", "trend", "communes", "by-sex"])
def test_each_table_exports_to_xlsx_with_the_page_rows(plan: Plan, province_user: Any, key: str) -> None:
    client = signed_in(province_user)
    query = f"?unit={LANG_SON}&period={YEAR}&indicator=health"
    page = client.get(reverse("web:dashboard") + query)
    table = page.context["dashboard"].table(key)
    assert f"table={key}" in page.content.decode()
    response = client.get(reverse("web:dashboard_export") + query + f"&table={key}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{key}.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == table.headers
    assert [list(row) for row in rows[1:]] == rows_of(table)


def test_an_unknown_table_is_not_found(plan: Plan, province_user: Any) -> None:
    response = signed_in(province_user).get(reverse("web:dashboard_export") + f"?unit={LANG_SON}&table=nope")
    assert response.status_code == 404


def test_the_queries_do_not_grow_with_the_communes(
    plan: Plan, province_user: Any, django_assert_max_num_queries: Any
) -> None:
    # Lạng Sơn has dozens of communes: one statement per count and split, not one per commune or per row.
    assert AdminUnit.objects.filter(parent=unit(LANG_SON)).count() > 40
    client = signed_in(province_user)
    client.get(url(unit=LANG_SON, period=str(YEAR)))  # sessions, caches
    with django_assert_max_num_queries(40):
        client.get(url(unit=LANG_SON, period=str(YEAR)))
