"""The dashboard of a unit and a period: each target of the plans covering the unit against its current
value and status, one indicator's trend, comparison across the communes (table and map) and
disaggregations, each chart beside its data table, each table exported to XLSX."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from hoanhap.accounts.models import User
from hoanhap.audit.exports import XLSX_CONTENT_TYPE, write_xlsx
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.plans.periods import Period, parse_period, year
from hoanhap.web.views.common import signed_in_user
from hoanhap.web.views.dashboard_data import Dashboard, build_dashboard


def _default_unit(user: User) -> AdminUnit | None:
    """The viewer's area: their first assigned unit (for the whole country, the first province)."""
    units = AdminUnit.objects.filter(edition=Edition.CURRENT)
    if user.scope.everything:
        return units.filter(tier=Tier.PROVINCE).order_by("code").first()
    return units.filter(path__in=user.scope.paths).order_by("path").first()


def _dashboard(request: HttpRequest) -> tuple[Dashboard | None, AdminUnit | None, str, str]:
    """The dashboard asked for, the unit, the period text and an error message for the period."""
    user = signed_in_user(request)
    code = request.GET.get("unit", "").strip()
    if code:
        unit = AdminUnit.objects.filter(edition=Edition.CURRENT, code=code).first()
        if unit is None:
            raise Http404
    else:
        unit = _default_unit(user)
    text = request.GET.get("period", "").strip()
    period: Period = year(timezone.localdate().year)
    error = ""
    if text:
        try:
            period = parse_period(text)
        except ApplicationError as exc:
            error = str(exc.message)
    if unit is None:
        return None, None, text or period.label, error
    try:
        dashboard = build_dashboard(
            viewer=user, unit=unit, period=period, indicator_code=request.GET.get("indicator", "")
        )
    except PermissionDenied:
        raise Http404 from None  # a unit outside the viewer's area is not shown to exist
    return dashboard, unit, text or period.label, error


@capability_required("plans.view")
def dashboard_view(request: HttpRequest) -> HttpResponse:
    dashboard, unit, period_text, error = _dashboard(request)
    query = request.GET.copy()
    query.pop("table", None)
    if dashboard is not None:
        query["unit"] = dashboard.unit.code
        query["period"] = dashboard.period.label
        if dashboard.indicator is not None:
            query["indicator"] = dashboard.indicator.code
    return render(
        request,
        "web/dashboards/dashboard.html",
        {
            "dashboard": dashboard,
            "unit": unit,
            "period_text": period_text,
            "period_error": error,
            "query": query.urlencode(),
            "charts": dashboard.charts if dashboard is not None else [],
        },
    )


@capability_required("plans.view")
def dashboard_export_view(request: HttpRequest) -> HttpResponse:
    """One of the dashboard's data tables as an XLSX workbook, with the same rows as the page."""
    dashboard, _unit, _text, error = _dashboard(request)
    table = (
        dashboard.table(request.GET.get("table", "") or "targets")
        if dashboard is not None and not error
        else None
    )
    if dashboard is None or table is None:
        raise Http404
    content = write_xlsx(table.rows, table.headers, sheet_name=_("Data"))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"bang-dieu-khien-{dashboard.unit.code}-{dashboard.period.label}-{table.key}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
