"""Tasks with their deadlines as data, the occurrences they give, progress reported by the lead agency, and
the overdue lists."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from hoanhap.accounts.roles import Role
from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.models import OccurrenceStatus, Plan, TaskOccurrence
from hoanhap.plans.plan_services import PlanData, plan_create, plan_issue
from hoanhap.plans.recurrence import is_overdue, occurrences
from hoanhap.plans.task_selectors import overdue_for_agency, overdue_for_office, overdue_in_unit
from hoanhap.plans.task_services import TaskData, task_create, task_update_post
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, make_agency, make_user, unit

ANNUALLY_BEFORE_15_12 = {"every": "year", "before": "12-15"}


def test_annually_before_15_12_gives_one_occurrence_a_year_due_on_15_12() -> None:
    found = occurrences(ANNUALLY_BEFORE_15_12, first_year=2018, last_year=2020)
    assert [(due.label, due.due_on) for due in found] == [
        ("2018", date(2018, 12, 15)),
        ("2019", date(2019, 12, 15)),
        ("2020", date(2020, 12, 15)),
    ]
    assert not is_overdue(due_on=date(2018, 12, 15), done=False, today=date(2018, 12, 15))
    assert is_overdue(due_on=date(2018, 12, 15), done=False, today=date(2018, 12, 16))
    assert not is_overdue(due_on=date(2018, 12, 15), done=True, today=date(2018, 12, 16))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"on": "2024-11-01"}, [("2024-11-01", date(2024, 11, 1))]),
        ({"years": [2018, 2019]}, [("2018–2019", date(2019, 12, 31))]),
        (
            {"every": "half_year", "before": ["06-15", "12-15"]},
            [("2018-H1", date(2018, 6, 15)), ("2018-H2", date(2018, 12, 15))],
        ),
        (
            {"every": "quarter", "to_year": 2018},
            [("2018-Q1", date(2018, 3, 31)), ("2018-Q2", date(2018, 6, 30))],
        ),
    ],
)
def test_deadlines_as_the_plans_word_them(rule: dict, expected: list) -> None:
    found = [(due.label, due.due_on) for due in occurrences(rule, first_year=2018, last_year=2024)]
    assert found[: len(expected)] == expected
    if rule.get("every") == "quarter":
        assert len(found) == 4


@pytest.mark.parametrize(
    "rule",
    [
        {"every": "fortnight"},
        {"every": "year", "before": "15/12"},
        {"every": "year", "before": "02-30"},
        {"every": "half_year", "before": ["12-15"]},
        {"on": "2030-01-01"},
        {"years": [2016, 2019]},
        {"on": "2019-01-01", "every": "year"},
        {"every": "year", "when": "soon"},
        "annually",
    ],
)
def test_a_deadline_that_cannot_be_read_is_refused(rule: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        occurrences(rule, first_year=2018, last_year=2020)
    assert error.value.field == "recurrence"


@pytest.fixture
def labour(db: Any) -> Agency:
    return make_agency("Phòng Văn hóa - Xã hội xã Bắc Sơn", BAC_SON, AgencyKind.CULTURE_SOCIAL)


@pytest.fixture
def plan(db: Any, province_user: Any, labour: Agency) -> Plan:
    return plan_create(
        actor=province_user,
        data=PlanData(
            title="Kế hoạch trợ giúp người khuyết tật 2018 - 2020",
            period_start=2018,
            period_end=2020,
            issuer_unit=unit(LANG_SON),
            coordinating_office=labour,
        ),
    )


def _task(actor: Any, plan: Plan, lead: Agency, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "text": "Rà soát, báo cáo kết quả",
        "lead_agency": lead,
        "recurrence": ANNUALLY_BEFORE_15_12,
        "expected_result": "Báo cáo năm",
        "deadline_note": "Hằng năm, trước ngày 15/12",
    }
    values.update(overrides)
    return task_create(actor=actor, plan=plan, data=TaskData(**values))


def test_a_task_writes_its_occurrences_and_is_audited(
    plan: Plan, province_user: Any, agency_user: Any, labour: Agency
) -> None:
    task = _task(province_user, plan, agency_user.agency, coordinating_agencies=[labour, agency_user.agency])
    assert list(task.occurrences.values_list("period_label", "due_on")) == [
        ("2018", date(2018, 12, 15)),
        ("2019", date(2019, 12, 15)),
        ("2020", date(2020, 12, 15)),
    ]
    assert list(task.coordinating_agencies.all()) == [labour]  # the lead is not its own coordinator
    event = AuditEvent.objects.get(action="plans.task.created")
    assert event.new_values["occurrences"] == ["2018-12-15", "2019-12-15", "2020-12-15"]


def test_overdue_from_the_day_after_the_deadline_for_the_agency_and_the_office(
    plan: Plan, province_user: Any, agency_user: Any, labour: Agency, viewer_user: Any
) -> None:
    task = _task(province_user, plan, agency_user.agency)
    first = task.occurrences.get(period_label="2018")
    on_the_day, day_after = date(2018, 12, 15), date(2018, 12, 16)
    assert not overdue_for_agency(agency=agency_user.agency, today=day_after).exists()  # a draft plan
    plan_issue(actor=province_user, plan=plan)
    assert list(overdue_for_agency(agency=agency_user.agency, today=on_the_day)) == []
    assert list(overdue_for_agency(agency=agency_user.agency, today=day_after)) == [first]
    assert list(overdue_for_office(office=labour, today=day_after)) == [first]
    assert list(overdue_for_agency(agency=labour, today=day_after)) == []
    assert list(overdue_in_unit(viewer=viewer_user, unit=unit(LANG_SON), today=day_after)) == [first]
    assert overdue_for_agency(agency=agency_user.agency, today=date(2021, 1, 1)).count() == 3
    with pytest.raises(PermissionDenied):
        overdue_in_unit(viewer=make_user("xem-qn", Role.VIEWER, ["51"]), unit=unit(LANG_SON), today=day_after)


def test_the_lead_agencys_reporter_reports_progress(
    plan: Plan, province_user: Any, agency_user: Any, labour: Agency
) -> None:
    task = _task(province_user, plan, agency_user.agency)
    occurrence = task.occurrences.get(period_label="2018")
    with pytest.raises(ApplicationError):
        task_update_post(actor=agency_user, occurrence=occurrence, progress="Đã làm", share_done=50)
    plan_issue(actor=province_user, plan=plan)
    other_reporter = make_user("coquan-2", Role.AGENCY, [BAC_SON], agency=labour)
    for actor in (other_reporter, province_user):
        with pytest.raises(PermissionDenied):
            task_update_post(actor=actor, occurrence=occurrence, progress="Đã làm", share_done=50)
    with pytest.raises(ApplicationError) as error:
        task_update_post(actor=agency_user, occurrence=occurrence, progress="Đã làm", share_done=120)
    assert error.value.field == "share_done"
    task_update_post(actor=agency_user, occurrence=occurrence, progress="Đã rà soát 3 thôn", share_done=40)
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.share_done) == (OccurrenceStatus.IN_PROGRESS, 40)
    assert overdue_for_agency(agency=agency_user.agency, today=date(2018, 12, 16)).exists()
    evidence = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    update = task_update_post(
        actor=agency_user, occurrence=occurrence, progress="Hoàn thành", share_done=100, evidence=evidence
    )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.DONE
    assert occurrence.done_on is not None
    assert update.evidence.name.endswith(".pdf")
    assert not overdue_for_agency(agency=agency_user.agency, today=date(2018, 12, 16)).exists()
    event = AuditEvent.objects.filter(action="plans.task.update_posted").latest("id")
    assert event.old_values == {"status": "in_progress", "share_done": 40}
    assert event.new_values["status"] == "done"


def test_the_same_task_is_not_reported_on_by_another_commune(
    plan: Plan, province_user: Any, agency_user: Any
) -> None:
    task = _task(province_user, plan, agency_user.agency)
    plan_issue(actor=province_user, plan=plan)
    far = make_agency("Trạm Y tế xã Đồng Đăng", DONG_DANG, AgencyKind.HEALTH_CENTRE)
    reporter = make_user("coquan-dd", Role.AGENCY, [DONG_DANG], agency=far)
    with pytest.raises(PermissionDenied):
        task_update_post(
            actor=reporter,
            occurrence=TaskOccurrence.objects.filter(task=task).first(),
            progress="x",
            share_done=1,
        )


def test_changing_a_drafts_period_rebuilds_its_tasks_occurrences(
    plan: Plan, province_user: Any, agency_user: Any
) -> None:
    from hoanhap.plans.plan_services import plan_update

    task = _task(province_user, plan, agency_user.agency)
    data = PlanData(title=plan.title, period_start=2019, period_end=2021, issuer_unit=unit(LANG_SON))
    plan_update(actor=province_user, plan=plan, data=data)
    assert list(task.occurrences.values_list("period_label", flat=True)) == ["2019", "2020", "2021"]
    _task(province_user, plan, agency_user.agency, recurrence={"on": "2021-06-30"}, text="Sơ kết")
    with pytest.raises(ApplicationError) as error:
        plan_update(
            actor=province_user,
            plan=plan,
            data=PlanData(title=plan.title, period_start=2019, period_end=2020, issuer_unit=unit(LANG_SON)),
        )
    assert error.value.field == "recurrence"
