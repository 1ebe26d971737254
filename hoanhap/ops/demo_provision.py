"""Demo data for the services and activities of the demo commune: services its persons received this year
and last, a training and a sport event with their participants, and the commune's figures entered by hand,
so that the plans' indicators and the dashboards show figures computed from records.

Recorded through the services, as the commune officer and the agencies would. Which person receives what is
decided by the person's id alone (no randomness), so two demos built alike show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, PersonStatus, Sex
from hoanhap.provision.activities import (
    ActivityData,
    activity_create,
    activity_participant_add_family,
    activity_participant_add_person,
    activity_participant_add_staff,
)
from hoanhap.provision.aggregates import aggregate_entries_record
from hoanhap.provision.models import (
    ActivityKind,
    AggregateMetric,
    Domain,
    FundingSource,
    ServiceRecord,
    ServiceType,
)
from hoanhap.provision.services import ServiceData, service_record_create


@dataclass(frozen=True)
class _DemoService:
    code: str
    every: int  # one person in this many receives it
    provider: str = ""  # the agency's name, when the type requires one
    outcome: str = ""
    cost: int | None = None
    funding: str = ""


SERVICES = (
    _DemoService("health-check", 2, "Trạm Y tế xã Bắc Sơn", "Đã khám, tư vấn chăm sóc"),
    _DemoService("rehabilitation", 4, "Trạm Y tế xã Bắc Sơn", "Cải thiện vận động"),
    _DemoService("sport", 9),
    _DemoService("culture", 11),
    _DemoService("legal-aid", 13, "Sở Tư pháp tỉnh Lạng Sơn", "Được tư vấn pháp luật"),
    _DemoService(
        "preferential-loan", 17, "Ngân hàng Chính sách xã hội chi nhánh tỉnh Lạng Sơn", cost=30_000_000
    ),
    _DemoService("women-support", 19, outcome="Được hỗ trợ sinh kế"),
    _DemoService("counselling", 7, funding=FundingSource.COMMUNE),
)


def demo_provision(*, officer: User, commune: AdminUnit) -> int:
    """Services, activities and figures for ``commune``, only when none is recorded there yet (running the
    demo again adds nothing); how many services were recorded."""
    if ServiceRecord.objects.filter(unit_path__startswith=commune.path).exists():
        return 0
    today = timezone.localdate()
    persons = list(
        Person.objects.filter(commune=commune, status=PersonStatus.ACTIVE, merged_into__isnull=True).order_by(
            "id"
        )
    )
    types = {service_type.code: service_type for service_type in ServiceType.objects.all()}
    agencies = {agency.name: agency for agency in Agency.objects.filter(is_active=True)}
    recorded = 0
    for person in persons:
        for service in SERVICES:
            if person.pk % service.every:
                continue
            if service.code == "women-support" and person.sex != Sex.FEMALE:
                continue
            for delivered_on in _days(person, today):
                service_record_create(
                    actor=officer,
                    person=person,
                    data=ServiceData(
                        service_type=types[service.code],
                        delivered_on=delivered_on,
                        provider=agencies.get(service.provider),
                        cost=service.cost,
                        funding_source=service.funding,
                        outcome=service.outcome,
                    ),
                )
                recorded += 1
    _activities(officer, commune, persons, agencies, today)
    _figures(officer, commune, persons, today)
    return recorded


def _days(person: Person, today: date) -> list[date]:
    """This year (on a day already past) and the same time last year."""
    this_year = max(date(today.year, 1, 1), today - timedelta(days=person.pk * 37 % 300 + 1))
    return [this_year, this_year.replace(year=this_year.year - 1, day=min(this_year.day, 28))]


def _activities(
    officer: User, commune: AdminUnit, persons: list[Person], agencies: dict[str, Agency], today: date
) -> None:
    held_on = max(date(today.year, 1, 1), today - timedelta(days=20))
    training = activity_create(
        actor=officer,
        data=ActivityData(
            title="Tập huấn kỹ năng chăm sóc, phục hồi chức năng tại nhà",
            domain=Domain.AWARENESS,
            kind=ActivityKind.TRAINING,
            held_on=held_on,
            unit=commune,
            place="Hội trường UBND xã",
            organiser=agencies.get("Phòng Văn hóa - Xã hội xã Bắc Sơn"),
        ),
    )
    for person in persons[:10]:
        activity_participant_add_person(actor=officer, activity=training, person=person)
    for index, person in enumerate(persons[10:16]):
        activity_participant_add_family(
            actor=officer,
            activity=training,
            full_name=f"Người nhà {person.full_name.split()[-1]} {index + 1}",
            sex=Sex.FEMALE if index % 2 else Sex.MALE,
            cared_for=person,
        )
    for name, sex, position in (
        ("Hoàng Văn Sơn", Sex.MALE, "Công chức văn hóa - xã hội"),
        ("Lương Thị Hà", Sex.FEMALE, "Trạm Y tế xã"),
        ("Nông Văn Tuấn", Sex.MALE, "Trưởng thôn Nà Lầu"),
        ("Vi Thị Mai", Sex.FEMALE, "Cộng tác viên"),
    ):
        activity_participant_add_staff(
            actor=officer, activity=training, full_name=name, sex=sex, position=position
        )
    sport = activity_create(
        actor=officer,
        data=ActivityData(
            title="Giao lưu thể thao người khuyết tật",
            domain=Domain.CULTURE_SPORT,
            kind=ActivityKind.SPORT_CULTURE,
            held_on=held_on,
            unit=commune,
            place="Sân vận động xã",
        ),
    )
    for person in persons[16:28]:
        activity_participant_add_person(actor=officer, activity=sport, person=person)


def _figures(officer: User, commune: AdminUnit, persons: list[Person], today: date) -> None:
    """The figures not held person by person, as the commune enters them each year."""
    for year in (today.year - 1, today.year):
        aggregate_entries_record(
            actor=officer,
            unit=commune,
            year=year,
            quarter=0,
            values={
                AggregateMetric.STAFF: 8,
                AggregateMetric.FAMILIES: len(persons),
                AggregateMetric.LOAN_NEEDED: len(persons) // 10,
                AggregateMetric.HARDSHIP: len(persons) // 6,
                AggregateMetric.WOMEN_IN_NEED: len(persons) // 8,
            },
        )
