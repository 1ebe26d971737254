"""Indicator definitions written as data: each mistake is refused with a message naming its field."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.definitions import parse_count, parse_indicator
from hoanhap.plans.indicator_services import (
    IndicatorData,
    indicator_definition_create,
    indicator_definition_update,
)

PERSONS = {"source": "persons"}


@pytest.mark.parametrize(
    ("numerator", "field"),
    [
        ({"source": "registry"}, "numerator.source"),
        ({}, "numerator.source"),
        ({"source": "persons", "persons": {"age_min": 20, "age_max": 10}}, "numerator.persons.age_min"),
        ({"source": "persons", "persons": {"sexes": ["other"]}}, "numerator.persons.sexes"),
        (
            {"source": "persons", "persons": {"disability_types": ["hearing"]}},
            "numerator.persons.disability_types",
        ),
        ({"source": "persons", "persons": {"ethnicities": ["77"]}}, "numerator.persons.ethnicities"),
        ({"source": "persons", "persons": {"colour": "blue"}}, "numerator.persons.colour"),
        (
            {"source": "service_records", "services": {"service_types": ["massage"]}},
            "numerator.services.service_types",
        ),
        ({"source": "participants"}, "numerator.participants"),
        (
            {"source": "participants", "participants": {"kind": "staff"}, "persons": {"age_max": 15}},
            "numerator.persons",
        ),
        (
            {
                "source": "participants",
                "participants": {"kind": "pwd", "head_counts": True},
                "persons": {"age_max": 15},
            },
            "numerator.participants.head_counts",
        ),
        ({"source": "campaign", "campaign": {"stage": "cured"}}, "numerator.campaign.stage"),
        (
            {"source": "campaign", "campaign": {"stage": "screened", "campaigns": [999999]}},
            "numerator.campaign.campaigns",
        ),
        ({"source": "aggregates", "aggregate": {"metric": "doctors"}}, "numerator.aggregate.metric"),
        (
            {"source": "aggregates", "aggregate": {"metric": "staff_on_disability"}, "persons": {}},
            "numerator.persons",
        ),
        ({"source": "child_units"}, "numerator.source"),
    ],
)
def test_a_wrong_count_definition_names_its_field(db: Any, numerator: dict, field: str) -> None:
    with pytest.raises(ApplicationError) as error:
        parse_indicator(numerator=numerator)
    assert error.value.field == field


def test_the_whole_definition_is_checked(db: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        parse_indicator(numerator=PERSONS, disaggregations=["age_group"])
    assert error.value.field == "age_groups"
    with pytest.raises(ApplicationError) as error:
        parse_indicator(numerator=PERSONS, disaggregations=["sex"], age_groups=[[0, 10], [5, 20]])
    assert error.value.field == "age_groups"
    staff = {"source": "participants", "participants": {"kind": "staff"}}
    with pytest.raises(ApplicationError) as error:
        parse_indicator(numerator=staff, disaggregations=["severity"])
    assert error.value.field == "disaggregations"
    aggregate = {"source": "aggregates", "aggregate": {"metric": "staff_on_disability"}}
    with pytest.raises(ApplicationError) as error:
        parse_indicator(numerator=staff, denominator=aggregate, period_type="month")
    assert error.value.field == "period_type"
    with pytest.raises(ApplicationError) as error:
        parse_indicator(numerator=PERSONS, denominator={"source": "child_units"})
    assert error.value.field == "denominator.source"


def test_a_good_definition_reads_into_its_parts(db: Any) -> None:
    spec = parse_indicator(
        numerator={
            "source": "service_records",
            "persons": {"age_max": 15, "severities": ["severe"], "special_groups": ["orphan"]},
            "services": {"domains": ["health"], "service_types": ["rehabilitation"]},
        },
        denominator={"source": "persons", "persons": {"age_max": 15}},
        disaggregations=["sex", "age_group", "unit"],
        age_groups=[[6, 15], [0, 5]],
    )
    assert spec.is_percentage
    assert spec.numerator.persons is not None
    assert spec.numerator.persons.statuses == ("active",)
    assert spec.numerator.service_types == ("rehabilitation",)
    assert spec.age_groups == ((0, 5), (6, 15))
    family = parse_count({"source": "participants", "participants": {"kind": "family"}}, "numerator")
    assert family.head_counts
    assert family.persons is None
    assert family.dimensions == {"sex", "unit"}


def test_indicator_definitions_are_written_by_those_allowed_and_audited(
    db: Any, province_user: Any, commune_user: Any
) -> None:
    data = IndicatorData(code="Tre-Em", name="Trẻ em khuyết tật", numerator={"source": "persons"})
    with pytest.raises(PermissionDenied):
        indicator_definition_create(actor=commune_user, data=data)
    indicator = indicator_definition_create(actor=province_user, data=data)
    assert indicator.code == "tre-em"
    with pytest.raises(ApplicationError) as error:
        indicator_definition_create(actor=province_user, data=data)
    assert error.value.field == "code"
    changed = IndicatorData(
        code="tre-em", name="Trẻ em khuyết tật", numerator={"source": "persons", "persons": {"age_max": 15}}
    )
    indicator_definition_update(actor=province_user, indicator=indicator, data=changed)
    event = AuditEvent.objects.get(action="plans.indicator.changed")
    assert event.old_values == {"numerator": {"source": "persons"}}
    assert AuditEvent.objects.filter(action="plans.indicator.created", object_id=str(indicator.pk)).exists()
