"""Recording, inside a change's transaction, the deaths and moves to report to the population database.

``person_set_status`` and ``person_move`` call these; ``people.identity.delivery`` sends what they record.

What is reported:

* a death, when a person with a citizen ID becomes deceased (from any other status), on the date given;
  correcting only the date of a recorded death reports nothing (the database has no "correction" event);
* a move, when a person with a citizen ID is moved to another commune, on the day the move is recorded,
  with the new commune's code;
* nothing for a person without a citizen ID (the database knows citizens by that ID only), nor for the
  status "moved away" (it names no commune).

A death corrected back (the person is set to another status) withdraws its report if it has not been sent
yet; one already sent stays sent: the database's events have no correction, so nothing is sent about it
and the commune corrects it with the population authority directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from hoanhap.people.models import (
    Person,
    PopulationEventKind,
    PopulationEventReport,
    PopulationEventStatus,
)
from hoanhap.people.tasks import population_events_send_task


def _send_after_commit() -> None:
    # After commit: the worker must find the row, and a rolled-back change must send nothing.
    transaction.on_commit(population_events_send_task.enqueue)


def population_event_record(
    *, actor: Any, person: Person, kind: PopulationEventKind, date: dt.date, details: Mapping[str, str]
) -> PopulationEventReport | None:
    """Record that ``person`` died or moved and have it sent once the caller's transaction commits.

    Must run inside the transaction of the change itself. Returns None, recording nothing, when the person
    has no citizen ID.
    """
    if not person.cccd:
        return None
    report = PopulationEventReport.objects.create(
        person=person,
        kind=kind,
        event_date=date,
        cccd=person.cccd,
        details=dict(details),
        created_by=actor,
    )
    _send_after_commit()
    return report


def population_events_withdraw(*, person: Person, kind: PopulationEventKind) -> int:
    """Withdraw the person's reports of this kind not sent yet; the number withdrawn.

    A report a sender is delivering at this very moment is withdrawn too; should that delivery succeed,
    the sender records it as sent all the same (it was), so the page never hides what the database got.
    """
    return PopulationEventReport.objects.filter(
        person=person, kind=kind, status=PopulationEventStatus.PENDING
    ).update(status=PopulationEventStatus.WITHDRAWN)
