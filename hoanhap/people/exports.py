"""The audit event of an export of personal data, whichever list it comes from (the person list, a
campaign's children, the services delivered, the health-insurance cards due)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hoanhap.audit.services import audit_record
from hoanhap.core.scope import Viewer


def persons_export_record(
    *,
    viewer: Viewer,
    what: str,
    filters: Mapping[str, Any],
    rows: int,
    fmt: str = "xlsx",
    unit_path: str | None = None,
    ids: Sequence[int] | None = None,
    counts: Mapping[str, int] | None = None,
) -> None:
    """Record ``people.persons.exported``: what was exported, with which filters, how many rows and (when
    given) the persons' ids and other counts. Without ``unit_path``, a single-scope officer's export is
    recorded in their unit, so that the unit sees it."""
    if unit_path is None:
        paths = viewer.scope.paths
        unit_path = paths[0] if len(paths) == 1 else ""
    new: dict[str, Any] = {"filters": dict(filters), "format": fmt, "rows": rows}
    if ids is not None:
        new["ids"] = list(ids)
    audit_record(
        actor=viewer,
        action="people.persons.exported",
        object_type="people.person",
        object_repr=what,
        unit_path=unit_path,
        new={**new, **(counts or {})},
    )
