"""Checking a person's identity against the national population database."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.identity.comparison import record_differences
from hoanhap.people.identity.registry import RegistryUnavailable, population_registry
from hoanhap.people.models import IdentityCheck, Person

logger = logging.getLogger(__name__)


def identity_verify(*, actor: Any, person: Person) -> IdentityCheck:
    """Look the person's citizen ID up in the population database and record what was found.

    The caller fetched ``person`` through ``access_person`` (in the actor's scope). The outcome is
    "matched", "differences" (with each differing field), "not_found", or "unavailable" when the database
    cannot answer: a network failure is an outcome to show, never an error. Only a person without a
    citizen ID is refused, with an ``ApplicationError``.

    The look-up runs before the transaction opens: on SQLite a write transaction holds the database lock,
    and other users must not wait for a remote service (up to the configured timeout).
    """
    if not person.cccd:
        raise ApplicationError(
            _("This person has no citizen ID, so the population database cannot be searched."),
            field="cccd",
            code="no_cccd",
        )
    registry = population_registry()
    differences: dict[str, dict[str, Any]] = {}
    try:
        record = registry.lookup(person.cccd)
    except RegistryUnavailable as error:
        logger.warning("identity check of person %s: population database unavailable (%s)", person.pk, error)
        outcome = IdentityCheck.Outcome.UNAVAILABLE
    else:
        if record is None:
            outcome = IdentityCheck.Outcome.NOT_FOUND
        else:
            differences = record_differences(person, record)
            outcome = IdentityCheck.Outcome.DIFFERENCES if differences else IdentityCheck.Outcome.MATCHED
    return _identity_check_record(
        actor=actor, person=person, source=registry.source, outcome=outcome, differences=differences
    )


@transaction.atomic
def _identity_check_record(
    *, actor: Any, person: Person, source: str, outcome: str, differences: dict[str, dict[str, Any]]
) -> IdentityCheck:
    check = IdentityCheck(
        person=person, checked_by=actor, source=source, outcome=outcome, differences=differences
    )
    check.full_clean(exclude=["person", "checked_by"])
    check.save()
    audit_record(
        actor=actor,
        action="people.identity.verified",
        obj=person,
        unit_path=person.unit_path,
        new={"source": source, "outcome": outcome, "differences": differences, "check": check.pk},
    )
    return check
