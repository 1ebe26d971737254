"""Exporting the person list (XLSX or CSV) with the list page's filters, and downloading a finished export.

A small export is answered with the file; a large one runs as a background job whose file only the user
who started it can download.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange import exports
from hoanhap.exchange.exports import (
    ExportFormat,
    PersonExportFilters,
    access_export_download,
    export_jobs,
)
from hoanhap.exchange.tasks import person_export_start
from hoanhap.jobs.models import Job
from hoanhap.web.forms_persons import PersonFilterForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user

RECENT_EXPORTS = 10
DOWNLOAD_BLOCK = 64 * 1024


class PersonExportForm(PersonFilterForm):
    """The list page's filters, and the file format."""

    format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=ExportFormat.choices,
        initial=ExportFormat.XLSX,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the file format: XLSX or CSV.")},
    )

    def export_filters(self) -> PersonExportFilters:
        return PersonExportFilters(
            persons=self.filters(),
            types=tuple(self.cleaned_data["types"]),
            severity=self.cleaned_data["severity"],
        )


def _initial_from(request: HttpRequest) -> dict[str, Any]:
    """The list page's filters, carried over in the query string."""
    initial: dict[str, Any] = {"format": ExportFormat.XLSX}
    for name, field in PersonExportForm.base_fields.items():
        if name not in request.GET:
            continue
        multiple = isinstance(field, forms.MultipleChoiceField)
        initial[name] = request.GET.getlist(name) if multiple else request.GET.get(name)
    return initial


def _file_name(fmt: str) -> str:
    return f"danh-sach-nguoi-khuyet-tat-{timezone.localdate():%Y%m%d}.{fmt}"


def _blocks(path: Path) -> Iterator[bytes]:
    """The file in blocks, opened only once the response is sent and closed however sending ends."""
    with path.open("rb") as handle:
        while block := handle.read(DOWNLOAD_BLOCK):
            yield block


@capability_required("personal_data.view")
def person_export_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "POST":
        form = PersonExportForm(request.POST)
        if form.is_valid():
            fmt = form.cleaned_data["format"]
            try:
                result = person_export_start(actor=user, filters=form.export_filters(), fmt=fmt)
            except ApplicationError as error:
                show_service_error(form, error)
            else:
                if isinstance(result, Job):
                    messages.success(
                        request,
                        _(
                            "The list is long, so the file is being prepared in the background. When it "
                            "is ready, download it from “Your recent exports” on the export page."
                        ),
                    )
                    return redirect("web:job_detail", job_id=result.pk)
                response = HttpResponse(result.content, content_type=result.content_type)
                response["Content-Disposition"] = f'attachment; filename="{_file_name(fmt)}"'
                response["Cache-Control"] = "no-store"
                return response
    else:
        form = PersonExportForm(initial=_initial_from(request))
    return render(
        request,
        "web/exports/person_export.html",
        {
            "form": form,
            "exports": export_jobs(viewer=user)[:RECENT_EXPORTS],
            "direct_max_rows": exports.DIRECT_MAX_ROWS,
            "retention_hours": settings.FILE_RETENTION_HOURS,
        },
    )


@capability_required("personal_data.view")
def export_download_view(request: HttpRequest, job_id: UUID) -> HttpResponseBase:
    """The file of a finished export, for the user who started it only (anyone else: 404)."""
    try:
        download = access_export_download(viewer=signed_in_user(request), job_id=job_id)
    except Job.DoesNotExist:
        raise Http404 from None
    response = StreamingHttpResponse(_blocks(download.path), content_type=download.content_type)
    response["Content-Length"] = str(download.path.stat().st_size)
    response["Content-Disposition"] = content_disposition_header(True, _file_name(download.format))
    response["Cache-Control"] = "no-store"
    # Streamed, so the file never sits in memory whole.
    return response
