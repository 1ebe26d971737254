"""Reading the identity checks and the population database reports of a person fetched through
``access_person`` (in scope)."""

from __future__ import annotations

from hoanhap.people.models import IdentityCheck, Person, PopulationEventReport


def latest_identity_check(*, person: Person) -> IdentityCheck | None:
    return (
        IdentityCheck.objects.filter(person=person)
        .select_related("checked_by")
        .order_by("-checked_at", "-id")
        .first()
    )


def population_event_reports(*, person: Person) -> list[PopulationEventReport]:
    """The person's reports of deaths and moves to the population database, newest first (one query)."""
    return list(PopulationEventReport.objects.filter(person=person).order_by("-created_at", "-id"))
