"""Writing the audit trail. Services call these; views and the API never do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from django.db import models
from django.utils import timezone

from hoanhap.audit.models import AuditEvent
from hoanhap.core.bulk import insert_rows
from hoanhap.core.request_context import current_request_context

_PLAIN = frozenset({str, int, bool, float})


class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

    def get_username(self) -> str: ...


def _jsonable(value: Any) -> Any:
    if value is None or type(value) in _PLAIN:  # most values: checked first, as bulk writes call this a lot
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    unit_path: str = "",
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``action`` is a stable dotted code such as ``accounts.user.created``.

    ``obj`` fills the object fields; ``object_type``/``object_id`` serve for things that are not a single
    row (an export, a search). The caller runs inside its own transaction, so the event is written if and
    only if the change is.
    """
    context = current_request_context()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:300],
        unit_path=unit_path,
        old_values=_jsonable(old) if old is not None else None,
        new_values=_jsonable(new) if new is not None else None,
        ip=context.ip,
        user_agent=context.user_agent,
        channel=context.channel,
    )


def changed_values(
    instance: models.Model, fields: list[str], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The old and new values of the ``fields`` that ``data`` changes on ``instance``."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for field in fields:
        if field in data and getattr(instance, field) != data[field]:
            old[field] = getattr(instance, field)
            new[field] = data[field]
    return old, new


@dataclass(frozen=True)
class AuditEntry:
    """One event of a bulk write: what ``audit_record`` takes besides the actor and the action."""

    obj: models.Model
    unit_path: str
    new: Mapping[str, Any]


def audit_record_many(*, actor: Actor | None, action: str, entries: list[AuditEntry]) -> None:
    """Append one event per entry in a few multi-row inserts: a bulk import records each person it writes,
    as the form would, without one round trip per event."""
    if not entries:
        return
    context = current_request_context()
    actor_id = actor.pk if actor is not None else None
    actor_username = actor.get_username() if actor is not None else ""
    occurred_at = timezone.now()
    insert_rows(
        AuditEvent,
        _MANY_COLUMNS,
        (
            (
                occurred_at,
                actor_id,
                actor_username,
                action,
                entry.obj._meta.label_lower,
                str(entry.obj.pk),
                str(entry.obj)[:300],
                entry.unit_path,
                _jsonable(entry.new),
                context.ip,
                context.user_agent,
                context.channel,
            )
            for entry in entries
        ),
    )


_MANY_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "unit_path",
    "new_values",
    "ip",
    "user_agent",
    "channel",
)
