from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.provision.models import FundingSource, ServiceRecord, ServiceType
from hoanhap.provision.selectors import person_service_history, service_records
from hoanhap.provision.services import (
    ServiceData,
    service_record_create,
    service_record_delete,
    service_record_update,
)
from tests.factories import DONG_DANG, make_person, unit

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 4)


def rehab(provider: Agency | None, kind: ServiceType, **overrides: object) -> ServiceData:
    values: dict[str, object] = {
        "service_type": kind,
        "delivered_on": DAY,
        "provider": provider,
        "outcome": "Đi lại được",
    }
    values.update(overrides)
    return ServiceData(**values)  # type: ignore[arg-type]


def test_the_details_a_type_requires_are_enforced_field_by_field(
    commune_user: User, rehabilitation: ServiceType, health_centre: Agency
) -> None:
    person = make_person(None)
    with translation.override("en"):
        with pytest.raises(ApplicationError) as error:
            service_record_create(actor=commune_user, person=person, data=rehab(None, rehabilitation))
        assert (error.value.field, str(error.value.message)) == (
            "provider",
            "Choose the agency that provided it.",
        )
        with pytest.raises(ApplicationError) as error:
            service_record_create(
                actor=commune_user, person=person, data=rehab(health_centre, rehabilitation, outcome=" ")
            )
        assert error.value.field == "outcome"
    loan = ServiceType.objects.get(code="preferential-loan")
    with pytest.raises(ApplicationError) as error:
        service_record_create(actor=commune_user, person=person, data=rehab(health_centre, loan))
    assert error.value.field == "cost"
    record = service_record_create(
        actor=commune_user, person=person, data=rehab(health_centre, loan, cost=30_000_000)
    )
    assert record.unit_path == person.unit_path
    assert record.cost == 30_000_000
    # A type that requires nothing takes a date alone.
    sport = ServiceType.objects.get(code="sport")
    service_record_create(
        actor=commune_user, person=person, data=ServiceData(service_type=sport, delivered_on=DAY)
    )


def test_a_retired_type_and_a_future_date_are_refused(
    commune_user: User, rehabilitation: ServiceType, health_centre: Agency
) -> None:
    person = make_person(None)
    with pytest.raises(ApplicationError) as error:
        service_record_create(
            actor=commune_user,
            person=person,
            data=rehab(health_centre, rehabilitation, delivered_on=date(2999, 1, 1)),
        )
    assert error.value.field == "delivered_on"
    ServiceType.objects.filter(pk=rehabilitation.pk).update(is_active=False)
    rehabilitation.refresh_from_db()
    with pytest.raises(ApplicationError) as error:
        service_record_create(actor=commune_user, person=person, data=rehab(health_centre, rehabilitation))
    assert error.value.field == "service_type"


def test_an_agency_reporter_records_in_their_domain_and_area_only(
    agency_user: User,
    rehabilitation: ServiceType,
    legal_aid: ServiceType,
    health_centre: Agency,
) -> None:
    here, elsewhere = make_person(None), make_person(None, commune=unit(DONG_DANG))
    allowed = service_record_create(actor=agency_user, person=here, data=rehab(health_centre, rehabilitation))
    assert allowed.created_by == agency_user
    with pytest.raises(PermissionDenied):  # legal aid is the justice office's
        service_record_create(actor=agency_user, person=here, data=rehab(health_centre, legal_aid))
    with pytest.raises(PermissionDenied):  # out of the health station's commune
        service_record_create(actor=agency_user, person=elsewhere, data=rehab(health_centre, rehabilitation))


def test_an_agency_reporter_sees_only_the_records_of_their_domains_and_area(
    agency_user: User,
    commune_user: User,
    province_user: User,
    rehabilitation: ServiceType,
    legal_aid: ServiceType,
    health_centre: Agency,
) -> None:
    person = make_person(None)
    health = service_record_create(
        actor=commune_user, person=person, data=rehab(health_centre, rehabilitation)
    )
    justice = service_record_create(actor=commune_user, person=person, data=rehab(health_centre, legal_aid))
    other = make_person(None, commune=unit(DONG_DANG))
    elsewhere = service_record_create(
        actor=province_user, person=other, data=rehab(health_centre, rehabilitation)
    )
    assert list(service_records(viewer=agency_user)) == [health]
    assert [r.pk for r in person_service_history(viewer=agency_user, person=person)] == [health.pk]
    assert {r.pk for r in person_service_history(viewer=commune_user, person=person)} == {
        health.pk,
        justice.pk,
    }
    assert set(service_records(viewer=commune_user)) == {health, justice}
    assert set(service_records(viewer=province_user)) == {health, justice, elsewhere}
    with pytest.raises(PermissionDenied):  # and cannot change or remove what they do not see
        service_record_delete(actor=agency_user, record=justice)


def test_a_persons_history_across_domains_is_one_query(
    commune_user: User,
    rehabilitation: ServiceType,
    legal_aid: ServiceType,
    health_centre: Agency,
    django_assert_max_num_queries: object,
) -> None:
    person = make_person(None)
    for kind in (rehabilitation, legal_aid, rehabilitation):
        service_record_create(actor=commune_user, person=person, data=rehab(health_centre, kind))
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        history = person_service_history(viewer=commune_user, person=person)
        names = [
            (record.service_type.domain, record.provider.name if record.provider else "")
            for record in history
        ]
    assert len(names) == 3


def test_create_change_and_remove_are_audited(
    commune_user: User, rehabilitation: ServiceType, health_centre: Agency
) -> None:
    person = make_person(None)
    record = service_record_create(
        actor=commune_user, person=person, data=rehab(health_centre, rehabilitation)
    )
    service_record_update(
        actor=commune_user,
        record=record,
        data=rehab(
            health_centre, rehabilitation, cost=150_000, funding_source=FundingSource.CHILD_PROTECTION_FUND
        ),
    )
    changed = AuditEvent.objects.get(action="provision.service.changed")
    assert changed.old_values == {"cost": None, "funding_source": ""}
    assert changed.new_values == {"cost": 150_000, "funding_source": "child_protection_fund"}
    service_record_delete(actor=commune_user, record=record)
    assert not ServiceRecord.objects.exists()
    recorded = AuditEvent.objects.get(action="provision.service.recorded")
    assert recorded.new_values["person"] == person.pk
    assert recorded.unit_path == person.unit_path
    removed = AuditEvent.objects.get(action="provision.service.removed")
    assert removed.old_values["service_type"] == rehabilitation.pk
