from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role, role_has
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.provision.catalogue import ServiceTypeData, service_type_create, service_type_update
from hoanhap.provision.models import Domain, ServiceType

pytestmark = pytest.mark.django_db


def test_only_administrators_manage_the_catalogue() -> None:
    assert [role for role in Role if role_has(role, "provision.catalogue.manage")] == [Role.ADMIN]


def test_the_migration_seeds_types_in_every_domain() -> None:
    seeded = set(ServiceType.objects.values_list("domain", flat=True))
    assert seeded == set(Domain.values)
    loan = ServiceType.objects.get(code="preferential-loan")
    assert loan.domain == Domain.LIVELIHOOD
    assert loan.needs_cost
    assert loan.needs_provider


def test_an_administrator_adds_and_changes_a_type_audited(admin_user: User) -> None:
    data = ServiceTypeData(
        domain=Domain.TRANSPORT, name="  Thẻ  đi xe buýt ", code="Bus-Card", needs_cost=True
    )
    created = service_type_create(actor=admin_user, data=data)
    assert (created.name, created.code, created.needs_cost) == ("Thẻ đi xe buýt", "bus-card", True)
    service_type_update(
        actor=admin_user,
        service_type=created,
        data=ServiceTypeData(
            domain=Domain.TRANSPORT, name="Thẻ đi xe buýt", code="bus-card", is_active=False
        ),
    )
    created.refresh_from_db()
    assert not created.is_active
    assert not created.needs_cost
    changed = AuditEvent.objects.get(action="provision.service_type.changed")
    assert changed.old_values == {"is_active": True, "needs_cost": True}
    assert AuditEvent.objects.filter(action="provision.service_type.added").count() == 1


def test_a_code_is_unique_and_others_may_not_manage(admin_user: User, province_user: User) -> None:
    data = ServiceTypeData(domain=Domain.HEALTH, name="x", code="rehabilitation")
    with pytest.raises(ApplicationError) as error:
        service_type_create(actor=admin_user, data=data)
    assert error.value.field == "code"
    with pytest.raises(PermissionDenied):
        service_type_create(
            actor=province_user, data=ServiceTypeData(domain=Domain.HEALTH, name="x", code="x")
        )
