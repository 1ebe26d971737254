"""Service records and activities of an area and period as spreadsheets: exports of personal data, recorded
as such (``people.persons.exported``, with the persons' ids), as the campaign export is.

Rows are read through the scoped selectors, so an agency reporter's workbook holds only their agency's
domains and area. Each sheet is one query whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from hoanhap.accounts.models import User
from hoanhap.audit.exports import Sheet, write_xlsx, write_xlsx_sheets
from hoanhap.core.scope import subtree_q
from hoanhap.geo.models import AdminUnit
from hoanhap.people.exports import persons_export_record
from hoanhap.provision.activity_selectors import activities_in_period
from hoanhap.provision.models import Activity, HeadCount, Participant, ParticipantKind, ServiceRecord
from hoanhap.provision.selectors import filtered_service_records

KINDS = (ParticipantKind.PWD, ParticipantKind.FAMILY, ParticipantKind.STAFF)


def _audit_export(
    *,
    viewer: User,
    what: str,
    unit: AdminUnit | None,
    filters: dict[str, Any],
    rows: int,
    ids: list[int],
    **counts: int,
) -> None:
    """Recorded as the campaign export is: the filters, the rows of personal data, the persons' ids."""
    persons_export_record(
        viewer=viewer,
        what=what,
        filters=filters,
        rows=rows,
        unit_path=unit.path if unit is not None else None,
        ids=ids,
        counts=counts,
    )


def _period_filters(start: date, end: date, unit: AdminUnit | None, **extra: Any) -> dict[str, Any]:
    filters = {"start": start.isoformat(), "end": end.isoformat(), "unit": unit.code if unit else ""}
    filters.update({key: value for key, value in extra.items() if value})
    return filters


# Service records --------------------------------------------------------------------------------------


def _service_headers() -> list[str]:
    return [
        _("Date"),
        _("Full name"),
        _("Year of birth"),
        _("Commune"),
        _("Domain"),
        _("Service"),
        _("Provider agency"),
        _("Cost (đồng)"),
        _("Funding source"),
        _("Outcome"),
        _("Follow-up date"),
    ]


def _service_row(record: ServiceRecord) -> list[Any]:
    person = record.person
    return [
        record.delivered_on,
        person.full_name,
        person.birth_year,
        person.commune.name,
        record.service_type.get_domain_display(),
        record.service_type.name,
        record.provider.name if record.provider is not None else None,
        record.cost,
        record.get_funding_source_display() if record.funding_source else None,
        record.outcome,
        record.follow_up_on,
    ]


def service_records_workbook(
    *,
    viewer: User,
    start: date,
    end: date,
    unit: AdminUnit | None = None,
    domain: str = "",
    service_type_id: int | None = None,
) -> bytes:
    """The services delivered from ``start`` to ``end`` in ``unit``'s subtree (the viewer's whole reach when
    None), of a domain and a service type when given, that the viewer may see, oldest first, as XLSX."""
    records = filtered_service_records(
        viewer=viewer,
        domain=domain,
        start=start,
        end=end,
        unit_path=unit.path if unit is not None else "",
        service_type_id=service_type_id,
    )
    rows = list(records.select_related("person__commune").order_by("delivered_on", "id"))
    content = write_xlsx(
        (_service_row(record) for record in rows), _service_headers(), sheet_name=_("Services")
    )
    _audit_export(
        viewer=viewer,
        what=f"service records {start.isoformat()}–{end.isoformat()}",
        unit=unit,
        filters=_period_filters(start, end, unit, domain=domain, service_type=service_type_id),
        rows=len(rows),
        ids=sorted({record.person_id for record in rows}),
    )
    return content


# Activities -------------------------------------------------------------------------------------------


@dataclass
class _Named:
    """The distinct named participants of one activity, told apart as ``activity_counts`` tells them."""

    keys: dict[str, set[tuple[Any, ...]]] = field(default_factory=lambda: defaultdict(set))

    def add(self, participant: Participant) -> None:
        if participant.kind == ParticipantKind.PWD:
            key: tuple[Any, ...] = (participant.person_id,)
        elif participant.kind == ParticipantKind.FAMILY:
            key = (participant.name_folded, participant.cared_for_id)
        else:
            key = (participant.name_folded, participant.agency_id)
        self.keys[participant.kind].add(key)

    def count(self, kind: str) -> int:
        return len(self.keys.get(kind, ()))


def _head_count(kind: str) -> Coalesce:
    total = (
        HeadCount.objects.filter(activity=OuterRef("pk"), kind=kind)
        .order_by()
        .values("activity")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def _activity_headers() -> list[str]:
    return [
        _("Date"),
        _("Activity"),
        _("Kind"),
        _("Domain"),
        _("Unit where held"),
        _("Place"),
        _("Organising agency"),
        _("Persons with disabilities (named)"),
        _("Family members or carers (named)"),
        _("Staff members or collaborators (named)"),
        _("Persons with disabilities (counted without names)"),
        _("Family members or carers (counted without names)"),
        _("Staff members or collaborators (counted without names)"),
    ]


def _activity_row(activity: Activity, named: _Named) -> list[Any]:
    return [
        activity.held_on,
        activity.title,
        activity.get_kind_display(),
        activity.get_domain_display(),
        activity.unit.name,
        activity.place,
        activity.organiser.name if activity.organiser is not None else None,
        *(named.count(kind) for kind in KINDS),
        *(getattr(activity, f"heads_{kind}") for kind in KINDS),
    ]


def _participant_headers() -> list[str]:
    return [
        _("Date"),
        _("Activity"),
        _("Participant"),
        _("Full name"),
        _("Sex"),
        _("Year of birth"),
        _("Commune"),
        _("Person cared for"),
        _("Position"),
        _("Agency"),
    ]


def _participant_row(participant: Participant) -> list[Any]:
    activity, person = participant.activity, participant.person
    return [
        activity.held_on,
        activity.title,
        participant.get_kind_display(),
        person.full_name if person is not None else participant.full_name,
        person.get_sex_display() if person is not None else participant.get_sex_display() or None,
        person.birth_year if person is not None else None,
        person.commune.name if person is not None else None,
        participant.cared_for.full_name if participant.cared_for is not None else None,
        participant.position,
        participant.agency.name if participant.agency is not None else None,
    ]


def activities_workbook(
    *, viewer: User, start: date, end: date, unit: AdminUnit | None = None, query: str = ""
) -> bytes:
    """The activities held from ``start`` to ``end`` in ``unit``'s subtree (the viewer's whole reach when
    None) that the viewer may see, oldest first, one row each with its participants counted; then a
    second sheet naming the participants."""
    held = activities_in_period(viewer=viewer, start=start, end=end, query=query)
    if unit is not None:
        held = held.filter(subtree_q("unit_path", unit.path))
    shown = list(
        held.annotate(**{f"heads_{kind}": _head_count(kind) for kind in KINDS}).order_by("held_on", "id")
    )
    participants = list(
        Participant.objects.filter(activity__in=held.values("pk"))
        .select_related("activity", "person__commune", "cared_for", "agency")
        .order_by("activity__held_on", "activity_id", "kind", "id")
    )
    named: dict[int, _Named] = defaultdict(_Named)
    for participant in participants:
        named[participant.activity_id].add(participant)
    sheets: list[Sheet] = [
        (_("Activities"), _activity_headers(), (_activity_row(a, named[a.pk]) for a in shown)),
        (_("Participants"), _participant_headers(), (_participant_row(p) for p in participants)),
    ]
    content = write_xlsx_sheets(sheets)
    _audit_export(
        viewer=viewer,
        what=f"activities {start.isoformat()}–{end.isoformat()}",
        unit=unit,
        filters=_period_filters(start, end, unit, query=query.strip()),
        rows=len(participants),
        ids=sorted({participant.person_id for participant in participants if participant.person_id}),
        activities=len(shown),
    )
    return content
