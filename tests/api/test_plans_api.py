"""The plans API: plans with their targets, indicator definitions written with errors on their field, a
figure as each caller may see it, and progress posted on a task by its lead agency."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.agencies.models import AgencyKind
from hoanhap.audit.models import AuditEvent
from hoanhap.plans.indicator_services import IndicatorData, indicator_definition_create
from hoanhap.plans.models import IndicatorDefinition, OccurrenceStatus, Target
from hoanhap.plans.plan_services import PlanData, plan_create, plan_issue
from hoanhap.plans.seed import seed_plans_load
from hoanhap.plans.selectors import plans_visible
from hoanhap.plans.task_services import TaskData, task_create
from hoanhap.provision.models import ServiceRecord, ServiceType
from tests.api.test_persons_api import bearer
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, make_agency, make_person, make_user, unit

pytestmark = pytest.mark.django_db

HEALTH = {
    "code": "health-reach",
    "name": "Người khuyết tật được chăm sóc y tế",
    "numerator": {"source": "service_records", "persons": {}, "services": {"domains": ["health"]}},
    "denominator": {"source": "persons", "persons": {}},
    "disaggregations": ["sex", "unit"],
}


def send(client: Client, method: str, user: User, path: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(path, body, content_type="application/json", **bearer(user))


def test_plans_with_their_objectives_and_targets(client: Client, viewer_user: User) -> None:
    seed_plans_load(actor=None)
    listed = client.get("/api/v1/plans", **bearer(viewer_user))
    assert listed.status_code == 200
    titles = {plan["title"]: plan["id"] for plan in listed.json()}
    assert set(titles.values()) == set(plans_visible(viewer=viewer_user).values_list("pk", flat=True))
    assert titles
    target = Target.objects.select_related("objective__plan", "indicator").filter(phase__isnull=False).first()
    assert target is not None
    plan_id = target.objective.plan_id
    detail = client.get(f"/api/v1/plans/{plan_id}", **bearer(viewer_user)).json()
    assert detail["phases"]
    found = {t["id"]: t for o in detail["objectives"] for t in o["targets"]}
    assert found[target.pk]["indicator"] == target.indicator.code
    assert found[target.pk]["phase_id"] == target.phase_id
    year = target.phase.start_year
    in_force = client.get(f"/api/v1/plans/{plan_id}/targets?year={year}", **bearer(viewer_user)).json()
    assert all(row["phase_id"] in (None, target.phase_id) for row in in_force)
    assert target.pk in {row["id"] for row in in_force}
    assert client.get("/api/v1/plans/999999", **bearer(viewer_user)).status_code == 404


def test_indicator_definitions_are_written_with_errors_naming_the_field(
    client: Client, province_user: User, commune_user: User
) -> None:
    broken = {**HEALTH, "numerator": {"source": "persons", "persons": {"age_min": "old"}}}
    refused = send(client, "post", province_user, "/api/v1/indicators", broken)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "numerator.persons.age_min"
    assert send(client, "post", commune_user, "/api/v1/indicators", HEALTH).status_code == 403
    created = send(client, "post", province_user, "/api/v1/indicators", HEALTH)
    assert created.status_code == 201
    indicator_id = created.json()["id"]
    assert send(client, "post", province_user, "/api/v1/indicators", HEALTH).json()["errors"][0]["field"] == (
        "code"
    )
    changed = send(
        client, "put", province_user, f"/api/v1/indicators/{indicator_id}", {**HEALTH, "name": "Y tế"}
    )
    assert changed.status_code == 200
    assert IndicatorDefinition.objects.get(pk=indicator_id).name == "Y tế"
    assert AuditEvent.objects.filter(action="plans.indicator.changed").exists()
    read = client.get(f"/api/v1/indicators/{indicator_id}", **bearer(commune_user)).json()
    assert read["disaggregations"] == ["sex", "unit"]
    assert [row["code"] for row in client.get("/api/v1/indicators", **bearer(commune_user)).json()] == [
        "health-reach"
    ]


@pytest.fixture
def health(province_user: User) -> IndicatorDefinition:
    """Bắc Sơn: 3 women, 1 served in 2024; Đồng Đăng: 6 women and 2 men, all served."""
    rehab = ServiceType.objects.get(code="rehabilitation")
    for code, sexes, served in ((BAC_SON, ["female"] * 3, 1), (DONG_DANG, ["female"] * 6 + ["male"] * 2, 8)):
        for number, sex in enumerate(sexes):
            person = make_person(
                full_name=f"Người {code} {number}", sex=sex, birth_year=1970, commune=unit(code)
            )
            if number < served:
                ServiceRecord.objects.create(
                    person=person,
                    unit_path=person.unit_path,
                    service_type=rehab,
                    delivered_on=date(2024, 5, 1),
                )
    return indicator_definition_create(actor=province_user, data=IndicatorData(**HEALTH))


def test_a_figure_with_its_splits_withheld_below_the_threshold_from_viewers(
    client: Client, health: IndicatorDefinition, province_user: User, viewer_user: User, commune_user: User
) -> None:
    base = f"/api/v1/indicators/{health.pk}/value?period=2024&unit="
    path = base + LANG_SON
    full = client.get(path, **bearer(province_user)).json()
    assert (full["total"]["numerator"], full["total"]["denominator"]) == (9, 11)
    by_sex = {cell["key"]: cell for cell in full["breakdowns"]["sex"]}
    assert (by_sex["male"]["numerator"], by_sex["male"]["suppressed"]) == (2, False)
    seen = client.get(path, **bearer(viewer_user)).json()
    assert seen["total"]["numerator"] == 9
    cells = {cell["key"]: cell for cell in seen["breakdowns"]["sex"]}
    assert cells["male"]["numerator"] is None
    assert cells["male"]["suppressed"]
    units = {cell["key"]: cell for cell in seen["breakdowns"]["unit"]}
    assert units[unit(BAC_SON).path]["numerator"] is None  # 1 served in Bắc Sơn: withheld
    only_total = client.get(f"{path}&split=", **bearer(province_user)).json()
    assert only_total["breakdowns"] == {}
    bad = client.get(f"{path}&split=colour", **bearer(province_user))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "split"
    assert (
        client.get(path.replace("2024", "2024-13", 1), **bearer(province_user)).json()["errors"][0]["field"]
        == "period"
    )
    # A commune officer reads their commune, not the province nor another commune.
    assert client.get(base + BAC_SON, **bearer(commune_user)).status_code == 200
    assert client.get(path, **bearer(commune_user)).status_code == 403
    assert client.get(base + DONG_DANG, **bearer(commune_user)).status_code == 403


def test_tasks_their_occurrences_and_progress_posted_by_the_lead_agency(
    client: Client, province_user: User, agency_user: User
) -> None:
    office = make_agency("Phòng Văn hóa - Xã hội xã Bắc Sơn", BAC_SON, AgencyKind.CULTURE_SOCIAL)
    plan = plan_create(
        actor=province_user,
        data=PlanData(
            title="Kế hoạch 2018 - 2020",
            period_start=2018,
            period_end=2020,
            issuer_unit=unit(LANG_SON),
            coordinating_office=office,
        ),
    )
    task = task_create(
        actor=province_user,
        plan=plan,
        data=TaskData(
            text="Rà soát, báo cáo kết quả",
            lead_agency=agency_user.agency,
            recurrence={"every": "year", "before": "12-15"},
            coordinating_agencies=[office],
        ),
    )
    occurrence = task.occurrences.get(period_label="2019")
    url = f"/api/v1/plans/{plan.pk}/occurrences/{occurrence.pk}/updates"
    body = {"progress": "Đã rà soát 3 thôn", "share_done": 40}
    assert send(client, "post", agency_user, url, body).status_code == 404  # a draft: not theirs to read
    plan_issue(actor=province_user, plan=plan)
    other = make_user("coquan-khac", Role.AGENCY, [BAC_SON], agency=office)
    assert send(client, "post", other, url, body).status_code == 403
    assert send(client, "post", agency_user, url, {**body, "share_done": 120}).json()["errors"][0][
        "field"
    ] == ("share_done")
    posted = send(client, "post", agency_user, url, body)
    assert posted.status_code == 201
    tasks = client.get(f"/api/v1/plans/{plan.pk}/tasks", **bearer(province_user)).json()
    assert [row["coordinating_agency_ids"] for row in tasks] == [[office.pk]]
    occurrences = {row["period_label"]: row for row in tasks[0]["occurrences"]}
    assert list(occurrences) == ["2018", "2019", "2020"]
    assert occurrences["2019"]["status"] == OccurrenceStatus.IN_PROGRESS
    assert occurrences["2019"]["updates"][0]["progress"] == "Đã rà soát 3 thôn"
    assert occurrences["2018"]["due_on"] == "2018-12-15"
