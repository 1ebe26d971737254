"""The answer to a sign-in attempt on a locked account (django-axes calls it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def locked_out_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts. The account is locked for %(minutes)d minutes; "
        "ask your administrator if you need access sooner."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "detail": message}, status=429)
    return render(request, "web/locked_out.html", {"message": message}, status=429)
