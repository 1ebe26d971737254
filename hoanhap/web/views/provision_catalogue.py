"""The service catalogue: the types of service of each domain, and adding or changing one
(administrators only, ``provision.catalogue.manage``). Changes are audited by the services."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.provision.catalogue import MANAGE_CATALOGUE, catalogue, service_type_create, service_type_update
from hoanhap.provision.models import Domain, ServiceType
from hoanhap.web.forms_provision import ServiceTypeForm, service_type_initial
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user


@capability_required(MANAGE_CATALOGUE)
def provision_catalogue_view(request: HttpRequest) -> HttpResponse:
    labels = dict(Domain.choices)
    types = list(catalogue())
    domains = [
        {"label": labels[domain], "types": list(items)}
        for domain, items in groupby(types, key=lambda t: t.domain)
    ]
    return render(request, "web/provision/catalogue.html", {"domains": domains})


def _type_form_page(request: HttpRequest, service_type: ServiceType | None) -> HttpResponse:
    user = signed_in_user(request)
    posted = request.method == "POST"
    initial = service_type_initial(service_type) if service_type else {"is_active": True}
    form = ServiceTypeForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            if service_type is None:
                saved = service_type_create(actor=user, data=form.type_data())
            else:
                saved = service_type_update(actor=user, service_type=service_type, data=form.type_data())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The service type %(name)s was saved.") % {"name": saved.name})
            return redirect("web:provision_catalogue")
    return render(request, "web/provision/type_form.html", {"form": form, "service_type": service_type})


@capability_required(MANAGE_CATALOGUE)
def provision_type_create_view(request: HttpRequest) -> HttpResponse:
    return _type_form_page(request, None)


@capability_required(MANAGE_CATALOGUE)
def provision_type_edit_view(request: HttpRequest, type_id: int) -> HttpResponse:
    service_type = ServiceType.objects.filter(pk=type_id).first()
    if service_type is None:
        raise Http404
    return _type_form_page(request, service_type)
