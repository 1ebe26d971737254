"""The inventory that ``hoanhap stats`` prints: what the database holds, for operators and monitoring."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.assessments.models import Certificate, DisabilityDetermination, DisabilityType
from hoanhap.assessments.selectors import latest_determination_subquery
from hoanhap.audit.models import AuditEvent
from hoanhap.geo.models import AdminUnit, AdminUnitSuccession, Edition, Tier
from hoanhap.jobs.models import Job
from hoanhap.people.models import Person, PersonStatus


def _counts(rows: Any, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in rows}


def _registry() -> dict[str, Any]:
    """Persons by status, and by the severity and types of their current (latest) determination."""
    persons = Person.objects.filter(merged_into__isnull=True)
    current = persons.filter(status=PersonStatus.ACTIVE).annotate(
        latest_id=latest_determination_subquery("id")
    )
    latest_ids = current.exclude(latest_id=None).values("latest_id")
    latest = DisabilityDetermination.objects.filter(pk__in=latest_ids)
    return {
        "total": persons.count(),
        "by_status": _counts(persons.values("status").annotate(n=Count("id")).order_by("status"), "status"),
        "active_by_severity": _counts(
            latest.values("severity").annotate(n=Count("id")).order_by("severity"), "severity"
        ),
        "active_by_type": {value: latest.filter(**{value: True}).count() for value in DisabilityType.values},
        "active_without_determination": current.filter(latest_id=None).count(),
        "certificates": Certificate.objects.count(),
    }


def inventory() -> dict[str, Any]:
    units: dict[str, Any] = {}
    for edition in Edition.values:
        per_edition = AdminUnit.objects.filter(edition=edition)
        units[edition] = {
            "by_tier": _counts(per_edition.values("tier").annotate(n=Count("id")).order_by("tier"), "tier"),
            "by_type": _counts(per_edition.values("type").annotate(n=Count("id")).order_by("type"), "type"),
            "total": per_edition.count(),
        }
    legacy_communes = AdminUnit.objects.filter(edition=Edition.LEGACY, tier=Tier.COMMUNE)
    return {
        "units": units,
        "successions": {
            "total": AdminUnitSuccession.objects.count(),
            "legacy_communes_with_successor": legacy_communes.filter(successions__isnull=False)
            .distinct()
            .count(),
            "legacy_communes_without_successor": legacy_communes.filter(successions__isnull=True).count(),
            "legacy_communes_split": legacy_communes.filter(successions__is_split=True).distinct().count(),
        },
        "agencies": {
            "total": Agency.objects.count(),
            "by_kind": _counts(
                Agency.objects.values("kind").annotate(n=Count("id")).order_by("kind"), "kind"
            ),
        },
        "users": {
            "total": User.objects.count(),
            "active": User.objects.filter(is_active=True).count(),
            "by_role": _counts(User.objects.values("role").annotate(n=Count("id")).order_by("role"), "role"),
        },
        "persons": _registry(),
        "audit_events": AuditEvent.objects.count(),
        "jobs": _counts(Job.objects.values("status").annotate(n=Count("id")).order_by("status"), "status"),
    }
