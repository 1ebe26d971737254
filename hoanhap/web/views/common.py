"""What every page view needs: the signed-in user as an account, and the list page size."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hoanhap.accounts.models import User

PAGE_SIZE = 50


def signed_in_user(request: HttpRequest) -> User:
    """The account of a request that passed ``capability_required`` (so never anonymous)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def query_without_page(request: HttpRequest) -> str:
    """The list's current filters as a query string, for the pagination links to append a page to."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
