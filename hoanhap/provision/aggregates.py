"""Figures a unit reports as numbers for a year or a quarter: the denominators of the plans' targets
(the staff working on disability, of whom 60 % are to be trained; the families of PWD; …)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoanhap.accounts.models import User
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import subtree_q
from hoanhap.geo.models import AdminUnit
from hoanhap.provision.models import WHOLE_YEAR, AggregateEntry, AggregateMetric

MANAGE = "registry.manage"
FIRST_YEAR = 2000
LAST_YEAR = 2100


def _check_period(year: int, quarter: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(_("Enter a year from 2000 to 2100."), field="year")
    if not WHOLE_YEAR <= quarter <= 4:
        raise ApplicationError(_("Choose the whole year or a quarter."), field="quarter")


@transaction.atomic
def aggregate_entries_record(
    *, actor: User, unit: AdminUnit, year: int, quarter: int, values: dict[str, int | None]
) -> list[AggregateEntry]:
    """Record the figures of ``unit`` for a period: one entry per metric and period (a second recording
    changes it); a None leaves the metric as it is. Audited per figure as ``provision.aggregate.recorded``
    or ``provision.aggregate.changed``."""
    if not actor.has_capability(MANAGE) or not actor.scope.covers(unit.path):
        raise PermissionDenied
    _check_period(year, quarter)
    for metric, value in values.items():
        if metric not in AggregateMetric.values:
            raise ApplicationError(_("Unknown figure."), field=metric)
        if value is not None and value < 0:
            raise ApplicationError(_("Enter a number, 0 or more."), field=metric)
    existing = {
        entry.metric: entry
        for entry in AggregateEntry.objects.select_for_update().filter(unit=unit, year=year, quarter=quarter)
    }
    saved = []
    for metric, value in values.items():
        if value is None:
            continue
        entry = existing.get(metric)
        period: dict[str, Any] = {"unit": unit.code, "year": year, "quarter": quarter, "metric": metric}
        if entry is None:
            entry = AggregateEntry.objects.create(
                unit=unit,
                unit_path=unit.path,
                year=year,
                quarter=quarter,
                metric=metric,
                value=value,
                updated_by=actor,
            )
            audit_record(
                actor=actor,
                action="provision.aggregate.recorded",
                obj=entry,
                unit_path=unit.path,
                new={**period, "value": value},
            )
        elif entry.value != value:
            old = entry.value
            entry.value, entry.updated_by = value, actor
            entry.save(update_fields=["value", "updated_by", "updated_at"])
            audit_record(
                actor=actor,
                action="provision.aggregate.changed",
                obj=entry,
                unit_path=unit.path,
                old={**period, "value": old},
                new={**period, "value": value},
            )
        saved.append(entry)
    return saved


def aggregate_entries(*, viewer: User) -> QuerySet[AggregateEntry]:
    if not viewer.has_capability(MANAGE):
        raise PermissionDenied
    return AggregateEntry.objects.filter(viewer.scope.q("unit_path")).select_related("unit")


def aggregate_values(*, viewer: User, unit: AdminUnit, year: int, quarter: int) -> dict[str, int]:
    """The figures recorded for exactly this unit and period."""
    entries = aggregate_entries(viewer=viewer).filter(unit=unit, year=year, quarter=quarter)
    return dict(entries.values_list("metric", "value"))


def aggregate_total(*, viewer: User, unit: AdminUnit, year: int, quarter: int, metric: str) -> int:
    """The sum of a figure over ``unit``'s subtree for a period: a province's staff are its communes'."""
    entries = aggregate_entries(viewer=viewer).filter(
        subtree_q("unit_path", unit.path), year=year, quarter=quarter, metric=metric
    )
    return sum(entries.values_list("value", flat=True))
