"""Recording the services a person received, checked against the details their type requires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person
from hoanhap.provision.models import FundingSource, ServiceRecord, ServiceType
from hoanhap.provision.reach import require_record


@dataclass(frozen=True)
class ServiceData:
    service_type: ServiceType
    delivered_on: date
    provider: Agency | None = None
    cost: int | None = None
    funding_source: str = ""
    outcome: str = ""
    follow_up_on: date | None = None
    notes: str = ""


def service_data_problems(data: ServiceData, *, new_type: bool = True) -> list[ApplicationError]:
    """Every rule ``data`` breaks, each naming its field, in form order: the form and the API stop at the
    first (``_checked``), an imported list reports them all for its row."""
    kind = data.service_type
    problems = []
    if new_type and not kind.is_active:
        problems.append(ApplicationError(_("This service type is no longer in use."), field="service_type"))
    if data.delivered_on > timezone.localdate():
        problems.append(
            ApplicationError(_("The date of the service cannot be in the future."), field="delivered_on")
        )
    if data.cost is not None and data.cost < 0:
        problems.append(ApplicationError(_("Enter the cost in đồng, 0 or more."), field="cost"))
    if data.funding_source and data.funding_source not in FundingSource.values:
        problems.append(ApplicationError(_("Choose a funding source."), field="funding_source"))
    if data.follow_up_on is not None and data.follow_up_on < data.delivered_on:
        problems.append(
            ApplicationError(
                _("The follow-up date cannot be before the date of the service."), field="follow_up_on"
            )
        )
    missing = [
        (kind.needs_provider and data.provider is None, "provider", _("Choose the agency that provided it.")),
        (kind.needs_cost and data.cost is None, "cost", _("Enter the cost in đồng.")),
        (kind.needs_funding and not data.funding_source, "funding_source", _("Choose the funding source.")),
        (kind.needs_outcome and not data.outcome.strip(), "outcome", _("Enter the outcome.")),
        (kind.needs_follow_up and data.follow_up_on is None, "follow_up_on", _("Enter the follow-up date.")),
    ]
    problems.extend(
        ApplicationError(message, field=field, code="required")
        for is_missing, field, message in missing
        if is_missing
    )
    return problems


def _checked(data: ServiceData, *, new_type: bool) -> dict[str, Any]:
    """The values to store; the first rule broken raises, naming its field."""
    problems = service_data_problems(data, new_type=new_type)
    if problems:
        raise problems[0]
    return {
        "service_type": data.service_type,
        "delivered_on": data.delivered_on,
        "provider": data.provider,
        "cost": data.cost,
        "funding_source": data.funding_source,
        "outcome": " ".join(data.outcome.split()),
        "follow_up_on": data.follow_up_on,
        "notes": data.notes.strip(),
    }


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value.pk if hasattr(value, "pk") else value for name, value in values.items()}


@transaction.atomic
def service_record_create(*, actor: User, person: Person, data: ServiceData) -> ServiceRecord:
    """Record a service for ``person``: by an officer whose area covers the person, or by an agency
    reporter in their agency's domains and area. Audited as ``provision.service.recorded``."""
    require_record(actor, domain=data.service_type.domain, unit_path=person.unit_path)
    values = _checked(data, new_type=True)
    record = ServiceRecord(person=person, unit_path=person.unit_path, created_by=actor, **values)
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="provision.service.recorded",
        obj=record,
        unit_path=record.unit_path,
        new={"person": person.pk, **_audit_values(values)},
    )
    return record


@transaction.atomic
def service_record_update(*, actor: User, record: ServiceRecord, data: ServiceData) -> ServiceRecord:
    """Change a record; the actor must reach both its current and its new domain. Audited as
    ``provision.service.changed`` with the fields changed."""
    require_record(actor, domain=record.service_type.domain, unit_path=record.unit_path)
    require_record(actor, domain=data.service_type.domain, unit_path=record.unit_path)
    values = _checked(data, new_type=data.service_type.pk != record.service_type_id)
    old = _audit_values({name: getattr(record, name) for name in values})
    new = _audit_values(values)
    changed = [name for name in values if old[name] != new[name]]
    if not changed:
        return record
    for name in changed:
        setattr(record, name, values[name])
    record.full_clean()
    record.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="provision.service.changed",
        obj=record,
        unit_path=record.unit_path,
        old={name: old[name] for name in changed},
        new={name: new[name] for name in changed},
    )
    return record


@transaction.atomic
def service_record_delete(*, actor: User, record: ServiceRecord) -> None:
    """Remove a record entered by mistake. Audited as ``provision.service.removed`` with what it held."""
    require_record(actor, domain=record.service_type.domain, unit_path=record.unit_path)
    old = {
        "person": record.person_id,
        "service_type": record.service_type_id,
        "delivered_on": record.delivered_on,
        "provider": record.provider_id,
        "cost": record.cost,
        "funding_source": record.funding_source,
        "outcome": record.outcome,
    }
    audit_record(
        actor=actor, action="provision.service.removed", obj=record, unit_path=record.unit_path, old=old
    )
    record.delete()
