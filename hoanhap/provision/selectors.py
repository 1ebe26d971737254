"""Reading service records: within the viewer's area, and for agency reporters their domains only."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.audit.services import audit_record
from hoanhap.core.scope import subtree_q
from hoanhap.people.models import Person
from hoanhap.provision.models import ServiceRecord
from hoanhap.provision.reach import reach_q


def service_records(*, viewer: User) -> QuerySet[ServiceRecord]:
    """Every service record the viewer may see, with its type, provider and person in the same query."""
    return (
        ServiceRecord.objects.filter(
            reach_q(viewer, path_field="unit_path", domain_field="service_type__domain")
        )
        .select_related("service_type", "provider", "person")
        .order_by("-delivered_on", "-id")
    )


def filtered_service_records(
    *,
    viewer: User,
    person_id: int | None = None,
    domain: str = "",
    start: date | None = None,
    end: date | None = None,
    unit_path: str = "",
    service_type_id: int | None = None,
) -> QuerySet[ServiceRecord]:
    """The viewer's service records, narrowed to a person, a domain, a period (either end optional), a
    unit's subtree (``unit_path``) and a service type."""
    records = service_records(viewer=viewer)
    if person_id is not None:
        records = records.filter(person_id=person_id)
    if unit_path:
        records = records.filter(subtree_q("unit_path", unit_path))
    if service_type_id is not None:
        records = records.filter(service_type_id=service_type_id)
    if domain:
        records = records.filter(service_type__domain=domain)
    if start is not None:
        records = records.filter(delivered_on__gte=start)
    if end is not None:
        records = records.filter(delivered_on__lte=end)
    return records


def person_service_history(*, viewer: User, person: Person) -> list[ServiceRecord]:
    """The person's services across domains, newest first, in one query. The caller fetched the person
    in scope (and recorded that read); records follow the person when they move, so the area test is
    the person's, and an agency reporter sees only their agency's domains."""
    records = ServiceRecord.objects.filter(person=person).select_related("service_type", "provider")
    if viewer.role == Role.AGENCY:
        records = records.filter(
            reach_q(viewer, path_field="person__unit_path", domain_field="service_type__domain")
        )
    return list(records.order_by("-delivered_on", "-id"))


def access_service_record(*, viewer: User, record_id: int) -> ServiceRecord:
    """The record if the viewer may see it; ``ServiceRecord.DoesNotExist`` (a 404) otherwise."""
    return service_records(viewer=viewer).get(pk=record_id)


def record_service_list_read(
    *, viewer: User, records: list[ServiceRecord], filters: dict[str, object]
) -> None:
    """A list of services names persons: the ids shown are recorded as ``provision.service.listed``."""
    audit_record(
        actor=viewer,
        action="provision.service.listed",
        object_type="provision.servicerecord",
        new={"ids": [record.pk for record in records], "filters": filters},
    )
