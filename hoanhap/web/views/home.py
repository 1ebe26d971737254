from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hoanhap.web.access import capability_required, public_view
from hoanhap.web.attention import attention_items


@capability_required("profile.manage")
def home_view(request: HttpRequest) -> HttpResponse:
    """What needs the user's attention, by role."""
    return render(
        request,
        "web/home.html",
        {"items": attention_items(request.user), "title": _("What needs your attention")},
    )


@public_view
def healthz_view(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the process answers and the database is reachable."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
