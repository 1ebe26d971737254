"""Seeds 001, 003 and 004 as the demo loads them: each plan with its issuer, period, objectives and tasks
(agencies and deadlines as the plan words them), loaded once however often the loader runs; and the
indicator added for seed 003 computes from the campaign's stages."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from hoanhap.campaigns.models import Registration
from hoanhap.geo.models import Edition
from hoanhap.plans.areas import area_of
from hoanhap.plans.compute import compute_indicator
from hoanhap.plans.facts.build import facts_build_year
from hoanhap.plans.models import IndicatorDefinition, Plan, Target, Task, TaskOccurrence
from hoanhap.plans.periods import Period, year
from hoanhap.plans.seed import seed_plans_load
from tests.factories import BAC_SON, LANG_SON, unit
from tests.plans.builders import BAC_SON_DISTRICT, YEAR, World
from tests.plans.reference import Data, Reference, place_of

CAO_LOC_DISTRICT = "183"  # seed 001 names no district: entered as the former Cao Lộc district
LANG_SON_CITY = "178"
KON_TUM = "62"
NEW_INDICATORS = ["children-indicated-operated"]
UNITS = [
    (BAC_SON_DISTRICT, Edition.LEGACY),
    (LANG_SON, Edition.LEGACY),
    (LANG_SON, Edition.CURRENT),
    (BAC_SON, Edition.CURRENT),
]


def _plan(code: str) -> Plan:
    return Plan.objects.get(issuer_unit=unit(code, Edition.LEGACY))


def _task(plan: Plan, starts: str) -> Task:
    return Task.objects.get(plan=plan, text__startswith=starts)


def _coordinating(task: Task) -> set[str]:
    return set(task.coordinating_agencies.values_list("name", flat=True))


def _due(task: Task) -> list[date]:
    return list(task.occurrences.order_by("due_on").values_list("due_on", flat=True))


def test_seed_001_is_the_district_plan_for_decision_753_with_its_task_groups_and_bodies(
    seeded: dict[str, IndicatorDefinition],
) -> None:
    plan = _plan(CAO_LOC_DISTRICT)
    assert (plan.level, plan.period_start, plan.period_end, plan.status) == ("district", 2020, 2030, "issued")
    assert "753/QĐ-TTg" in plan.title
    assert "không ghi tên huyện" in plan.legal_basis  # the issuer is an assumption, and says so
    assert plan.coordinating_office is not None
    assert plan.coordinating_office.name == "Phòng Lao động - Thương binh và Xã hội huyện Cao Lộc"
    assert plan.area_path.startswith("/c/20/")
    # The seven task groups are objectives without figures; the fifteen bodies' duties are 17 tasks.
    assert plan.objectives.count() == 7
    assert not Target.objects.filter(objective__plan=plan).exists()
    assert plan.tasks.count() == 17
    insurance = _task(plan, "Thực hiện chính sách bảo hiểm xã hội")
    assert insurance.lead_agency.name == "Bảo hiểm xã hội huyện Cao Lộc"
    assert insurance.lead_agency.kind == "social_insurance"
    assert _coordinating(insurance) == {
        "Phòng Lao động - Thương binh và Xã hội huyện Cao Lộc",
        "Phòng Y tế huyện Cao Lộc",
    }
    assert insurance.objective is not None
    assert insurance.objective.code == "2"
    assert len(_due(insurance)) == 11  # every year 2020–2030, due 31/12
    assert _due(insurance)[0] == date(2020, 12, 31)
    report = _task(plan, "Giám sát, đánh giá, theo dõi")
    assert _due(report)[-1] == date(2030, 12, 15)


def test_seed_003_is_the_city_plan_for_2024_with_its_targets_and_the_communes_report(
    seeded: dict[str, IndicatorDefinition],
) -> None:
    plan = _plan(LANG_SON_CITY)
    assert (plan.level, plan.period_start, plan.period_end) == ("district", 2024, 2024)
    assert plan.area_path.startswith("/c/20/")
    assert plan.objectives.count() == 4
    assert plan.tasks.count() == 15
    targets = {
        (target.indicator.code, target.kind, target.value)
        for target in Target.objects.filter(objective__plan=plan).select_related("indicator")
    }
    assert targets == {
        ("cwd-protection-care-education", "percentage", 95),
        ("children-indicated-operated", "percentage", 100),
        ("cwd-inclusion-skills", "percentage", 65),
    }
    report = _task(plan, "Các cơ quan, đơn vị, UBND các phường, xã")
    assert report.lead_agency.name == "Ủy ban nhân dân các phường, xã thành phố Lạng Sơn"
    assert report.lead_agency.kind == "peoples_committee"
    assert "Trung tâm Y tế thành phố Lạng Sơn" in _coordinating(report)
    assert _due(report) == [date(2024, 11, 1)]
    assert report.deadline_note == "Trước ngày 01/11/2024"


def test_seed_004_is_the_kon_tum_appendix_with_its_deadlines_as_recurrences(
    seeded: dict[str, IndicatorDefinition],
) -> None:
    plan = _plan(KON_TUM)
    assert (plan.level, plan.period_start, plan.period_end, plan.number) == (
        "province",
        2017,
        2020,
        "476/KH-UBND",
    )
    assert plan.area_path.startswith("/c/51/")  # Kon Tum is part of Quảng Ngãi today
    assert plan.objectives.count() == 5
    assert not Target.objects.filter(objective__plan=plan).exists()
    assert plan.tasks.count() == 23
    # "Hàng năm (trước ngày 15/12)": the yearly report to the ministry, from the year the plan was issued.
    yearly = _task(plan, "Báo cáo về hoạt động trợ giúp người khuyết tật")
    assert _due(yearly) == [date(2018, 12, 15), date(2019, 12, 15), date(2020, 12, 15)]
    assert yearly.deadline_note == "Hàng năm"
    # "Định kỳ 6 tháng và hàng năm": twice a year, the second report being the annual one.
    half_yearly = _task(plan, "Thực hiện chế độ báo cáo")
    assert len(_due(half_yearly)) == 6
    assert _due(half_yearly)[:2] == [date(2018, 6, 30), date(2018, 12, 15)]
    # "2018 - 2019": once for the span, due in its last year; two leads, the second coordinating.
    review = _task(plan, "Báo cáo phân tích kết quả rà soát")
    assert _due(review) == [date(2019, 12, 31)]
    assert review.lead_agency.name == "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum"
    assert _coordinating(review) == {
        "Cục Thống kê tỉnh Kon Tum",
        "Ủy ban nhân dân các huyện, thành phố tỉnh Kon Tum",
    }
    budget = _task(plan, "Bảo đảm kinh phí")
    assert budget.lead_agency.name == "Sở Tài chính tỉnh Kon Tum"
    assert _coordinating(budget) == {"Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum"}
    day_of_pwd = _task(plan, "Nghiên cứu tổ chức các hoạt động nhân Ngày")
    assert [due.timetuple()[1:3] for due in _due(day_of_pwd)] == [(4, 18)] * 3


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Plan, Task, TaskOccurrence, Target))


def test_loading_the_five_seed_plans_again_changes_nothing(seeded: dict[str, IndicatorDefinition]) -> None:
    counts = _counts()
    assert counts[0] == 5
    report = seed_plans_load(actor=None)
    assert (report.indicators_created, report.indicators_updated, report.agencies_created) == (0, 0, 0)
    assert report.plans_created == []
    out = StringIO()
    call_command("load_seed_plans", stdout=out)
    assert out.getvalue().strip() == "indicators: 0 added, 0 updated; agencies: 0 added; plans: none added"
    assert _counts() == counts


@pytest.mark.parametrize("code", NEW_INDICATORS)
def test_every_new_indicator_computes_for_lang_son_in_2024(
    world: World, seeded: dict[str, IndicatorDefinition], code: str
) -> None:
    value = compute_indicator(indicator=seeded[code], unit=unit(LANG_SON), period=year(2024))
    total = value.total
    assert total.denominator is not None
    assert total.numerator is not None
    assert 0 < total.numerator <= total.denominator


Reached = list[tuple[int, str, date | None]]  # person, unit path, the day the stage was reached


def _children_reaching(ref: Reference, rows: Reached) -> int:
    """Children (under 16 on the last day) registered in the place who reached the stage in the period,
    each once."""
    found = set()
    for person_id, path, day in rows:
        person = ref.data.persons[person_id]
        if (
            day is not None
            and ref.start <= day <= ref.end
            and ref.place.members(path)
            and person.counts(ref.end)
            and person.age(ref.end) <= 15
        ):
            found.add(person_id)
    return len(found)


def _surgery_by_hand(ref: Reference) -> tuple[int, int]:
    indicated: Reached = []
    operated: Reached = []
    for registration in Registration.objects.select_related("result__session", "surgery"):
        result = getattr(registration, "result", None)
        surgery = getattr(registration, "surgery", None)
        where = (registration.person_id, registration.unit_path)
        indicated.append((*where, result.session.held_on if result and result.surgery_indicated else None))
        operated.append((*where, surgery.operated_on if surgery else None))
    return _children_reaching(ref, operated), _children_reaching(ref, indicated)


@pytest.mark.parametrize("counted_from", ["records", "facts"])
@pytest.mark.parametrize(("code", "edition"), UNITS)
def test_the_surgery_indicator_equals_a_count_by_hand(
    world: World, seeded: dict[str, IndicatorDefinition], code: str, edition: str, counted_from: str
) -> None:
    """Seed 003's "100 % of the children a surgeon indicated are operated on", counted as
    test_seed_indicators counts the other seed indicators."""
    where = unit(code, edition)
    period: Period = year(YEAR)
    if counted_from == "facts":
        facts_build_year(YEAR)
    expected = _surgery_by_hand(Reference(Data(), place_of(where), period.start, period.end))
    value = compute_indicator(
        indicator=seeded["children-indicated-operated"],
        unit=where,
        period=period,
        area=area_of(where),
        dimensions=(),
    )
    assert (value.total.numerator, value.total.denominator) == expected
