from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hoanhap.accounts.selectors import assigned_units
from hoanhap.core.access import capability_required, public_view
from hoanhap.plans.task_selectors import overdue_for_agency, overdue_for_office
from hoanhap.provision.reach import reporting_agency
from hoanhap.web.attention import attention_items
from hoanhap.web.views.common import signed_in_user

OVERDUE_SHOWN = 20


@capability_required("profile.manage")
def home_view(request: HttpRequest) -> HttpResponse:
    """What needs the user's attention, by role."""
    user = signed_in_user(request)
    context: dict[str, Any] = {
        "items": attention_items(user),
        "title": _("What needs your attention"),
        "units": assigned_units(user=user),
        "agency": user.agency,
    }
    # Overdue task occurrences: of the tasks the reporter's agency leads, and of the plans the user's
    # agency coordinates (hoanhap.plans.task_selectors).
    led = reporting_agency(user)
    context["overdue_led"] = list(overdue_for_agency(agency=led)[:OVERDUE_SHOWN]) if led else []
    office = user.agency
    context["overdue_coordinated"] = list(overdue_for_office(office=office)[:OVERDUE_SHOWN]) if office else []
    return render(request, "web/home.html", context)


@public_view
def healthz_view(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
