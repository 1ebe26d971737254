from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoanhap.accounts.models import User
from hoanhap.core.text import search_terms


def user_list(*, query: str = "", role: str = "") -> QuerySet[User]:
    """Every account, for administrators (the caller checked ``users.manage``)."""
    users = User.objects.select_related("agency").prefetch_related("unit_assignments__unit")
    if role:
        users = users.filter(role=role)
    condition = Q()
    for term in search_terms(query):
        condition &= (
            Q(username__icontains=term) | Q(last_name__icontains=term) | Q(first_name__icontains=term)
        )
    return users.filter(condition).order_by("username")


def two_factor_user_ids(*, user_ids: Iterable[int]) -> set[int]:
    """Which of these users have a confirmed authenticator: one query for a whole page of users."""
    return set(
        TOTPDevice.objects.filter(user_id__in=list(user_ids), confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def access_user(*, user_id: Any) -> User:
    return User.objects.select_related("agency").prefetch_related("unit_assignments__unit").get(pk=user_id)
