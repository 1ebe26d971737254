"""Reading identity checks of a person fetched through ``access_person`` (in scope)."""

from __future__ import annotations

from hoanhap.people.models import IdentityCheck, Person


def latest_identity_check(*, person: Person) -> IdentityCheck | None:
    return (
        IdentityCheck.objects.filter(person=person)
        .select_related("checked_by")
        .order_by("-checked_at", "-id")
        .first()
    )
