"""The persons of an area due a state-paid health-insurance card in a month (everyone on the monthly
allowance), those whose card starts this month marked; and the list as a spreadsheet.

The selector records the read (or, for the file, the export) with the persons' ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from hoanhap.accounts.models import User
from hoanhap.audit.exports import XLSX_CONTENT_TYPE
from hoanhap.benefits.explain import Month
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.payment_insurance import health_insurance_workbook
from hoanhap.benefits.payment_selectors import health_insurance_due
from hoanhap.benefits.selectors import MANAGE
from hoanhap.core.access import capability_required
from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.web.forms_benefits_payments import InsuranceListForm
from hoanhap.web.views.benefit_changes import AreaViewer
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user


def _chosen(request: HttpRequest, user: User) -> tuple[InsuranceListForm, date, AdminUnit | None, bool]:
    """The form, the month (this month unless one is chosen), the area chosen, and whether the choice is
    valid."""
    form = InsuranceListForm(request.GET or None, viewer=user)
    month = first_of_month(timezone.localdate())
    area: AdminUnit | None = None
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        month = form.cleaned_data["month"] or month
        area = form.cleaned_data["area"]
    return form, month, area, valid


def _viewer(user: User, area: AdminUnit | None) -> Viewer:
    return AreaViewer(user, area) if area is not None else user


@capability_required(MANAGE)
def health_insurance_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form, month, area, valid = _chosen(request, user)
    due = health_insurance_due(viewer=_viewer(user, area), month=month) if valid else []
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "form": form,
        "valid": valid,
        "month": Month(month),
        "area": area,
        "total": len(due),
        "starting": sum(1 for item in due if item.starts),
        "page": page,
        "params": query_without_page(request),
    }
    return render(request, "web/benefits/insurance_list.html", context)


@capability_required(MANAGE)
def health_insurance_xlsx_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _form, month, area, valid = _chosen(request, user)
    if not valid:
        # The list page shows what is wrong with the choice.
        return health_insurance_list_view(request)
    content, _rows = health_insurance_workbook(viewer=_viewer(user, area), month=month)
    code = area.code if area is not None else "all"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"the-bhyt-{code}-{month:%Y-%m}.xlsx")
    response["Cache-Control"] = "no-store"
    return response
