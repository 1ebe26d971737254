"""A commune's part of a campaign: its list of children, the printable list for the screening day, and
registering a child found in the registry or new.

Listing the children is recorded by ``registration_list`` (and the persons found by the search, as the
person list records them).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoanhap.campaigns.models import Campaign
from hoanhap.campaigns.selectors import access_campaign_commune, registration_list, session_list
from hoanhap.campaigns.services import registration_add, registration_add_new_child
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.selectors import PersonFilters, person_list, record_person_list_read
from hoanhap.web.forms_campaigns import ChildSearchForm, NewChildForm, RegisterExistingForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.campaigns import MANAGE, PERSONAL_DATA, campaign_or_404
from hoanhap.web.views.common import signed_in_user

# A search shows at most this many persons: enough to find a child by name, never a whole commune.
SEARCH_LIMIT = 20


def campaign_and_commune(viewer: Viewer, campaign_id: int, code: str) -> tuple[Campaign, AdminUnit]:
    campaign = campaign_or_404(viewer, campaign_id)
    try:
        return campaign, access_campaign_commune(viewer=viewer, campaign=campaign, code=code)
    except AdminUnit.DoesNotExist:
        raise Http404 from None


@capability_required(PERSONAL_DATA)
def campaign_commune_view(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    user = signed_in_user(request)
    campaign, commune = campaign_and_commune(user, campaign_id, code)
    context = {
        "campaign": campaign,
        "commune": commune,
        "registrations": registration_list(viewer=user, campaign=campaign, commune=commune),
        "sessions": list(session_list(viewer=user, campaign=campaign, commune=commune)),
        "can_manage": user.has_capability(MANAGE),
    }
    return render(request, "web/campaigns/commune.html", context)


@capability_required(PERSONAL_DATA)
def campaign_print_view(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    """The list to take to the screening day: the children, and empty columns the team fills in by hand."""
    user = signed_in_user(request)
    campaign, commune = campaign_and_commune(user, campaign_id, code)
    context = {
        "campaign": campaign,
        "commune": commune,
        "registrations": registration_list(viewer=user, campaign=campaign, commune=commune),
    }
    return render(request, "web/campaigns/print.html", context)


def _found(user: Viewer, commune: AdminUnit, query: str) -> list[Person]:
    """Active persons of the commune matching the search, recorded as a read of the registry."""
    if not query.strip():
        return []
    filters = PersonFilters(query=query, commune=commune.code, status=PersonStatus.ACTIVE)
    persons = list(person_list(viewer=user, filters=filters)[:SEARCH_LIMIT])
    record_person_list_read(viewer=user, persons=persons, filters=filters.__dict__)
    return persons


@capability_required(MANAGE)
def campaign_register_view(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    """Find a child of the commune in the registry, and put them on the list."""
    user = signed_in_user(request)
    campaign, commune = campaign_and_commune(user, campaign_id, code)
    query = request.POST.get("q", "") if request.method == "POST" else request.GET.get("q", "")
    search = ChildSearchForm({"q": query})
    found = _found(user, commune, query) if search.is_valid() else []
    form = RegisterExistingForm(request.POST or None, campaign=campaign, found=found)
    if request.method == "POST" and form.is_valid():
        person = next(person for person in found if person.pk == form.cleaned_data["person"])
        try:
            registration_add(
                actor=user,
                campaign=campaign,
                person=person,
                suspected_group=form.cleaned_data["suspected_group"],
            )
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": person.full_name})
            return redirect("web:campaign_commune", campaign_id=campaign.pk, code=commune.code)
    context = {
        "campaign": campaign,
        "commune": commune,
        "search": search,
        "query": query,
        "found": found,
        "form": form,
    }
    return render(request, "web/campaigns/register.html", context)


@capability_required(MANAGE)
def campaign_new_child_view(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    """Register a child who is not yet in the registry: the child is added to it at the same time."""
    user = signed_in_user(request)
    campaign, commune = campaign_and_commune(user, campaign_id, code)
    form = NewChildForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_add_new_child(
                actor=user,
                campaign=campaign,
                data=form.person_data(commune),
                suspected_group=form.cleaned_data["suspected_group"],
            )
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": registration.person.full_name})
            return redirect("web:campaign_commune", campaign_id=campaign.pk, code=commune.code)
    return render(
        request, "web/campaigns/new_child.html", {"campaign": campaign, "commune": commune, "form": form}
    )
