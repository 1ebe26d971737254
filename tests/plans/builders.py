"""Generated data for the indicator tests: persons (``hoanhap.ops.generator``) in the communes of the former
Bắc Sơn district and two other Lạng Sơn communes, with services, activities and their participants,
aggregate entries (one recorded under a former commune, one under the former district) and a screening
campaign — all drawn from one seed, written in bulk."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F

from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.campaigns.models import (
    Campaign,
    ConditionGroup,
    FollowUp,
    FollowUpStatus,
    Registration,
    ScreeningResult,
    ScreeningSession,
    Surgery,
    SurgeryOutcome,
)
from hoanhap.geo.models import AdminUnit, AdminUnitSuccession, Edition
from hoanhap.ops.generator import persons_generate
from hoanhap.people.models import Person
from hoanhap.provision.models import (
    Activity,
    ActivityKind,
    AggregateEntry,
    AggregateMetric,
    Domain,
    HeadCount,
    Participant,
    ParticipantKind,
    ServiceRecord,
    ServiceType,
)
from tests.factories import DONG_DANG, LANG_SON, make_agency, unit

BAC_SON_DISTRICT = "185"  # the former district (legacy edition) of seed 000
OTHER_COMMUNES = (DONG_DANG, "06187")  # Lạng Sơn communes outside the former district
GENERATED_ON = date(2025, 6, 30)  # statuses and determinations run past the end of 2024
YEAR = 2024


def district_communes() -> list[AdminUnit]:
    """The current communes that kept the code of a commune of the former Bắc Sơn district."""
    paths = AdminUnitSuccession.objects.filter(
        predecessor__parent__edition=Edition.LEGACY,
        predecessor__parent__code=BAC_SON_DISTRICT,
        predecessor__code=F("successor__code"),
    ).values_list("successor_id", flat=True)
    return list(AdminUnit.objects.filter(pk__in=paths).order_by("path"))


@dataclass(frozen=True)
class World:
    communes: list[AdminUnit]
    agency: Agency
    campaign: Campaign


def _services(rng: random.Random, persons: list[Person]) -> None:
    types = list(ServiceType.objects.all())
    rows = []
    for person in persons:
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            delivered = date(rng.choice((2023, 2024, 2024, 2025)), rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                ServiceRecord(
                    person=person,
                    unit_path=person.unit_path,
                    service_type=rng.choice(types),
                    delivered_on=delivered,
                )
            )
    ServiceRecord.objects.bulk_create(rows)


def _activities(rng: random.Random, persons: list[Person], communes: list[AdminUnit], agency: Agency) -> None:
    staff_names = [f"Cán bộ {number}" for number in range(12)]
    for number in range(10):
        where = rng.choice(communes)
        activity = Activity.objects.create(
            title=f"Hoạt động {number}",
            domain=rng.choice([Domain.HEALTH, Domain.EDUCATION, Domain.AWARENESS, Domain.CULTURE_SPORT]),
            kind=rng.choice([ActivityKind.TRAINING, ActivityKind.TRAINING, ActivityKind.COMMUNICATION]),
            held_on=date(rng.choice((2024, 2024, 2025)), rng.randint(1, 12), rng.randint(1, 28)),
            unit=where,
            unit_path=where.path,
        )
        chosen = rng.sample(persons, 12)
        participants = [
            Participant(activity=activity, kind=ParticipantKind.PWD, person=p) for p in chosen[:6]
        ]
        for cared in chosen[6:]:
            name = f"Người nhà {cared.pk % 7}"
            participants.append(
                Participant(
                    activity=activity,
                    kind=ParticipantKind.FAMILY,
                    full_name=name,
                    name_folded=name.lower(),
                    cared_for=cared,
                    sex=rng.choice(["male", "female"]),
                )
            )
        for name in rng.sample(staff_names, 4):
            participants.append(
                Participant(
                    activity=activity,
                    kind=ParticipantKind.STAFF,
                    full_name=name,
                    name_folded=name.lower(),
                    agency=agency,
                    sex="female" if name.endswith(("1", "3", "5")) else "male",
                )
            )
        Participant.objects.bulk_create(participants)
        HeadCount.objects.create(
            activity=activity, kind=ParticipantKind.STAFF, sex="female", count=rng.randint(0, 3)
        )


def _aggregates(communes: list[AdminUnit]) -> None:
    entries = []
    for number, where in enumerate(communes):
        for offset, metric in enumerate(AggregateMetric.values):
            entries.append(
                AggregateEntry(
                    unit=where, unit_path=where.path, year=YEAR, metric=metric, value=10 + 3 * number + offset
                )
            )
    # Recorded before the merge: under the former commune of Long Đống (now part of Bắc Sơn) and under the
    # former district itself.
    for code, value in (("06328", 7), (BAC_SON_DISTRICT, 11)):
        former = unit(code, Edition.LEGACY)
        entries.append(
            AggregateEntry(
                unit=former, unit_path=former.path, year=YEAR, metric=AggregateMetric.STAFF, value=value
            )
        )
    AggregateEntry.objects.bulk_create(entries)


def _campaign(rng: random.Random, persons: list[Person]) -> Campaign:
    campaign = Campaign.objects.create(
        name="Khám sàng lọc 2024",
        starts_on=date(YEAR, 3, 1),
        ends_on=date(YEAR, 11, 30),
        area=unit(LANG_SON),
        area_path=unit(LANG_SON).path,
    )
    children = [p for p in persons if p.birth_year >= YEAR - 9]
    for child in children:
        registration = Registration.objects.create(
            campaign=campaign,
            person=child,
            commune=child.commune,
            unit_path=child.unit_path,
            suspected_group=ConditionGroup.CLEFT,
            registered_on=date(YEAR, rng.randint(3, 11), 5),
        )
        if rng.random() < 0.8:
            session = ScreeningSession.objects.create(
                campaign=campaign,
                commune=child.commune,
                unit_path=child.unit_path,
                held_on=registration.registered_on + timedelta(days=rng.choice((10, 60))),
                place="Trạm Y tế",
                team="Bệnh viện tỉnh",
            )
            indicated = rng.random() < 0.4
            ScreeningResult.objects.create(
                registration=registration,
                session=session,
                condition_confirmed=indicated,
                surgery_indicated=indicated,
            )
            if indicated and rng.random() < 0.7:
                Surgery.objects.create(
                    registration=registration,
                    hospital="Bệnh viện Nhi",
                    operated_on=session.held_on + timedelta(days=20),
                    paid_by="child_fund",
                    outcome=SurgeryOutcome.GOOD,
                )
                FollowUp.objects.create(
                    registration=registration,
                    followed_on=session.held_on + timedelta(days=50),
                    status=FollowUpStatus.REHABILITATION,
                )
    return campaign


def build_world(seed: int = 11, count: int = 500) -> World:
    rng = random.Random(seed)
    communes = [*district_communes(), *(unit(code) for code in OTHER_COMMUNES)]
    persons_generate(
        actor=None, count=count, communes=communes, seed=seed, with_determinations=True, today=GENERATED_ON
    )
    persons = list(Person.objects.select_related("commune").order_by("pk"))
    agency = make_agency("Trung tâm Y tế Bắc Sơn", communes[0].code, AgencyKind.HEALTH_CENTRE)
    _services(rng, persons)
    _activities(rng, persons, communes, agency)
    _aggregates(communes)
    campaign = _campaign(rng, persons)
    return World(communes=communes, agency=agency, campaign=campaign)
