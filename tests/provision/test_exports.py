from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.models import AuditEvent
from hoanhap.provision.activities import (
    activity_head_counts_record,
    activity_participant_add_family,
    activity_participant_add_person,
    activity_participant_add_staff,
)
from hoanhap.provision.exports import activities_workbook, service_records_workbook
from hoanhap.provision.models import Domain, FundingSource, ServiceType
from hoanhap.provision.services import service_record_create
from tests.factories import DONG_DANG, make_person, unit
from tests.provision.test_activities import YEAR, training
from tests.provision.test_services import rehab

pytestmark = pytest.mark.django_db


def sheet_rows(content: bytes, sheet: int = 0) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[sheet].iter_rows(values_only=True))


def exported_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="people.persons.exported").order_by("id"))


def exported_values(event: AuditEvent) -> dict[str, Any]:
    assert event.new_values is not None
    return dict(event.new_values)


def test_services_of_the_period_are_exported_with_formulas_neutralised_and_audited(
    commune_user: User,
    province_user: User,
    rehabilitation: ServiceType,
    legal_aid: ServiceType,
    health_centre: Agency,
) -> None:
    anh = make_person(None)
    binh = make_person(None, full_name="Hoàng Văn Bình", birth_year=2010)
    service_record_create(
        actor=commune_user,
        person=anh,
        data=rehab(
            health_centre,
            rehabilitation,
            outcome='=HYPERLINK("http://x")',
            cost=1_500_000,
            funding_source=FundingSource.STATE_BUDGET,
            follow_up_on=date(2025, 6, 1),
        ),
    )
    service_record_create(
        actor=commune_user, person=binh, data=rehab(health_centre, legal_aid, delivered_on=date(2025, 2, 1))
    )
    service_record_create(  # before the period
        actor=commune_user, person=binh, data=rehab(health_centre, legal_aid, delivered_on=date(2024, 12, 31))
    )
    with translation.override("en"):
        content = service_records_workbook(viewer=province_user, start=YEAR[0], end=YEAR[1])
    header, *rows = sheet_rows(content)
    assert header[:3] == ("Date", "Full name", "Year of birth")
    assert rows == [
        (
            "2025-02-01",
            "Hoàng Văn Bình",
            2010,
            "Xã Bắc Sơn",
            "Legal aid",
            "Trợ giúp pháp lý miễn phí",
            "Trạm Y tế xã Bắc Sơn",
            None,
            None,
            "Đi lại được",
            None,
        ),
        (
            "2025-03-04",
            "Đặng Thị Ánh",
            1975,
            "Xã Bắc Sơn",
            "Health and rehabilitation",
            "Phục hồi chức năng",
            "Trạm Y tế xã Bắc Sơn",
            1_500_000,
            "State budget",
            '\'=HYPERLINK("http://x")',
            "2025-06-01",
        ),
    ]
    [event] = exported_events()
    assert event.actor_username == province_user.username
    values = exported_values(event)
    assert (values["rows"], values["ids"]) == (2, sorted([anh.pk, binh.pk]))
    assert values["filters"] == {"start": "2025-01-01", "end": "2025-12-31", "unit": ""}


def test_an_agency_reporter_exports_only_their_domains_services(
    commune_user: User,
    agency_user: User,
    rehabilitation: ServiceType,
    legal_aid: ServiceType,
    health_centre: Agency,
) -> None:
    person = make_person(None)
    service_record_create(actor=commune_user, person=person, data=rehab(health_centre, rehabilitation))
    service_record_create(actor=commune_user, person=person, data=rehab(health_centre, legal_aid))
    _header, *rows = sheet_rows(service_records_workbook(viewer=agency_user, start=YEAR[0], end=YEAR[1]))
    assert [row[5] for row in rows] == ["Phục hồi chức năng"]


def test_an_area_narrows_the_services_exported(
    province_user: User, rehabilitation: ServiceType, health_centre: Agency
) -> None:
    service_record_create(
        actor=province_user, person=make_person(None), data=rehab(health_centre, rehabilitation)
    )
    elsewhere = make_person(None, full_name="Lý Thị Cúc", commune=unit(DONG_DANG))
    service_record_create(actor=province_user, person=elsewhere, data=rehab(health_centre, rehabilitation))
    content = service_records_workbook(viewer=province_user, start=YEAR[0], end=YEAR[1], unit=unit(DONG_DANG))
    assert [row[1] for row in sheet_rows(content)[1:]] == ["Lý Thị Cúc"]
    assert exported_events()[-1].unit_path == unit(DONG_DANG).path


def test_the_services_export_takes_a_fixed_number_of_queries(
    province_user: User,
    rehabilitation: ServiceType,
    health_centre: Agency,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(6):
        person = make_person(None, full_name=f"Người Số {number}")
        service_record_create(actor=province_user, person=person, data=rehab(health_centre, rehabilitation))
    # The records with their persons, communes, types and providers; the audit event.
    with django_assert_max_num_queries(2):
        content = service_records_workbook(viewer=province_user, start=YEAR[0], end=YEAR[1])
    assert len(sheet_rows(content)) == 7


def test_activities_are_exported_with_their_counts_and_a_sheet_of_participants(
    commune_user: User, health_centre: Agency
) -> None:
    activity = training(commune_user, title="=cmd|' /C calc'!A0")
    person = make_person(None)
    activity_participant_add_person(actor=commune_user, activity=activity, person=person)
    activity_participant_add_family(
        actor=commune_user, activity=activity, full_name="Đặng Văn Cường", sex="male", cared_for=person
    )
    activity_participant_add_staff(
        actor=commune_user, activity=activity, full_name="Lê Văn An", sex="male", agency=health_centre
    )
    activity_head_counts_record(
        actor=commune_user,
        activity=activity,
        counts={("pwd", "male"): 3, ("pwd", "female"): 4, ("staff", "male"): 2},
    )
    training(commune_user, title="Không ai dự", held_on=date(2025, 9, 1))
    training(commune_user, title="Năm trước", held_on=date(2024, 9, 1))
    with translation.override("en"):
        content = activities_workbook(viewer=commune_user, start=YEAR[0], end=YEAR[1])
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == ["Activities", "Participants"]
    header, first, second = sheet_rows(content)
    assert header[7:] == (
        "Persons with disabilities (named)",
        "Family members or carers (named)",
        "Staff members or collaborators (named)",
        "Persons with disabilities (counted without names)",
        "Family members or carers (counted without names)",
        "Staff members or collaborators (counted without names)",
    )
    assert first[:2] == ("2025-05-06", "'=cmd|' /C calc'!A0")
    assert first[7:] == (1, 1, 1, 7, 0, 2)
    assert second[1] == "Không ai dự"
    assert second[7:] == (0, 0, 0, 0, 0, 0)
    _header, *participants = sheet_rows(content, sheet=1)
    assert [(row[2], row[3], row[7]) for row in participants] == [
        ("Family member or carer", "Đặng Văn Cường", "Đặng Thị Ánh"),
        ("Person with disabilities", "Đặng Thị Ánh", None),
        ("Staff member or collaborator", "Lê Văn An", None),
    ]
    assert participants[1][5:7] == (1975, "Xã Bắc Sơn")
    assert participants[2][9] == "Trạm Y tế xã Bắc Sơn"
    [event] = exported_events()
    values = exported_values(event)
    assert (values["activities"], values["rows"], values["ids"]) == (2, 3, [person.pk])


def test_an_agency_reporter_exports_only_their_domains_activities(
    agency_user: User, commune_user: User
) -> None:
    training(agency_user, title="Khám sàng lọc", domain=Domain.HEALTH)
    training(commune_user, title="Trợ giúp pháp lý", domain=Domain.LEGAL_AID)
    content = activities_workbook(viewer=agency_user, start=YEAR[0], end=YEAR[1])
    assert [row[1] for row in sheet_rows(content)[1:]] == ["Khám sàng lọc"]


def test_the_activities_export_takes_a_fixed_number_of_queries(
    province_user: User, django_assert_max_num_queries: Any
) -> None:
    for day in range(1, 7):
        activity = training(province_user, held_on=date(2025, 3, day))
        activity_participant_add_person(
            actor=province_user, activity=activity, person=make_person(None, full_name=f"Người Số {day}")
        )
        activity_participant_add_staff(
            actor=province_user, activity=activity, full_name=f"Cán bộ {day}", sex="male"
        )
        activity_head_counts_record(
            actor=province_user, activity=activity, counts={("family", "female"): day}
        )
    # The activities with their head-counts; the participants; the audit event.
    with django_assert_max_num_queries(3):
        content = activities_workbook(viewer=province_user, start=YEAR[0], end=YEAR[1])
    assert len(sheet_rows(content)) == 7
    assert len(sheet_rows(content, sheet=1)) == 13
