"""Plans, phases, objectives and targets: written as drafts by those whose area covers the plan, issued
once, read by those whose area overlaps it; a unit's own target overrides the plan's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import Edition
from hoanhap.plans.indicator_services import IndicatorData, indicator_definition_create
from hoanhap.plans.models import IndicatorDefinition, Plan, PlanStatus
from hoanhap.plans.plan_services import (
    PlanData,
    TargetData,
    objective_create,
    phase_add,
    plan_create,
    plan_issue,
    plan_update,
    target_create,
)
from hoanhap.plans.selectors import access_plan, plan_contents, plans_visible, target_reached, targets_for
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, unit


@pytest.fixture
def share(db: Any) -> IndicatorDefinition:
    return indicator_definition_create(
        actor=None,
        data=IndicatorData(
            code="share",
            name="Tỷ lệ",
            numerator={"source": "persons", "persons": {"age_max": 15}},
            denominator={"source": "persons"},
        ),
    )


def _plan(actor: Any, code: str = LANG_SON, edition: str = Edition.CURRENT, **overrides: Any) -> Plan:
    values: dict[str, Any] = {
        "title": "Kế hoạch trợ giúp trẻ em khuyết tật 2019 - 2025",
        "period_start": 2019,
        "period_end": 2025,
        "issuer_unit": unit(code, edition),
    }
    values.update(overrides)
    return plan_create(actor=actor, data=PlanData(**values))


def test_a_plan_is_drafted_changed_and_issued_with_an_audit_trail(province_user: Any) -> None:
    document = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    plan = _plan(province_user, document=document)
    assert (plan.level, plan.area_path, plan.status) == ("province", "/c/20/", PlanStatus.DRAFT)
    assert plan.document.name.endswith(".pdf")
    plan = plan_update(
        actor=province_user,
        plan=plan,
        data=PlanData(
            title=plan.title,
            period_start=2019,
            period_end=2025,
            issuer_unit=unit(LANG_SON),
            number="12/KH-UBND",
        ),
    )
    assert AuditEvent.objects.get(action="plans.plan.changed").new_values == {"number": "12/KH-UBND"}
    plan = plan_issue(actor=province_user, plan=plan)
    assert plan.status == PlanStatus.ISSUED
    assert plan.issued_by == province_user
    with pytest.raises(ApplicationError) as error:
        objective_create(actor=province_user, plan=plan, code="1", text="Thêm mục tiêu")
    assert error.value.code == "issued"
    with pytest.raises(ApplicationError):
        plan_issue(actor=province_user, plan=plan)
    assert AuditEvent.objects.filter(action__startswith="plans.plan.").count() == 3


def test_plans_are_written_only_for_units_in_the_writers_area(
    province_user: Any, commune_user: Any, viewer_user: Any, other_province_user: Any
) -> None:
    with pytest.raises(PermissionDenied):
        _plan(commune_user)  # a commune officer does not write the province's plan
    with pytest.raises(PermissionDenied):
        _plan(viewer_user)
    with pytest.raises(PermissionDenied):
        _plan(other_province_user)
    commune_plan = _plan(commune_user, BAC_SON, title="Kế hoạch của xã Bắc Sơn")
    assert commune_plan.level == "commune"
    # A plan of the former Bắc Sơn district (2024) lies in today's Lạng Sơn: its province writes it.
    district_plan = _plan(province_user, "185", Edition.LEGACY, period_start=2024, period_end=2024)
    assert (district_plan.level, district_plan.area_path) == ("district", "/c/20/")
    with pytest.raises(PermissionDenied):
        _plan(commune_user, "185", Edition.LEGACY, period_start=2024, period_end=2024)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"period_start": 2026, "period_end": 2025}, "period_start"),
        ({"period_start": 1990}, "period_start"),
        ({"issuer_unit": None}, "issuer_unit"),
    ],
)
def test_a_plan_with_a_mistake_is_refused(province_user: Any, overrides: dict, field: str) -> None:
    with pytest.raises(ApplicationError) as error:
        _plan(province_user, **overrides)
    assert error.value.field == field


def test_issued_plans_are_read_across_levels_drafts_only_by_their_writers(
    province_user: Any, commune_user: Any, other_province_user: Any, viewer_user: Any
) -> None:
    province_plan = _plan(province_user)
    draft = _plan(province_user, title="Bản nháp")
    plan_issue(actor=province_user, plan=province_plan)
    commune_plan = _plan(commune_user, BAC_SON, title="Kế hoạch xã")
    plan_issue(actor=commune_user, plan=commune_plan)
    assert set(plans_visible(viewer=commune_user)) == {province_plan, commune_plan}
    assert set(plans_visible(viewer=province_user)) == {province_plan, draft, commune_plan}
    assert set(plans_visible(viewer=viewer_user)) == {province_plan, commune_plan}
    assert list(plans_visible(viewer=other_province_user)) == []
    with pytest.raises(Plan.DoesNotExist):
        access_plan(viewer=commune_user, plan_id=draft.pk)


def test_targets_per_phase_and_per_unit(province_user: Any, share: IndicatorDefinition) -> None:
    plan = _plan(province_user)
    first = phase_add(
        actor=province_user, plan=plan, name="Giai đoạn 2019 - 2020", start_year=2019, end_year=2020
    )
    second = phase_add(
        actor=province_user, plan=plan, name="Giai đoạn 2021 - 2025", start_year=2021, end_year=2025
    )
    with pytest.raises(ApplicationError):
        phase_add(actor=province_user, plan=plan, name="Chồng", start_year=2020, end_year=2022)
    objective = objective_create(
        actor=province_user, plan=plan, code="1", text="Trẻ em được tiếp cận dịch vụ"
    )
    for phase, value in ((first, 70), (second, 90)):
        target_create(
            actor=province_user,
            objective=objective,
            data=TargetData(indicator=share, kind="percentage", value=Decimal(value), phase=phase),
        )
    bac_son = target_create(
        actor=province_user,
        objective=objective,
        data=TargetData(
            indicator=share,
            kind="range",
            low=Decimal(95),
            high=Decimal(100),
            phase=second,
            unit=unit(BAC_SON),
        ),
    )
    with pytest.raises(ApplicationError) as error:
        target_create(
            actor=province_user,
            objective=objective,
            data=TargetData(indicator=share, kind="percentage", value=Decimal(80), unit=unit("23293")),
        )
    assert error.value.field == "unit"
    with pytest.raises(ApplicationError) as error:
        target_create(
            actor=province_user,
            objective=objective,
            data=TargetData(indicator=share, kind="count", value=Decimal(3)),
        )
    assert error.value.field == "kind"
    with pytest.raises(ApplicationError):
        target_create(
            actor=province_user,
            objective=objective,
            data=TargetData(indicator=share, kind="percentage", value=Decimal(70), phase=first),
        )

    def value_for(code: str, year: int) -> str:
        (target,) = targets_for(plan=plan, unit=unit(code), year=year)
        return str(target)

    assert value_for(DONG_DANG, 2020) == "70.00 %"
    assert value_for(DONG_DANG, 2023) == "90.00 %"
    assert value_for(BAC_SON, 2023) == "95.00–100.00 %"
    assert value_for(BAC_SON, 2020) == "70.00 %"
    assert target_reached(bac_son, Decimal("95.0"))
    assert not target_reached(bac_son, Decimal("94.9"))
    assert target_reached(bac_son, None) is None


def test_the_contents_of_a_plan_are_read_in_a_fixed_number_of_queries(
    province_user: Any, share: IndicatorDefinition, django_assert_max_num_queries: Any
) -> None:
    plan = _plan(province_user)
    for number in range(5):
        objective = objective_create(
            actor=province_user, plan=plan, code=str(number), text=f"Mục tiêu {number}"
        )
        target_create(
            actor=province_user,
            objective=objective,
            data=TargetData(indicator=share, kind="percentage", value=Decimal(50)),
        )
    with django_assert_max_num_queries(8):
        contents = plan_contents(plan=plan)
        assert sum(len(o.targets.all()) for o in contents.objectives.all()) == 5
        assert [t.indicator.code for o in contents.objectives.all() for t in o.targets.all()] == ["share"] * 5
