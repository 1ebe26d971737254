"""Who a person was on the last day of a period, as SQL conditions on any table that points at persons.

Every condition takes ``person``: "" when the rows are persons, else the name of the relation that leads to
the person ("person" on service records, campaign registrations and participants; "cared_for" for a family
member's participation). All of them are plain conditions or one correlated subquery per row, so a count
over a province stays one statement.

* Age is read on that day, in completed years. When only the year of birth is known the person is taken to
  be born on 1 January (as ``hoanhap.benefits.ages`` does, after the civil-status convention).
* A person counts only once born, and only if not merged into another record.
* Status: "active" means active on that day — active now, or with a later status change (moved, deceased,
  removed after the day). Another status counts when it had been reached by that day (or has no date).
* Disability: the latest determination decided on or before that day. ``hoanhap.assessments.selectors``
  reads the latest one of all; a figure for a past year must not change because of a later re-assessment,
  hence the bounded version here.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from hoanhap.assessments.models import DisabilityDetermination
from hoanhap.people.models import PersonSpecialGroup, PersonStatus
from hoanhap.plans.definitions import PersonFilters

DETERMINATION = "_plans_determination"


def prefix(person: str) -> str:
    return f"{person}__" if person else ""


def outer_ref(person: str) -> str:
    """The column holding the person's id: the row's own key for persons, else the foreign key."""
    return f"{person}_id" if person else "pk"


def birthday_cutoff(age: int, day: date) -> date:
    """The latest date of birth of someone ``age`` or older on ``day``."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - age, day=28)


def age_at_least(age: int, day: date, person: str = "") -> Q:
    p = prefix(person)
    return Q(**{f"{p}birth_date__isnull": False, f"{p}birth_date__lte": birthday_cutoff(age, day)}) | Q(
        **{f"{p}birth_date__isnull": True, f"{p}birth_year__lte": day.year - age}
    )


def age_below(age: int, day: date, person: str = "") -> Q:
    p = prefix(person)
    return Q(**{f"{p}birth_date__isnull": False, f"{p}birth_date__gt": birthday_cutoff(age, day)}) | Q(
        **{f"{p}birth_date__isnull": True, f"{p}birth_year__gt": day.year - age}
    )


def age_band(low: int | None, high: int | None, day: date, person: str = "") -> Q:
    """Aged from ``low`` to ``high`` (inclusive, either open) on ``day``."""
    condition = Q()
    if low:
        condition &= age_at_least(low, day, person)
    if high is not None:
        condition &= age_below(high + 1, day, person)
    return condition


def existing_on(day: date, person: str = "") -> Q:
    """Born by ``day`` and not merged into another record."""
    p = prefix(person)
    return (
        Q(**{f"{p}birth_year__lte": day.year})
        & (Q(**{f"{p}birth_date__isnull": True}) | Q(**{f"{p}birth_date__lte": day}))
        & Q(**{f"{p}merged_into__isnull": True})
    )


def status_on(statuses: tuple[str, ...], day: date, person: str = "") -> Q:
    p = prefix(person)
    condition = Q()
    for status in statuses:
        if status == PersonStatus.ACTIVE:
            condition |= Q(**{f"{p}status": status}) | Q(**{f"{p}status_date__gt": day})
        else:
            condition |= Q(**{f"{p}status": status}) & (
                Q(**{f"{p}status_date__isnull": True}) | Q(**{f"{p}status_date__lte": day})
            )
    return condition


def determination_on(day: date, person: str = "") -> Subquery:
    """The id of the person's latest determination decided on or before ``day`` (None if there is none)."""
    latest = DisabilityDetermination.objects.filter(
        person=OuterRef(outer_ref(person)), decided_on__lte=day
    ).order_by("-decided_on", "-id")
    return Subquery(latest.values("pk")[:1])


def _determination_matches(filters: PersonFilters) -> QuerySet[DisabilityDetermination]:
    condition = Q()
    if filters.severities:
        condition &= Q(severity__in=filters.severities)
    if filters.disability_types:
        any_type = Q()
        for value in filters.disability_types:
            any_type |= Q(**{value: True})
        condition &= any_type
    return DisabilityDetermination.objects.filter(condition)


def filter_persons(rows: QuerySet, filters: PersonFilters, day: date, person: str = "") -> QuerySet:
    """``rows`` narrowed to those whose person matched ``filters`` on ``day``."""
    p = prefix(person)
    rows = rows.filter(existing_on(day, person))
    if filters.age_min is not None or filters.age_max is not None:
        rows = rows.filter(age_band(filters.age_min, filters.age_max, day, person))
    if filters.sexes:
        rows = rows.filter(**{f"{p}sex__in": filters.sexes})
    if filters.statuses:
        rows = rows.filter(status_on(filters.statuses, day, person))
    if filters.ethnicities:
        rows = rows.filter(**{f"{p}ethnicity_id__in": filters.ethnicities})
    if filters.households:
        rows = rows.filter(**{f"{p}household__in": filters.households})
    if filters.special_groups:
        groups = PersonSpecialGroup.objects.filter(
            person=OuterRef(outer_ref(person)), group__in=filters.special_groups
        )
        rows = rows.filter(Exists(groups))
    if filters.needs_determination:
        rows = rows.alias(**{DETERMINATION: determination_on(day, person)})
        if filters.disability_types or filters.severities:
            rows = rows.filter(**{f"{DETERMINATION}__in": _determination_matches(filters).values("pk")})
        else:
            rows = rows.filter(**{f"{DETERMINATION}__isnull": False})
    return rows
