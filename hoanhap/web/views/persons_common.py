"""What the registry pages share: fetching a person in scope, the children turning 6, and the table of
differences shown when two officers changed the same record."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.assessments.selectors import children_turning_six, with_certificate_in_force
from hoanhap.core.scope import Viewer
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Ethnicity, Household, Person, PersonStatus, Sex, SpecialGroup
from hoanhap.people.selectors import access_person, person_queryset
from hoanhap.people.services import person_data_from
from hoanhap.web.views.common import signed_in_user

MANAGE = "registry.manage"
EMPTY = "–"


def person_or_404(request: HttpRequest, person_id: int, *, record_read: bool = True) -> Person:
    """The person if the signed-in user's scope covers them; a 404 otherwise (never a 403, which would
    tell that the record exists)."""
    try:
        return access_person(viewer=signed_in_user(request), person_id=person_id, record_read=record_read)
    except Person.DoesNotExist:
        raise Http404 from None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sixth_birthday(birth_date: date) -> date:
    try:
        return birth_date.replace(year=birth_date.year + 6)
    except ValueError:  # born on 29 February
        return date(birth_date.year + 6, 3, 1)


def children_turning_six_within(
    *, viewer: Viewer, months: int, today: date | None = None
) -> QuerySet[Person]:
    """Active children of the viewer's area who turn 6 from today to ``months`` months ahead, with the
    number of their certificate in force (``certificate_number``), in one query."""
    today = today or timezone.localdate()
    persons = person_queryset(viewer=viewer).filter(status=PersonStatus.ACTIVE).select_related("commune")
    return with_certificate_in_force(
        children_turning_six(persons=persons, start=today, end=add_months(today, months))
    )


@dataclass(frozen=True)
class ConflictRow:
    label: str
    entered: str
    stored: str


def _display(data: PersonData, ethnicities: dict[str, str]) -> dict[str, str]:
    groups = dict(SpecialGroup.choices)
    birth = f"{data.birth_date:%d/%m/%Y}" if data.birth_date else str(data.birth_year or "")
    return {
        "full_name": data.full_name,
        "birth": birth,
        "sex": str(dict(Sex.choices).get(data.sex, data.sex)),
        "ethnicity": ethnicities.get(data.ethnicity, data.ethnicity),
        "cccd": data.cccd,
        "commune": f"{data.commune.name} ({data.commune.code})",
        "village": data.village,
        "phone": data.phone,
        "carer_name": data.carer_name,
        "carer_relation": data.carer_relation,
        "household": str(dict(Household.choices).get(data.household, data.household)),
        "special_groups": ", ".join(str(groups.get(g, g)) for g in sorted(data.special_groups)),
    }


def conflict_rows(entered: PersonData, stored: Person) -> list[ConflictRow]:
    """The fields where what the officer entered differs from the record as another officer saved it."""
    labels: dict[str, Any] = {
        "full_name": _("Full name"),
        "birth": _("Date of birth"),
        "sex": _("Sex"),
        "ethnicity": _("Ethnicity"),
        "cccd": _("Citizen ID (CCCD)"),
        "commune": _("Commune"),
        "village": _("Village"),
        "phone": _("Phone"),
        "carer_name": _("Carer or guardian"),
        "carer_relation": _("Relation to the person"),
        "household": _("Household"),
        "special_groups": _("Special groups"),
    }
    ethnicities = dict(Ethnicity.objects.values_list("code", "name"))
    mine, theirs = _display(entered, ethnicities), _display(person_data_from(stored), ethnicities)
    return [
        ConflictRow(str(label), mine[key] or EMPTY, theirs[key] or EMPTY)
        for key, label in labels.items()
        if mine[key] != theirs[key]
    ]


def survivor_or_404(request: HttpRequest, person_id: int) -> Person:
    """The record ``person_id`` was merged into, if the viewer may see it; a 404 otherwise (whether the
    record does not exist, is out of scope, or was merged into a record out of scope)."""
    survivor = person_queryset(viewer=signed_in_user(request)).filter(merged_from__pk=person_id).first()
    if survivor is None:
        raise Http404
    return survivor
