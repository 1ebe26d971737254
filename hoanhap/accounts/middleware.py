"""Administrators must set up and use two-step verification before they can do anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/static/", "/api/", "/i18n/", "/healthz")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "requires_two_factor", False)
            and not getattr(user, "is_verified", lambda: False)()
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            allowed = {reverse("web:two_factor_setup"), reverse("web:logout")}
            if request.path not in allowed:
                return redirect("web:two_factor_setup")
        return self.get_response(request)
