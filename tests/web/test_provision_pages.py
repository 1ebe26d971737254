"""The service and activity pages: the catalogue, recording a service on a person's page, activities with
their participants and head-counts, the figures of a unit, and where the navigation offers them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.models import AuditEvent
from hoanhap.people.models import Person
from hoanhap.provision.models import Activity, AggregateEntry, Participant, ServiceRecord, ServiceType
from tests.factories import DONG_DANG, make_person, signed_in, unit
from tests.provision.builders import health_talk
from tests.web.test_persons_pages import english

pytestmark = pytest.mark.django_db


def service_url(person: Person) -> str:
    return reverse("web:person_service_create", kwargs={"person_id": person.pk})


def day_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def service_form(service_type: ServiceType, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "service_type": str(service_type.pk),
        **day_fields("delivered_on", date(2025, 6, 2)),
    }
    data.update(overrides)
    return data


def test_an_administrator_adds_a_type_and_sees_the_error_summary_first(admin_user: User) -> None:
    client = english(admin_user)
    create = reverse("web:provision_type_create")
    refused = client.post(create, {"domain": "transport", "name": "Thẻ xe buýt", "code": "Bus card!"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_code"' in page
    response = client.post(
        create,
        {
            "domain": "transport",
            "name": "Thẻ xe buýt",
            "code": "bus-card",
            "is_active": "on",
            "needs_cost": "on",
        },
    )
    assert response.status_code == 302
    created = ServiceType.objects.get(code="bus-card")
    assert created.needs_cost
    assert not created.needs_provider
    catalogue = client.get(reverse("web:provision_catalogue")).content.decode()
    assert "Thẻ xe buýt" in catalogue
    assert reverse("web:provision_type_edit", kwargs={"type_id": created.pk}) in catalogue
    edit = reverse("web:provision_type_edit", kwargs={"type_id": created.pk})
    client.post(edit, {"domain": "transport", "name": "Thẻ xe buýt", "code": "bus-card"})
    created.refresh_from_db()
    assert not created.is_active


def test_a_service_missing_a_required_detail_is_shown_on_its_field_then_recorded(
    commune_user: User, agency_user: User
) -> None:
    person = make_person(None)
    rehabilitation = ServiceType.objects.get(code="rehabilitation")
    client = english(commune_user)
    refused = client.post(service_url(person), service_form(rehabilitation, outcome="Đi lại được"))
    page = refused.content.decode()
    assert 'href="#id_provider"' in page
    assert "Choose the agency that provided it." in page
    assert not ServiceRecord.objects.exists()
    agency: Agency = agency_user.agency
    response = client.post(
        service_url(person), service_form(rehabilitation, outcome="Đi lại được", provider=str(agency.pk))
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#services")
    detail = client.get(reverse("web:person_detail", kwargs={"person_id": person.pk})).content.decode()
    assert 'id="services"' in detail
    assert "Phục hồi chức năng" in detail
    assert agency.name in detail


def test_an_agency_reporter_is_offered_only_their_domains_and_area(
    agency_user: User, commune_user: User
) -> None:
    person = make_person(None)
    client = english(agency_user)
    page = client.get(service_url(person)).content.decode()
    assert "Phục hồi chức năng" in page  # health
    assert "Trợ giúp pháp lý miễn phí" not in page  # legal aid
    legal = ServiceType.objects.get(code="legal-aid")
    refused = client.post(
        service_url(person), service_form(legal, provider=str(agency_user.agency_id), outcome="x")
    )
    assert "Choose the service." in refused.content.decode()
    assert not ServiceRecord.objects.exists()
    elsewhere = make_person(None, commune=unit(DONG_DANG))
    assert client.get(service_url(elsewhere)).status_code == 404
    # A legal-aid record by the commune is not shown to the health station's reporter.
    english(commune_user).post(
        service_url(person), service_form(legal, provider=str(agency_user.agency_id), outcome="Tư vấn")
    )
    assert ServiceRecord.objects.count() == 1
    detail = client.get(reverse("web:person_detail", kwargs={"person_id": person.pk})).content.decode()
    assert "Trợ giúp pháp lý miễn phí" not in detail
    assert (
        "Trợ giúp pháp lý miễn phí"
        in english(commune_user)
        .get(reverse("web:person_detail", kwargs={"person_id": person.pk}))
        .content.decode()
    )


def test_an_activity_is_recorded_and_its_participants_counted(commune_user: User) -> None:
    client = english(commune_user)
    refused = client.post(reverse("web:activity_create"), {"title": ""})
    assert "There is a problem" in refused.content.decode()
    response = client.post(
        reverse("web:activity_create"),
        {
            "title": "Tập huấn",
            "domain": "awareness",
            "kind": "training",
            "unit": "06325",
            **day_fields("held_on", date(2025, 5, 6)),
        },
    )
    activity = Activity.objects.get()
    assert response["Location"] == reverse("web:activity_detail", kwargs={"activity_id": activity.pk})
    add = reverse("web:activity_participant_add", kwargs={"activity_id": activity.pk})
    child = make_person(None, full_name="Vi Văn Sáng")
    found = client.get(
        reverse("web:activity_detail", kwargs={"activity_id": activity.pk}), {"q": "vi van sang"}
    )
    assert f'name="person" value="{child.pk}"' in found.content.decode()
    assert client.post(add, {"kind": "pwd", "person": child.pk}).status_code == 302
    again = client.post(add, {"kind": "pwd", "person": child.pk})
    assert "already a participant" in again.content.decode()
    client.post(
        add, {"kind": "family", "cared_for": child.pk, "family_name": "Hoàng Thị Lan", "family_sex": "female"}
    )
    missing = client.post(add, {"kind": "staff", "staff_name": "", "staff_sex": "male"})
    assert 'href="#id_staff_name"' in missing.content.decode()
    client.post(add, {"kind": "staff", "staff_name": "Lê Văn An", "staff_sex": "male", "position": "Cán bộ"})
    heads = reverse("web:activity_head_counts", kwargs={"activity_id": activity.pk})
    client.post(heads, {"staff_female": "4", "family_male": "", "pwd_male": "2"})
    assert sorted(Participant.objects.values_list("kind", flat=True)) == ["family", "pwd", "staff"]
    listing = client.get(reverse("web:activity_list"), {"year": "2025"}).content.decode()
    assert "Tập huấn" in listing
    assert "Participants in 2025: 1 activity" in listing
    assert AuditEvent.objects.filter(action="provision.activity.viewed").exists()


def test_an_activity_of_another_area_is_not_found(commune_user: User, other_commune_user: User) -> None:
    activity = health_talk(commune_user)
    client = signed_in(other_commune_user)
    assert client.get(reverse("web:activity_detail", kwargs={"activity_id": activity.pk})).status_code == 404
    add = reverse("web:activity_participant_add", kwargs={"activity_id": activity.pk})
    assert client.post(add, {"kind": "staff", "staff_name": "X", "staff_sex": "male"}).status_code == 404
    assert "Truyền thông" not in client.get(reverse("web:activity_list"), {"year": "2025"}).content.decode()


def test_the_figures_of_a_unit_are_recorded_once_per_period(commune_user: User) -> None:
    client = english(commune_user)
    url = reverse("web:aggregate_entries")
    data = {"unit": "06325", "year": "2025", "quarter": "0", "staff_on_disability": "12"}
    first = client.post(url, data)
    assert first.status_code == 302
    client.post(url, {**data, "staff_on_disability": "15"})
    assert list(AggregateEntry.objects.values_list("value", flat=True)) == [15]
    prefilled = client.get(first["Location"]).content.decode()
    assert 'value="15"' in prefilled
    outside = client.post(url, {**data, "unit": DONG_DANG})
    assert "This unit is outside your area." in outside.content.decode()


def test_the_navigation_offers_what_each_role_may_use(
    admin_user: User, agency_user: User, commune_user: User, viewer_user: User
) -> None:
    links = {
        "activities": reverse("web:activity_list"),
        "figures": reverse("web:aggregate_entries"),
        "catalogue": reverse("web:provision_catalogue"),
    }

    def offered(user: User) -> set[str]:
        page = signed_in(user).get(reverse("web:home")).content.decode()
        return {name for name, link in links.items() if f'href="{link}"' in page}

    assert offered(admin_user) == {"activities", "figures", "catalogue"}
    assert offered(commune_user) == {"activities", "figures"}
    assert offered(agency_user) == {"activities"}
    assert offered(viewer_user) == set()
