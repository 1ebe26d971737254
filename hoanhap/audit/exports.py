"""Spreadsheet exports: one XLSX writer that defuses formula injection, and the audit-trail export.

A spreadsheet program runs a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula, so text typed by anyone (a name, a user agent) could
run in the reader's spreadsheet. Every text cell is therefore written with ``write_string`` (never the
guessing ``write``) and such text gets a leading apostrophe.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import date, datetime
from io import BytesIO
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.audit.actions import action_label
from hoanhap.audit.models import AuditEvent
from hoanhap.audit.selectors import AuditFilters, audit_event_list
from hoanhap.audit.services import audit_record

MAX_ROWS = 100_000
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell_text(value: Any) -> str:
    """``value`` as text that no spreadsheet program will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def local_time_text(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in the server's time zone."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


# One sheet of a workbook: its name, its header row and its rows.
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def write_xlsx(rows: Iterable[Sequence[Any]], headers: Sequence[str], *, sheet_name: str = "Sheet1") -> bytes:
    """A workbook of one sheet (see ``write_xlsx_sheets``)."""
    return write_xlsx_sheets([(sheet_name, headers, rows)])


def write_xlsx_sheets(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of the ``sheets``, each with a bold, frozen header row, then at most ``MAX_ROWS`` rows.

    Booleans, integers and floats are written as such, datetimes as local-time text, dates as ``YYYY-MM-DD``,
    ``None`` as an empty cell and everything else as neutralised text.
    """
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    for name, headers, rows in sheets:
        sheet = workbook.add_worksheet(safe_cell_text(name)[:31] or "Sheet1")
        for column, header in enumerate(headers):
            sheet.write_string(0, column, safe_cell_text(header), bold)
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(rows, start=1):
            if number > MAX_ROWS:
                break
            for column, value in enumerate(row):
                _write_cell(sheet, number, column, value)
    workbook.close()
    return buffer.getvalue()


def _write_cell(sheet: Any, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif isinstance(value, datetime):
        sheet.write_string(row, column, local_time_text(value))
    elif isinstance(value, date):
        sheet.write_string(row, column, value.isoformat())
    else:
        sheet.write_string(row, column, safe_cell_text(value))


def values_text(values: Any) -> str:
    """Old or new values of an event as compact JSON, accents kept."""
    if values is None:
        return ""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _event_row(event: AuditEvent) -> list[Any]:
    return [
        event.occurred_at,
        event.actor_username,
        event.action,
        action_label(event.action),
        event.object_type,
        event.object_id,
        event.object_repr,
        event.ip or "",
        event.channel,
        values_text(event.old_values),
        values_text(event.new_values),
    ]


def audit_events_export(*, viewer: Any, filters: AuditFilters) -> bytes:
    """The events ``viewer`` may read that match ``filters`` as XLSX (newest first, at most ``MAX_ROWS``).

    The export is itself recorded in the trail, with the filters and the number of rows.
    """
    events = audit_event_list(viewer=viewer, filters=filters)[:MAX_ROWS]
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for event in events.iterator(chunk_size=2000):
            count += 1
            yield _event_row(event)

    headers = [
        _("Time"),
        _("User name"),
        _("Action"),
        _("Description"),
        _("Object type"),
        _("Object number"),
        _("Object"),
        _("IP address"),
        _("Channel"),
        _("Old values"),
        _("New values"),
    ]
    content = write_xlsx(rows(), headers, sheet_name=_("Audit trail"))
    audit_record(
        actor=viewer,
        action="audit.events.exported",
        object_type="audit.auditevent",
        # A province officer's export concerns their province: record it there so they see it too.
        unit_path=viewer.scope.paths[0] if len(viewer.scope.paths) == 1 else "",
        object_repr="audit trail export",
        new={"filters": {key: value for key, value in asdict(filters).items() if value}, "rows": count},
    )
    return content
