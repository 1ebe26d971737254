"""From a count definition to the rows it counts, and what one counted unit is.

Each source gives a ``Counting``: the rows (already restricted to the area, the period and the filters),
the expression whose distinct values are counted (a person's id, a participant's identity) or the column
summed, the path column that places a row in a unit, and where a person's details are read for the
disaggregations. ``hoanhap.plans.counting`` turns it into numbers.

Where the sources place a row: a person by their commune (``Person.unit_path``); a service by the commune
the person lived in when it was recorded (``ServiceRecord.unit_path``); a participant by the unit where the
activity was held; a campaign child by the commune of the registration list; an aggregate entry by its unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from hoanhap.campaigns.models import Registration
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person
from hoanhap.plans import definitions as d
from hoanhap.plans.areas import Area
from hoanhap.plans.models import PeriodType
from hoanhap.plans.periods import Period
from hoanhap.plans.person_filters import filter_persons
from hoanhap.provision.models import AggregateEntry, HeadCount, Participant, ParticipantKind, ServiceRecord


@dataclass(frozen=True)
class Counting:
    rows: QuerySet
    counted: str | Combinable  # counted once per distinct value
    path_field: str
    # Where the person's details are: "" (the rows are persons), a relation name, or None (no person).
    person: str | None
    sex_field: str = ""  # for rows that carry a sex of their own (named staff and family participants)
    sum_field: str = ""  # aggregate entries: summed instead of counted
    heads: QuerySet | None = None  # head-counts added to the participants counted by name
    child_units: bool = False  # count the units below with at least one, not the rows


def _persons(spec: d.CountSpec, area: Area, period: Period) -> Counting:
    rows = Person.objects.filter(area.q("unit_path"))
    rows = filter_persons(rows, spec.persons or d.PersonFilters(), period.end)
    return Counting(rows=rows, counted="pk", path_field="unit_path", person="")


def _services(spec: d.CountSpec, area: Area, period: Period) -> Counting:
    rows = ServiceRecord.objects.filter(
        area.q("unit_path"), delivered_on__gte=period.start, delivered_on__lte=period.end
    )
    if spec.domains:
        rows = rows.filter(service_type__domain__in=spec.domains)
    if spec.service_types:
        rows = rows.filter(service_type__code__in=spec.service_types)
    rows = filter_persons(rows, spec.persons or d.PersonFilters(), period.end, "person")
    return Counting(rows=rows, counted="person_id", path_field="unit_path", person="person")


def _held(rows: QuerySet, spec: d.CountSpec, area: Area, period: Period) -> QuerySet:
    rows = rows.filter(
        area.q("activity__unit_path"), activity__held_on__gte=period.start, activity__held_on__lte=period.end
    )
    if spec.domains:
        rows = rows.filter(activity__domain__in=spec.domains)
    if spec.activity_kinds:
        rows = rows.filter(activity__kind__in=spec.activity_kinds)
    return rows


def _identity(kind: str) -> str | Combinable:
    """One participant, as ``hoanhap.provision.activity_selectors.activity_counts`` tells them apart: a
    person with disabilities by their record, a family member by folded name and the person cared for, a
    staff member by folded name and agency."""
    if kind == ParticipantKind.PWD:
        return "person_id"
    other = "cared_for_id" if kind == ParticipantKind.FAMILY else "agency_id"
    return Concat("name_folded", Value("|"), Cast(other, CharField()), output_field=CharField())


def _participants(spec: d.CountSpec, area: Area, period: Period) -> Counting:
    kind = spec.participant_kind
    rows = _held(Participant.objects.filter(kind=kind), spec, area, period)
    person: str | None = None
    if kind == ParticipantKind.PWD:
        person = "person"
    elif kind == ParticipantKind.FAMILY and spec.persons is not None:
        person = "cared_for"
    if spec.persons is not None and person is not None:
        rows = filter_persons(rows, spec.persons, period.end, person)
    heads = _held(HeadCount.objects.filter(kind=kind), spec, area, period) if spec.head_counts else None
    return Counting(
        rows=rows,
        counted=_identity(kind),
        path_field="activity__unit_path",
        person="person" if kind == ParticipantKind.PWD else None,
        sex_field="" if kind == ParticipantKind.PWD else "sex",
        heads=heads,
    )


# The stage a child reached, and the day it was reached on (mirroring ``campaigns.progress``).
STAGE_CONDITIONS = {
    "registered": ({}, "registered_on"),
    "screened": ({"result__isnull": False}, "result__session__held_on"),
    "confirmed": ({"result__condition_confirmed": True}, "result__session__held_on"),
    "indicated": ({"result__surgery_indicated": True}, "result__session__held_on"),
    "operated": ({"surgery__isnull": False}, "surgery__operated_on"),
    "followed_up": ({"follow_ups__isnull": False}, "follow_ups__followed_on"),
}


def _campaign(spec: d.CountSpec, area: Area, period: Period) -> Counting:
    condition, day = STAGE_CONDITIONS[spec.stage]
    rows = Registration.objects.filter(
        area.q("unit_path"), **condition, **{f"{day}__gte": period.start, f"{day}__lte": period.end}
    )
    if spec.campaigns:
        rows = rows.filter(campaign_id__in=spec.campaigns)
    rows = filter_persons(rows, spec.persons or d.PersonFilters(), period.end, "person")
    return Counting(rows=rows, counted="person_id", path_field="unit_path", person="person")


def _aggregates(spec: d.CountSpec, area: Area, period: Period) -> Counting:
    """The entries of the units in the area for the period (the whole-year entries for a year): summed over
    the subtree, as ``hoanhap.provision.aggregates.aggregate_total`` sums them."""
    refuse_uncountable(spec, period)
    rows = AggregateEntry.objects.filter(
        area.q("unit_path"), metric=spec.metric, year=period.year, quarter=period.quarter
    )
    return Counting(rows=rows, counted="pk", path_field="unit_path", person=None, sum_field="value")


BUILDERS = {
    d.PERSONS: _persons,
    d.SERVICE_RECORDS: _services,
    d.PARTICIPANTS: _participants,
    d.CAMPAIGN: _campaign,
    d.AGGREGATES: _aggregates,
}


def counting_for(spec: d.CountSpec, area: Area, period: Period) -> Counting:
    """The rows ``spec`` counts in ``area`` for ``period``; not for ``child_units`` (no rows: see
    ``hoanhap.plans.counting``)."""
    counting = BUILDERS[spec.source](spec, area, period)
    if spec.count == d.COUNT_CHILD_UNITS:
        return Counting(
            rows=counting.rows,
            counted=counting.counted,
            path_field=counting.path_field,
            person=None,
            heads=counting.heads,
            child_units=True,
        )
    return counting


def refuse_uncountable(spec: d.CountSpec, period: Period) -> None:
    """``ApplicationError`` for a count that cannot be made for ``period``: aggregate entries by month."""
    if spec.source == d.AGGREGATES and period.type == PeriodType.MONTH:
        raise ApplicationError(
            _("Aggregate entries are recorded by year or quarter, not by month."), field="period"
        )


def source_present(source: str, area: Area) -> bool:
    """Whether ``area`` holds any row of ``source`` at all, whatever the period: when it holds none, every
    count over it is 0 and need not be counted (most communes run no campaign). One query; persons and
    service records are taken as present."""
    if source == d.PARTICIPANTS:
        where = area.q("activity__unit_path")
        return Participant.objects.filter(where).exists() or HeadCount.objects.filter(where).exists()
    if source == d.CAMPAIGN:
        return Registration.objects.filter(area.q("unit_path")).exists()
    if source == d.AGGREGATES:
        return AggregateEntry.objects.filter(area.q("unit_path")).exists()
    return True
