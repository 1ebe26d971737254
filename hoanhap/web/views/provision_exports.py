"""The activities list's downloads: its activities with their participants, and the services delivered in
the same year, as spreadsheets. Both are exports of personal data, recorded by ``hoanhap.provision.exports``;
what they hold is what the viewer may see (an agency reporter: their agency's domains and area)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from hoanhap.audit.exports import XLSX_CONTENT_TYPE
from hoanhap.core.access import capability_required
from hoanhap.provision.exports import activities_workbook, service_records_workbook
from hoanhap.provision.reach import RECORD
from hoanhap.web.forms_provision_activities import ActivityFilterForm
from hoanhap.web.views.common import signed_in_user
from hoanhap.web.views.provision_activities import listed_year_and_query
from hoanhap.web.views.provision_service_list import service_list_download


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@capability_required(RECORD)
def activities_xlsx_view(request: HttpRequest) -> HttpResponse:
    year, query = listed_year_and_query(ActivityFilterForm(request.GET or None))
    content = activities_workbook(
        viewer=signed_in_user(request), start=date(year, 1, 1), end=date(year, 12, 31), query=query
    )
    return _download(content, f"activities-{year}.xlsx")


@capability_required(RECORD)
def services_xlsx_view(request: HttpRequest) -> HttpResponse:
    if "year" not in request.GET:  # the services list's link: that list's filters (this year by default)
        return service_list_download(request)
    year, _query = listed_year_and_query(ActivityFilterForm(request.GET or None))
    content = service_records_workbook(
        viewer=signed_in_user(request), start=date(year, 1, 1), end=date(year, 12, 31)
    )
    return _download(content, f"services-{year}.xlsx")
