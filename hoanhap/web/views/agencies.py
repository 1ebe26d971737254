"""Agencies: everyone signed in reads the list; administrators and province officers change it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoanhap.agencies.models import Agency
from hoanhap.agencies.selectors import access_agency_for_change, agency_list
from hoanhap.agencies.services import agency_create, agency_update
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.web.forms_admin import AgencyEditForm, AgencyForm, AgencySearchForm, add_application_error
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user


@capability_required("agencies.view")
def agency_list_view(request: HttpRequest) -> HttpResponse:
    form = AgencySearchForm(request.GET or None)
    agencies = agency_list().none()
    if not form.is_bound:
        agencies = agency_list()
    elif form.is_valid():
        agencies = agency_list(
            query=form.cleaned_data["q"], kind=form.cleaned_data["kind"], within=form.cleaned_data["unit"]
        )
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    user = signed_in_user(request)
    can_manage = user.has_capability("agencies.manage")
    rows = [
        {"agency": agency, "changeable": can_manage and user.scope.covers(agency.unit_path)}
        for agency in page
    ]
    return render(
        request,
        "web/agencies/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "params": query_without_page(request),
            "can_manage": can_manage,
        },
    )


@capability_required("agencies.manage")
def agency_create_view(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = agency_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                unit=form.cleaned_data["unit"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("%(agency)s was added.") % {"agency": agency.name})
            return redirect("web:agency_list")
    return render(request, "web/agencies/form.html", {"form": form, "agency": None})


@capability_required("agencies.manage")
def agency_edit_view(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        agency = access_agency_for_change(viewer=signed_in_user(request), agency_id=agency_id)
    except Agency.DoesNotExist:
        raise Http404 from None
    form = AgencyEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "name": agency.name,
            "kind": agency.kind,
            "unit": agency.unit.code,
            "is_active": agency.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("name", "kind", "unit", "is_active")}
        try:
            agency = agency_update(actor=request.user, agency=agency, data=data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("%(agency)s was saved.") % {"agency": agency.name})
            return redirect("web:agency_list")
    return render(request, "web/agencies/form.html", {"form": form, "agency": agency})
