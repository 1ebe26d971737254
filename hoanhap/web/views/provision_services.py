"""Recording a service a person received: by officers of the person's area, and by agency reporters for
their agency's domains (the service refuses anything else; the form offers only those types)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hoanhap.agencies.models import Agency
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import subtree_q
from hoanhap.people.models import Person
from hoanhap.provision.catalogue import catalogue
from hoanhap.provision.reach import RECORD, may_record, reporting_agency, viewer_domains
from hoanhap.provision.services import service_record_create
from hoanhap.web.forms_provision import ServiceRecordForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user
from hoanhap.web.views.persons_common import person_or_404


def province_path(unit_path: str) -> str:
    """The path of the province of a unit path such as ``/c/20/06325/``: ``/c/20/``."""
    parts = unit_path.strip("/").split("/")
    return "/" + "/".join(parts[:2]) + "/"


def providers_near(person: Person) -> QuerySet[Agency]:
    """Agencies of the person's province, which is where services are provided."""
    return Agency.objects.filter(subtree_q("unit_path", province_path(person.unit_path)), is_active=True)


@capability_required(RECORD)
def person_service_create_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    posted = request.method == "POST"
    person = person_or_404(request, person_id, record_read=not posted)
    types = [
        service_type
        for service_type in catalogue(domains=viewer_domains(user), active_only=True)
        if may_record(user, domain=service_type.domain, unit_path=person.unit_path)
    ]
    agency = reporting_agency(user)
    form = ServiceRecordForm(
        request.POST if posted else None,
        initial={"provider": agency.pk if agency else None},
        types=types,
        providers=providers_near(person),
    )
    if posted and form.is_valid():
        try:
            record = service_record_create(actor=user, person=person, data=form.service_data())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(service)s for %(name)s was recorded.")
                % {"service": record.service_type.name, "name": person.full_name},
            )
            return redirect(reverse("web:person_detail", kwargs={"person_id": person.pk}) + "#services")
    return render(
        request, "web/provision/service_form.html", {"person": person, "form": form, "types": types}
    )
