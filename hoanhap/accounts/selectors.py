from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoanhap.accounts.models import ApiToken, User
from hoanhap.accounts.roles import Role
from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.text import search_terms
from hoanhap.geo.models import AdminUnit


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


def user_page(
    *, viewer: User, query: str = "", role: str = "", page_number: Any = 1, page_size: int = 50
) -> Page:
    """One page of accounts; the read is recorded with the ids shown (account data is personal data)."""
    page = Paginator(user_list(query=query, role=role), page_size).get_page(page_number)
    audit_record(
        actor=viewer,
        action="accounts.user.listed",
        object_type="accounts.user",
        object_repr="users",
        new={"query": query, "role": role, "page": page.number, "ids": [user.pk for user in page]},
    )
    return page


def access_user(*, viewer: User, user_id: Any) -> User:
    """One account; reading someone else's account is recorded. The caller checked ``users.manage``
    (or passes the viewer's own id)."""
    user = User.objects.select_related("agency").prefetch_related("unit_assignments__unit").get(pk=user_id)
    if user.pk != viewer.pk:
        audit_record(actor=viewer, action="accounts.user.viewed", obj=user)
    return user


def agencies_without_reporter(*, viewer: User) -> QuerySet[Agency]:
    """Active agencies in the viewer's area with no active reporter account: they cannot report yet."""
    reporters = User.objects.filter(role=Role.AGENCY, is_active=True, agency__isnull=False).values(
        "agency_id"
    )
    return (
        Agency.objects.filter(viewer.scope.q("unit_path"), is_active=True)
        .exclude(pk__in=reporters)
        .select_related("unit")
        .order_by("unit_path", "name_folded")
    )


def assigned_units(*, user: User) -> list[AdminUnit]:
    return [
        assignment.unit
        for assignment in user.unit_assignments.select_related("unit__parent").order_by("unit__path")
    ]


def locked_usernames(*, usernames: Iterable[str] | None = None) -> set[str]:
    """User names locked out now: failed sign-ins within the lock-out period reached the limit.

    django-axes keeps one row per user name, address and browser; the lock on a user name counts them all.
    """
    attempts = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    totals = attempts.values("username").annotate(failures=Sum("failures_since_start"))
    return {row["username"] for row in totals.filter(failures__gte=settings.AXES_FAILURE_LIMIT)}


def api_token_list(*, owner: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=owner))


def access_api_token(*, owner: Any, token_id: Any) -> ApiToken:
    return ApiToken.objects.get(user=owner, pk=token_id)
