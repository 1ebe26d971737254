"""The seed plans as demo data: the indicators of ``data/indicators.json`` and the plans of
``data/seed_plans.json`` (seeds 000–004: objectives, targets per phase, tasks with their agencies and
deadlines), entered through the services so that they are checked and audited like any other.

Loading again changes nothing that is already there: an indicator is matched on its code (and updated when
the file changed), an agency on its unit and name, a plan on its issuing unit and title.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from hoanhap.agencies.models import Agency
from hoanhap.agencies.services import agency_create
from hoanhap.core.text import fold
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.plans.indicator_services import (
    IndicatorData,
    indicator_definition_create,
    indicator_definition_update,
)
from hoanhap.plans.models import IndicatorDefinition, Objective, Phase, Plan
from hoanhap.plans.plan_services import (
    PlanData,
    TargetData,
    objective_create,
    phase_add,
    plan_create,
    plan_issue,
    target_create,
)
from hoanhap.plans.task_services import TaskData, task_create

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def seed_indicator_data() -> list[IndicatorData]:
    """The seed indicators as the services take them; the shared age bands go to every indicator."""
    data = _read("indicators.json")
    bands = data["age_groups"]
    return [
        IndicatorData(
            code=item["code"],
            name=item["name"],
            description=item.get("description", ""),
            numerator=item["numerator"],
            denominator=item.get("denominator"),
            disaggregations=item.get("disaggregations", []),
            age_groups=item.get("age_groups", bands),
            period_type=item.get("period_type", "year"),
            legal_basis=item.get("legal_basis", ""),
            source=item.get("source", ""),
        )
        for item in data["indicators"]
    ]


def seed_plan_data() -> dict[str, Any]:
    return _read("seed_plans.json")


@dataclass
class SeedReport:
    indicators_created: int = 0
    indicators_updated: int = 0
    agencies_created: int = 0
    plans_created: list[str] = field(default_factory=list)


def _indicators(actor: Any, report: SeedReport) -> dict[str, IndicatorDefinition]:
    existing = {indicator.code: indicator for indicator in IndicatorDefinition.objects.all()}
    for data in seed_indicator_data():
        indicator = existing.get(data.code)
        if indicator is None:
            existing[data.code] = indicator_definition_create(actor=actor, data=data)
            report.indicators_created += 1
        else:
            before = indicator.updated_at
            existing[data.code] = indicator_definition_update(actor=actor, indicator=indicator, data=data)
            report.indicators_updated += existing[data.code].updated_at != before
    return existing


def _unit(ref: dict[str, str] | str) -> AdminUnit:
    if isinstance(ref, str):
        return AdminUnit.objects.get(edition=Edition.CURRENT, code=ref)
    return AdminUnit.objects.get(edition=ref["edition"], code=ref["code"])


def _agencies(actor: Any, report: SeedReport) -> dict[str, Agency]:
    found = {}
    for item in seed_plan_data()["agencies"]:
        unit = _unit(item["unit"])
        agency = Agency.objects.filter(unit=unit, name_folded=fold(item["name"])).first()
        if agency is None:
            agency = agency_create(actor=actor, name=item["name"], kind=item["kind"], unit=unit)
            report.agencies_created += 1
        found[item["key"]] = agency
    return found


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _plan(
    actor: Any, item: dict[str, Any], indicators: dict[str, IndicatorDefinition], agencies: dict[str, Agency]
) -> Plan:
    first, last = item["period"]
    plan = plan_create(
        actor=actor,
        data=PlanData(
            title=item["title"],
            period_start=first,
            period_end=last,
            issuer_unit=_unit(item["issuer_unit"]),
            coordinating_office=agencies[item["coordinating_office"]],
            level=item["level"],
            number=item.get("number", ""),
            legal_basis=item.get("legal_basis", ""),
        ),
    )
    phases: dict[str, Phase] = {
        phase["name"]: phase_add(
            actor=actor, plan=plan, name=phase["name"], start_year=phase["start"], end_year=phase["end"]
        )
        for phase in item["phases"]
    }
    objectives: dict[str, Objective] = {}
    for entry in item["objectives"]:
        objective = objective_create(
            actor=actor, plan=plan, code=entry["code"], text=entry["text"], domain=entry.get("domain", "")
        )
        objectives[entry["code"]] = objective
        for target in entry["targets"]:
            target_create(
                actor=actor,
                objective=objective,
                data=TargetData(
                    indicator=indicators[target["indicator"]],
                    kind=target["kind"],
                    value=_decimal(target.get("value")),
                    low=_decimal(target.get("low")),
                    high=_decimal(target.get("high")),
                    phase=phases[target["phase"]] if target.get("phase") else None,
                ),
            )
    for task in item["tasks"]:
        task_create(
            actor=actor,
            plan=plan,
            data=TaskData(
                text=task["text"],
                expected_result=task.get("expected_result", ""),
                lead_agency=agencies[task["lead"]],
                coordinating_agencies=[agencies[key] for key in task.get("coordinating", [])],
                recurrence=task["recurrence"],
                deadline_note=task.get("deadline_note", ""),
                objective=objectives[task["objective"]] if task.get("objective") else None,
            ),
        )
    return plan_issue(actor=actor, plan=plan)


@transaction.atomic
def seed_plans_load(*, actor: Any = None) -> SeedReport:
    """Enter what is missing of the seed indicators, agencies and plans; ``actor`` None is the system."""
    report = SeedReport()
    indicators = _indicators(actor, report)
    agencies = _agencies(actor, report)
    for item in seed_plan_data()["plans"]:
        unit = _unit(item["issuer_unit"])
        if Plan.objects.filter(issuer_unit=unit, title=item["title"]).exists():
            continue
        _plan(actor, item, indicators, agencies)
        report.plans_created.append(item["key"])
    return report
