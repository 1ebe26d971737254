"""The service catalogue: administrators add and change service types under the ten domains."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.provision.models import Domain, ServiceType

MANAGE_CATALOGUE = "provision.catalogue.manage"
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class ServiceTypeData:
    domain: str
    name: str
    code: str
    is_active: bool = True
    needs_provider: bool = False
    needs_cost: bool = False
    needs_funding: bool = False
    needs_outcome: bool = False
    needs_follow_up: bool = False


def _checked(data: ServiceTypeData, *, excluding: int | None = None) -> dict[str, Any]:
    values = asdict(data)
    values["name"] = " ".join(data.name.split())
    values["code"] = data.code.strip().lower()
    if data.domain not in Domain.values:
        raise ApplicationError(_("Choose the domain of the service."), field="domain")
    if not values["name"]:
        raise ApplicationError(_("Enter the name of the service."), field="name")
    if not CODE_PATTERN.match(values["code"]):
        raise ApplicationError(
            _("Enter a code of lower-case letters, digits, hyphens and underscores."), field="code"
        )
    taken = ServiceType.objects.filter(code=values["code"])
    if excluding is not None:
        taken = taken.exclude(pk=excluding)
    if taken.exists():
        raise ApplicationError(_("Another service type has this code."), field="code")
    return values


@transaction.atomic
def service_type_create(*, actor: Any, data: ServiceTypeData) -> ServiceType:
    """Add a type to the catalogue. Audited as ``provision.service_type.added``."""
    if not actor.has_capability(MANAGE_CATALOGUE):
        raise PermissionDenied
    values = _checked(data)
    service_type = ServiceType(**values)
    service_type.full_clean()
    service_type.save()
    audit_record(actor=actor, action="provision.service_type.added", obj=service_type, new=values)
    return service_type


@transaction.atomic
def service_type_update(*, actor: Any, service_type: ServiceType, data: ServiceTypeData) -> ServiceType:
    """Change a type. Its domain stays once services of it are recorded: they were counted under it.
    Audited as ``provision.service_type.changed`` with the old and new values."""
    if not actor.has_capability(MANAGE_CATALOGUE):
        raise PermissionDenied
    values = _checked(data, excluding=service_type.pk)
    if values["domain"] != service_type.domain and service_type.records.exists():
        raise ApplicationError(
            _("Services of this type are recorded: its domain cannot change."), field="domain"
        )
    old = {name: getattr(service_type, name) for name in values}
    changed = [name for name, value in values.items() if old[name] != value]
    if not changed:
        return service_type
    for name in changed:
        setattr(service_type, name, values[name])
    service_type.full_clean()
    service_type.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="provision.service_type.changed",
        obj=service_type,
        old={name: old[name] for name in changed},
        new={name: values[name] for name in changed},
    )
    return service_type


def catalogue(*, domains: frozenset[str] | None = None, active_only: bool = False) -> QuerySet[ServiceType]:
    """Service types ordered by domain and name; limited to ``domains`` when given."""
    types = ServiceType.objects.all()
    if domains is not None:
        types = types.filter(domain__in=sorted(domains))
    if active_only:
        types = types.filter(is_active=True)
    return types.order_by("domain", "name")
