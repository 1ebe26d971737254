"""Sending the recorded deaths and moves to the population database: the other half of the outbox.

``population_events_send`` runs from a background task (enqueued after each change commits) and from the
``send-population-events`` command (cron). Each report is sent outside any transaction: on SQLite a write
transaction holds the database lock, and nobody may wait on a remote service.

Two senders never send the same report twice. Each claims a report with a conditional UPDATE (compare and
set on ``claimed_at``) before sending it, and sends it only if that UPDATE changed the row. A lock taken
with ``select_for_update(skip_locked=True)`` would have to be held for the whole remote call, keeping a
transaction open across the network (and SQLite has no row locks: its single writer would block every
user); the claim is one short statement that works the same on SQLite and PostgreSQL. A claim older than
``CLAIM_LEASE`` is taken to belong to a sender that died mid-way, and the report is sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from typing import cast

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from hoanhap.audit.services import audit_record
from hoanhap.people.identity.registry import (
    EventKind,
    PopulationRegistry,
    RegistryUnavailable,
    population_registry,
)
from hoanhap.people.models import PopulationEventReport, PopulationEventStatus

logger = logging.getLogger(__name__)

# Far longer than any configured timeout of one call (HOANHAP_POPULATION_TIMEOUT_SECONDS).
CLAIM_LEASE = dt.timedelta(minutes=15)
DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class SendCounts:
    """What one run did: reports sent, attempts that failed, and reports still waiting afterwards."""

    sent: int
    failed: int
    pending: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _claim(report: PopulationEventReport, now: dt.datetime) -> bool:
    """Take the report for this sender; False if another sender took it since it was read."""
    claimed = PopulationEventReport.objects.filter(
        pk=report.pk, status=PopulationEventStatus.PENDING, claimed_at=report.claimed_at
    ).update(claimed_at=now, last_attempt_at=now, attempts=F("attempts") + 1)
    return claimed == 1


@transaction.atomic
def _record_sent(report: PopulationEventReport) -> None:
    # Whatever happened to the row meanwhile (a withdrawal, a claim taken over), the database has it now.
    PopulationEventReport.objects.filter(pk=report.pk).update(
        status=PopulationEventStatus.SENT, sent_at=timezone.now(), claimed_at=None, last_error=""
    )
    person = report.person
    audit_record(
        actor=None,
        action="people.identity.event_reported",
        obj=person,
        unit_path=person.unit_path,
        new={
            "report": report.pk,
            "kind": report.kind,
            "date": report.event_date,
            "details": report.details,
        },
    )


def _record_failure(report: PopulationEventReport, claimed_at: dt.datetime, error: Exception) -> None:
    # Only the class name: an error's message may quote the request, and this is shown on the page.
    PopulationEventReport.objects.filter(pk=report.pk, claimed_at=claimed_at).update(
        claimed_at=None, last_error=type(error).__name__[:100]
    )


def _sendable(now: dt.datetime) -> Q:
    return Q(status=PopulationEventStatus.PENDING) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    )


def population_events_send(
    *, limit: int = DEFAULT_LIMIT, registry: PopulationRegistry | None = None
) -> SendCounts:
    """Send up to ``limit`` pending reports, oldest first, through ``registry`` (by default the one the
    settings choose) and record each outcome.

    A report the database accepted becomes "sent" and is audited (``people.identity.event_reported``); one
    it could not take (``RegistryUnavailable``, or any other error, logged) stays pending with one more
    attempt and the error's class name, for the next run. Call it outside any transaction.
    """
    registry = registry if registry is not None else population_registry()
    now = timezone.now()
    candidates = list(
        PopulationEventReport.objects.filter(_sendable(now))
        .select_related("person")
        .order_by("created_at", "id")[:limit]
    )
    sent = failed = 0
    for report in candidates:
        claimed_at = timezone.now()
        if not _claim(report, claimed_at):
            continue
        try:
            registry.report_event(
                cast(EventKind, report.kind), report.cccd, report.event_date, report.details
            )
        except RegistryUnavailable as error:
            logger.warning("population event report %s not sent: %s", report.pk, error)
            _record_failure(report, claimed_at, error)
            failed += 1
        except Exception as error:
            # Not the database being away but something wrong with this report: keep it for a person to
            # look at, and go on with the others.
            logger.exception("population event report %s could not be sent", report.pk)
            _record_failure(report, claimed_at, error)
            failed += 1
        else:
            _record_sent(report)
            sent += 1
    pending = PopulationEventReport.objects.filter(status=PopulationEventStatus.PENDING).count()
    return SendCounts(sent=sent, failed=failed, pending=pending)
