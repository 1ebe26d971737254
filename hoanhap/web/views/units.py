from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoanhap.core.access import capability_required
from hoanhap.exchange.import_selectors import commune_imports
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.geo.selectors import unit_ancestors, unit_children, unit_get, unit_search, unit_successions
from hoanhap.geo.tasks import load_units_task
from hoanhap.jobs.services import job_start
from hoanhap.web.forms import UnitSearchForm
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user
from hoanhap.web.views.imports import ImportSummary, import_summaries

RECENT_IMPORTS = 20


@capability_required("units.view")
def unit_list_view(request: HttpRequest) -> HttpResponse:
    form = UnitSearchForm(request.GET or None)
    query, edition, tier = "", Edition.CURRENT.value, ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        edition = form.cleaned_data["edition"] or Edition.CURRENT.value
        tier = form.cleaned_data["tier"]
    if not query and not tier:
        tier = "province"
    page = Paginator(unit_search(query=query, edition=edition, tier=tier), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/units/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "edition": edition,
            "params": query_without_page(request),
        },
    )


@capability_required("units.view")
def unit_detail_view(request: HttpRequest, edition: str, code: str) -> HttpResponse:
    if edition not in Edition.values:
        raise Http404
    try:
        unit = unit_get(edition=edition, code=code)
    except AdminUnit.DoesNotExist:
        raise Http404 from None
    user = signed_in_user(request)
    return render(
        request,
        "web/units/detail.html",
        {
            "unit": unit,
            "ancestors": unit_ancestors(unit=unit),
            "children": unit_children(unit=unit),
            "successions": unit_successions(unit=unit),
            "imports": _recent_imports(request, unit),
            "can_import": user.has_capability("registry.manage") and user.scope.covers(unit.path),
        },
    )


def _recent_imports(request: HttpRequest, unit: AdminUnit) -> list[ImportSummary] | None:
    """A current commune's latest imported lists, for a user who may see its personal data (None: the
    page shows no such section)."""
    user = signed_in_user(request)
    if unit.edition != Edition.CURRENT or unit.tier != Tier.COMMUNE:
        return None
    if not user.has_capability("personal_data.view") or not user.scope.covers(unit.path):
        return None
    return import_summaries(commune_imports(viewer=user, commune_path=unit.path)[:RECENT_IMPORTS])


@capability_required("units.load")
def unit_load_view(request: HttpRequest) -> HttpResponse:
    return render(request, "web/units/load.html", {})


@capability_required("units.load")
@require_POST
def unit_load_start_view(request: HttpRequest) -> HttpResponse:
    job = job_start(
        owner=request.user, kind="geo.load_units", label=_("Load administrative units"), task=load_units_task
    )
    messages.success(request, _("The units are being loaded."))
    return redirect("web:job_detail", job_id=job.pk)
