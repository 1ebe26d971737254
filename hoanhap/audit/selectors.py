"""Reading the audit trail, within the viewer's scope."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from hoanhap.audit.models import AuditEvent
from hoanhap.audit.services import audit_record
from hoanhap.core.scope import Viewer


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list(*, viewer: Viewer, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events the viewer may read, newest first.

    Administrators read every event; others read the events about objects inside their scope, which
    excludes events without a unit (accounts, system changes).
    """
    events = AuditEvent.objects.all()
    scope = viewer.scope
    if not scope.everything:
        events = events.filter(scope.q("unit_path")).exclude(unit_path="")
    if filters.actor:
        events = events.filter(actor_username__iexact=filters.actor.strip())
    if filters.action:
        events = events.filter(action__startswith=filters.action.strip())
    if filters.object_type:
        events = events.filter(object_type=filters.object_type.strip())
    if filters.object_id:
        events = events.filter(object_id=filters.object_id.strip())
    if filters.date_from:
        events = events.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return events.order_by("-occurred_at", "-id")


def audit_event_page(
    *, viewer: Viewer, filters: AuditFilters, page_number: Any = 1, page_size: int = 50
) -> Page:
    """One page of the trail. Reading the trail is itself recorded: it holds personal data."""
    page = Paginator(audit_event_list(viewer=viewer, filters=filters), page_size).get_page(page_number)
    scope = viewer.scope
    audit_record(
        actor=viewer,
        action="audit.events.viewed",
        object_type="audit.auditevent",
        object_repr="audit trail",
        unit_path=scope.paths[0] if len(scope.paths) == 1 else "",
        new={"filters": {key: value for key, value in asdict(filters).items() if value}, "page": page.number},
    )
    return page
