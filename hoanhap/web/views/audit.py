"""The audit trail: read-only, filtered, and exported to XLSX (the export is itself recorded)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hoanhap.audit.actions import action_label
from hoanhap.audit.exports import XLSX_CONTENT_TYPE, audit_events_export, values_text
from hoanhap.audit.models import AuditEvent
from hoanhap.audit.selectors import AuditFilters, audit_event_page
from hoanhap.core.access import capability_required
from hoanhap.web.forms_admin import AuditFilterForm
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user


def _filters(form: AuditFilterForm) -> AuditFilters:
    data = form.cleaned_data
    return AuditFilters(
        actor=data["actor"],
        action=data["action"],
        object_type=data["object_type"],
        object_id=data["object_id"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


def _changes(event: AuditEvent) -> list[dict[str, str]]:
    """Each key the event records, with its old and new value as short text."""
    old, new = event.old_values, event.new_values
    if not isinstance(old, dict | None) or not isinstance(new, dict | None):
        return [{"key": "", "old": values_text(old), "new": values_text(new)}]
    old, new = old or {}, new or {}
    return [
        {
            "key": key,
            "old": values_text(old[key]) if key in old else "",
            "new": values_text(new[key]) if key in new else "",
        }
        for key in sorted(set(old) | set(new))
    ]


@capability_required("audit.view")
def audit_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = AuditFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    filters = _filters(form) if form.is_bound and valid else AuditFilters()
    if valid:
        page = audit_event_page(viewer=user, filters=filters, page_number=request.GET.get("page"))
    else:
        page = Paginator([], PAGE_SIZE).get_page(1)
    rows: list[dict[str, Any]] = [
        {"event": event, "action_label": action_label(event.action), "changes": _changes(event)}
        for event in page
    ]
    return render(
        request,
        "web/audit/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "params": query_without_page(request),
            "can_export": valid and user.has_capability("audit.export"),
        },
    )


@capability_required("audit.export")
def audit_export_view(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # The list shows what is wrong with the filters.
        return redirect(f"{reverse('web:audit_list')}?{request.GET.urlencode()}")
    filters = _filters(form) if form.is_bound else AuditFilters()
    content = audit_events_export(viewer=request.user, filters=filters)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{timezone.localdate():%Y%m%d}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
