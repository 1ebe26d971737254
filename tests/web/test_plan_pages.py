"""The plan pages: the list, a plan's page with its targets' current figures (small counts withheld from
viewers, the persons behind them for those with personal data only), the forms that write a draft and
issue it, a task occurrence's page where the lead agency reports, and the overdue lists of the home page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.agencies.models import AgencyKind
from hoanhap.audit.models import AuditEvent
from hoanhap.plans.indicator_services import IndicatorData, indicator_definition_create
from hoanhap.plans.models import IndicatorDefinition, OccurrenceStatus, Plan, PlanStatus, TaskOccurrence
from hoanhap.plans.plan_services import (
    PlanData,
    TargetData,
    objective_create,
    plan_create,
    plan_issue,
    target_create,
)
from hoanhap.plans.task_services import TaskData, task_create
from tests.factories import BAC_SON, LANG_SON, make_agency, make_person, make_user, unit
from tests.factories import signed_in as signed_in_vi


def signed_in(user: User) -> Client:
    """In English, the messages' msgids."""
    client = signed_in_vi(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


pytestmark = pytest.mark.django_db

PAST_YEARS = (2020, 2022)  # every yearly occurrence is overdue today


def an_indicator(user: User | None = None, objects: dict[str, Any] | None = None) -> dict[str, Any]:
    code = f"persons-{IndicatorDefinition.objects.count()}"
    indicator = indicator_definition_create(
        actor=None, data=IndicatorData(code=code, name="Persons registered", numerator={"source": "persons"})
    )
    return {"indicator_id": indicator.pk}


def _plan(actor: Any, *, years: tuple[int, int] | None = None, **extra: Any) -> Plan:
    today = timezone.localdate()
    first, last = years or (today.year - 1, today.year + 1)
    return plan_create(
        actor=actor,
        data=PlanData(
            title="Kế hoạch trợ giúp người khuyết tật xã Bắc Sơn",
            period_start=first,
            period_end=last,
            issuer_unit=unit(BAC_SON),
            **extra,
        ),
    )


def a_draft_plan(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """A draft of Bắc Sơn, written by the commune's officer: the officers reaching Bắc Sơn may write it."""
    return {"plan_id": _plan(objects["commune"]).pk}


def an_issued_plan(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return {"plan_id": an_issued_plan_with_target(user, objects)["plan_id"]}


def an_issued_plan_with_target(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    """An issued plan of Bắc Sơn with one target and one yearly task led by the commune's health station:
    every role reaching Bắc Sơn reads it."""
    officer = objects["commune"]
    plan = _plan(officer, years=PAST_YEARS, coordinating_office=objects["agency"])
    objective = objective_create(actor=officer, plan=plan, code="1", text="Mọi người khuyết tật được quản lý")
    indicator = IndicatorDefinition.objects.get(pk=an_indicator()["indicator_id"])
    target = target_create(
        actor=officer, objective=objective, data=TargetData(indicator=indicator, kind="count", value=10)
    )
    task_create(
        actor=officer,
        plan=plan,
        data=TaskData(
            text="Rà soát, cập nhật danh sách",
            lead_agency=objects["agency"],
            recurrence={"every": "year", "before": "12-15"},
            deadline_note="Hằng năm, trước ngày 15/12",
        ),
    )
    plan_issue(actor=officer, plan=plan)
    return {"plan_id": plan.pk, "target_id": target.pk}


def a_target(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return an_issued_plan_with_target(user, objects)


def an_occurrence(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    plan_id = an_issued_plan(user, objects)["plan_id"]
    return {"occurrence_id": TaskOccurrence.objects.filter(task__plan_id=plan_id).first().pk}  # type: ignore[union-attr]


@pytest.fixture
def objects(commune_user: User, agency_user: User) -> dict[str, Any]:
    return {"agency": agency_user.agency, "commune": commune_user}


def test_the_list_shows_the_plans_of_the_area_only(
    commune_user: User, other_commune_user: User, objects: dict[str, Any]
) -> None:
    issued = an_issued_plan(commune_user, objects)["plan_id"]
    draft = a_draft_plan(commune_user, objects)["plan_id"]
    mine = signed_in(commune_user).get(reverse("web:plan_list")).content.decode()
    assert reverse("web:plan_detail", args=[issued]) in mine
    assert reverse("web:plan_detail", args=[draft]) in mine
    theirs = signed_in(other_commune_user).get(reverse("web:plan_list")).content.decode()
    assert reverse("web:plan_detail", args=[issued]) not in theirs


def test_a_plan_of_another_area_is_not_found(
    commune_user: User, other_commune_user: User, other_province_user: User, objects: dict[str, Any]
) -> None:
    issued = a_target(commune_user, objects)
    draft = a_draft_plan(commune_user, objects)
    occurrence = an_occurrence(commune_user, objects)
    for outsider in (other_commune_user, other_province_user):
        client = signed_in(outsider)
        assert client.get(reverse("web:plan_detail", args=[issued["plan_id"]])).status_code == 404
        assert client.get(reverse("web:task_occurrence", kwargs=occurrence)).status_code == 404
        assert client.get(reverse("web:plan_target_persons", kwargs=issued)).status_code == 404
    # Another commune's officer may write plans, but not this draft.
    client = signed_in(other_commune_user)
    for name in ("web:plan_issue", "web:plan_phase_create", "web:plan_task_create"):
        assert client.get(reverse(name, kwargs=draft)).status_code == 404
        assert client.post(reverse(name, kwargs=draft), {"name": "x"}).status_code == 404
    assert Plan.objects.get(pk=draft["plan_id"]).status == PlanStatus.DRAFT


def test_the_plan_page_shows_targets_figures_tasks_and_overdue_occurrences(
    commune_user: User, objects: dict[str, Any]
) -> None:
    for _index in range(7):
        make_person(None)
    ids = a_target(commune_user, objects)
    content = signed_in(commune_user).get(reverse("web:plan_detail", args=[ids["plan_id"]])).content.decode()
    assert "Persons registered" in content
    assert ">7<" in content.replace(" ", "").replace("\n", "")  # the current count, for Bắc Sơn
    assert "Trạm Y tế xã Bắc Sơn" in content
    assert "Hằng năm, trước ngày 15/12" in content
    assert content.count("govuk-tag--red") == 3  # 2020, 2021, 2022: all overdue
    assert reverse("web:plan_target_persons", kwargs=ids) in content


def test_viewers_see_small_counts_withheld_and_no_drill_down(
    commune_user: User, viewer_user: User, objects: dict[str, Any]
) -> None:
    for _index in range(2):
        make_person(None)
    ids = a_target(commune_user, objects)
    url = reverse("web:plan_detail", args=[ids["plan_id"]])
    officer = signed_in(commune_user).get(url).content.decode()
    assert "Fewer than the smallest count shown" not in officer
    viewer = signed_in(viewer_user).get(url).content.decode()
    assert "Fewer than the smallest count shown" in viewer
    assert reverse("web:plan_target_persons", kwargs=ids) not in viewer
    assert signed_in(viewer_user).get(reverse("web:plan_target_persons", kwargs=ids)).status_code == 403


def test_the_drill_down_lists_the_persons_counted_and_records_the_read(
    commune_user: User, objects: dict[str, Any]
) -> None:
    person = make_person(None)
    ids = a_target(commune_user, objects)
    response = signed_in(commune_user).get(reverse("web:plan_target_persons", kwargs=ids))
    assert person.full_name in response.content.decode()
    event = AuditEvent.objects.filter(action="people.person.listed").latest("id")
    assert event.new_values["ids"] == [person.pk]


def test_a_plan_is_written_through_the_forms_and_issued(province_user: User, objects: dict[str, Any]) -> None:
    client = signed_in(province_user)
    response = client.post(
        reverse("web:plan_create"),
        {
            "title": "Kế hoạch 2021 - 2025",
            "issuer_unit": LANG_SON,
            "period_start": "2021",
            "period_end": "2025",
        },
    )
    plan = Plan.objects.get(title="Kế hoạch 2021 - 2025")
    assert response["Location"] == reverse("web:plan_detail", args=[plan.pk])
    assert plan.level == "province"
    client.post(
        reverse("web:plan_phase_create", args=[plan.pk]),
        {"name": "Giai đoạn 1", "start_year": "2021", "end_year": "2022"},
    )
    client.post(reverse("web:plan_objective_create", args=[plan.pk]), {"code": "a", "text": "Sàng lọc"})
    indicator = an_indicator()["indicator_id"]
    objective = plan.objectives.get()
    response = client.post(
        reverse("web:plan_target_create", args=[plan.pk]),
        {"objective": objective.pk, "indicator": indicator, "kind": "count", "value": "50"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("web:plan_task_create", args=[plan.pk]),
        {
            "text": "Báo cáo kết quả",
            "lead_agency": objects["agency"].pk,
            "recurrence": "year",
            "before": "15/12",
        },
    )
    assert response.status_code == 302
    task = plan.tasks.get()
    assert task.recurrence == {"every": "year", "before": "12-15"}
    assert task.occurrences.count() == 5
    assert plan.phases.get().name == "Giai đoạn 1"
    assert objective.targets.get().value == 50
    confirm = client.get(reverse("web:plan_issue", args=[plan.pk]))
    assert "Issue the plan" in confirm.content.decode()
    client.post(reverse("web:plan_issue", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    # An issued plan is not changed: the forms send back to its page.
    response = client.get(reverse("web:plan_objective_create", args=[plan.pk]))
    assert response["Location"] == reverse("web:plan_detail", args=[plan.pk])


def test_the_plan_form_shows_its_errors(province_user: User) -> None:
    response = signed_in(province_user).post(
        reverse("web:plan_create"), {"title": "", "period_start": "2025", "period_end": "2021"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert 'href="#id_title"' in content
    assert "Enter the title of the plan." in content
    assert not Plan.objects.exists()
    # The service's check (years in order) shows on its field.
    response = signed_in(province_user).post(
        reverse("web:plan_create"),
        {"title": "Kế hoạch", "issuer_unit": LANG_SON, "period_start": "2025", "period_end": "2021"},
    )
    assert "The first year cannot be after the last." in response.content.decode()
    assert 'id="id_period_start-error-1"' in response.content.decode()


def test_a_target_of_the_wrong_kind_is_refused_on_its_field(
    commune_user: User, objects: dict[str, Any]
) -> None:
    ids = a_draft_plan(commune_user, objects)
    plan = Plan.objects.get(pk=ids["plan_id"])
    objective = objective_create(actor=commune_user, plan=plan, code="1", text="x")
    response = signed_in(commune_user).post(
        reverse("web:plan_target_create", kwargs=ids),
        {
            "objective": objective.pk,
            "indicator": an_indicator()["indicator_id"],
            "kind": "percentage",
            "value": "90",
        },
    )
    content = response.content.decode()
    assert "A percentage target needs an indicator with a denominator" in content
    assert 'href="#id_kind_0"' in content
    assert not objective.targets.exists()


def test_the_lead_agencys_reporter_posts_an_update_with_evidence(
    commune_user: User, agency_user: User, objects: dict[str, Any]
) -> None:
    ids = an_occurrence(commune_user, objects)
    url = reverse("web:task_occurrence", kwargs=ids)
    assert "Post an update" not in signed_in(commune_user).get(url).content.decode()
    assert signed_in(commune_user).post(url, {"progress": "x", "share_done": "10"}).status_code == 403
    client = signed_in(agency_user)
    page = client.get(url).content.decode()
    assert "Post an update" in page
    assert "govuk-tag--red" in page
    failed = client.post(url, {"progress": "", "share_done": "50"}).content.decode()
    assert "Describe the progress made." in failed
    failed = client.post(url, {"progress": "Đã làm", "share_done": "120"}).content.decode()
    assert "Enter the share done, from 0 to 100 %." in failed
    assert 'href="#id_share_done"' in failed
    evidence = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(url, {"progress": "Đã rà soát", "share_done": "100", "evidence": evidence})
    assert response.status_code == 302
    occurrence = TaskOccurrence.objects.get(pk=ids["occurrence_id"])
    assert occurrence.status == OccurrenceStatus.DONE
    assert occurrence.updates.get().evidence.name.endswith(".pdf")
    assert "Đã rà soát" in client.get(url).content.decode()


def test_the_home_page_lists_overdue_tasks_for_the_lead_agency_and_the_coordinating_office(
    commune_user: User, agency_user: User, objects: dict[str, Any]
) -> None:
    ids = an_occurrence(commune_user, objects)
    home = signed_in(agency_user).get(reverse("web:home")).content.decode()
    assert "Overdue tasks your agency leads" in home
    assert "Overdue tasks of the plans your agency coordinates" in home  # the station coordinates it too
    assert reverse("web:task_occurrence", kwargs=ids) in home
    assert "Overdue tasks" not in signed_in(commune_user).get(reverse("web:home")).content.decode()
    TaskOccurrence.objects.filter(task__plan__pk__isnull=False).update(status=OccurrenceStatus.DONE)
    assert "Overdue tasks" not in signed_in(agency_user).get(reverse("web:home")).content.decode()


def test_the_coordinating_office_sees_tasks_led_by_others(
    commune_user: User, objects: dict[str, Any]
) -> None:
    office = make_agency("Phòng Văn hóa - Xã hội xã Bắc Sơn", BAC_SON, AgencyKind.CULTURE_SOCIAL)
    plan = Plan.objects.get(pk=an_issued_plan(commune_user, objects)["plan_id"])
    Plan.objects.filter(pk=plan.pk).update(coordinating_office=office)
    officer = make_user("vhxh", Role.AGENCY, [BAC_SON], agency=office)
    home = signed_in(officer).get(reverse("web:home")).content.decode()
    assert "Overdue tasks of the plans your agency coordinates" in home
    assert "Overdue tasks your agency leads" not in home


def test_a_draft_plan_is_changed_and_an_issued_one_is_not(province_user: Any) -> None:
    client = signed_in(province_user)
    created = client.post(
        reverse("web:plan_create"),
        {
            "title": "Kế hoạch A",
            "issuer_unit": "20",
            "period_start": "2021",
            "period_end": "2025",
            "level": "",
        },
    )
    plan = Plan.objects.get(title="Kế hoạch A")
    assert created.status_code == 302
    url = reverse("web:plan_edit", kwargs={"plan_id": plan.pk})
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="Kế hoạch A"' in form.content.decode()

    wrong = client.post(
        url, {"title": "Kế hoạch A", "issuer_unit": "20", "period_start": "2025", "period_end": "2021"}
    )
    assert wrong.status_code == 200
    assert "govuk-error-summary" in wrong.content.decode()
    client.post(
        url,
        {
            "title": "Kế hoạch A (sửa)",
            "issuer_unit": "20",
            "period_start": "2021",
            "period_end": "2025",
            "number": "7/KH",
        },
    )
    plan.refresh_from_db()
    assert (plan.title, plan.number) == ("Kế hoạch A (sửa)", "7/KH")
    assert AuditEvent.objects.filter(action="plans.plan.changed").count() == 1

    plan_issue(actor=province_user, plan=plan)
    refused = client.post(
        url, {"title": "X", "issuer_unit": "20", "period_start": "2021", "period_end": "2025"}
    )
    assert refused.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch A (sửa)"
