"""How a page declares who may open it.

Every view carries a ``capability`` attribute, set by one of the two decorators below; the access-matrix
test walks the URL configuration and fails for a view without one. ``capability_required`` also requires a
signed-in, verified user and answers 403 to those whose role lacks the capability.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

PUBLIC = "public"


def capability_required(capability: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_capability(capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.capability = capability  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public_view(view: View) -> View:
    """Pages anyone may open, signed in or not (sign-in, the health check)."""
    view.capability = PUBLIC  # type: ignore[attr-defined]
    return view
