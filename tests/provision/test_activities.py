from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.provision.activities import (
    ActivityData,
    activity_create,
    activity_head_counts_record,
    activity_participant_add_family,
    activity_participant_add_person,
    activity_participant_add_staff,
    activity_participant_remove,
)
from hoanhap.provision.activity_selectors import activities, activity_counts, activity_participants
from hoanhap.provision.models import Activity, ActivityKind, Domain, ParticipantKind
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, make_person, unit

pytestmark = pytest.mark.django_db

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def training(
    actor: User, *, code: str = BAC_SON, held_on: date = date(2025, 5, 6), **overrides: object
) -> Activity:
    values: dict[str, object] = {
        "title": "Tập huấn kỹ năng chăm sóc",
        "domain": Domain.AWARENESS,
        "kind": ActivityKind.TRAINING,
        "held_on": held_on,
        "unit": unit(code),
        "place": "Hội trường UBND xã",
    }
    values.update(overrides)
    return activity_create(actor=actor, data=ActivityData(**values))  # type: ignore[arg-type]


def test_staff_family_and_pwd_are_counted_separately_and_once_each(
    province_user: User, health_centre: Agency
) -> None:
    child, adult = make_person(None), make_person(None, commune=unit(DONG_DANG))
    first, second = training(province_user), training(province_user, code=DONG_DANG, held_on=date(2025, 9, 1))
    for activity in (first, second):  # the same person attends both trainings
        activity_participant_add_person(actor=province_user, activity=activity, person=child)
        activity_participant_add_staff(
            actor=province_user, activity=activity, full_name="Lê Văn An", sex="male", agency=health_centre
        )
    activity_participant_add_person(actor=province_user, activity=second, person=adult)
    # The same staff member typed otherwise is one person; a namesake of another agency is another.
    activity_participant_add_staff(
        actor=province_user, activity=second, full_name="le  van AN", sex="male", agency=None
    )
    activity_participant_add_family(
        actor=province_user, activity=first, full_name="Hoàng Thị Lan", sex="female", cared_for=child
    )
    activity_participant_add_family(
        actor=province_user, activity=second, full_name="Hoàng thị Lan", sex="female", cared_for=child
    )
    activity_head_counts_record(
        actor=province_user,
        activity=second,
        counts={("staff", "female"): 7, ("family", "male"): 2, ("pwd", "male"): 0},
    )
    counts = activity_counts(viewer=province_user, start=YEAR[0], end=YEAR[1], kind=ActivityKind.TRAINING)
    assert (counts.activities, counts.persons_with_disabilities, counts.family_members, counts.staff) == (
        2,
        2,
        1,
        2,
    )
    assert counts.head_counts == {"staff": 7, "family": 2}
    assert counts.total(ParticipantKind.STAFF) == 9
    # One commune and one period only.
    bac_son = activity_counts(viewer=province_user, start=YEAR[0], end=YEAR[1], unit=unit(BAC_SON))
    assert (bac_son.persons_with_disabilities, bac_son.staff, bac_son.head_counts) == (1, 1, {})
    spring = activity_counts(
        viewer=province_user, start=date(2025, 1, 1), end=date(2025, 6, 30), unit=unit(LANG_SON)
    )
    assert spring.activities == 1


def test_counts_take_a_fixed_number_of_queries(
    province_user: User, django_assert_max_num_queries: object
) -> None:
    for day in range(1, 6):
        activity = training(province_user, held_on=date(2025, 3, day))
        activity_participant_add_person(actor=province_user, activity=activity, person=make_person(None))
        activity_participant_add_staff(
            actor=province_user, activity=activity, full_name=f"Cán bộ {day}", sex="female"
        )
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        counts = activity_counts(viewer=province_user, start=YEAR[0], end=YEAR[1])
    assert (counts.persons_with_disabilities, counts.staff) == (5, 5)
    activity = Activity.objects.first()
    assert activity is not None
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        names = [str(participant) for participant in activity_participants(activity=activity)]
    assert len(names) == 2


def test_a_person_takes_part_once_and_only_from_the_actors_area(commune_user: User) -> None:
    activity = training(commune_user)
    person = make_person(None)
    activity_participant_add_person(actor=commune_user, activity=activity, person=person)
    with pytest.raises(ApplicationError):
        activity_participant_add_person(actor=commune_user, activity=activity, person=person)
    with pytest.raises(PermissionDenied):
        activity_participant_add_person(
            actor=commune_user, activity=activity, person=make_person(None, commune=unit(DONG_DANG))
        )
    with pytest.raises(PermissionDenied):  # an activity of another commune
        training(commune_user, code=DONG_DANG)


def test_an_agency_reporter_records_and_sees_activities_of_their_domains_and_area(
    agency_user: User, commune_user: User
) -> None:
    theirs = training(agency_user, domain=Domain.HEALTH, kind=ActivityKind.COMMUNICATION)
    with pytest.raises(PermissionDenied):
        training(agency_user, domain=Domain.LEGAL_AID, kind=ActivityKind.LEGAL_AID)
    not_theirs = training(commune_user, domain=Domain.LEGAL_AID, kind=ActivityKind.LEGAL_AID)
    assert list(activities(viewer=agency_user)) == [theirs]
    assert set(activities(viewer=commune_user)) == {theirs, not_theirs}
    with pytest.raises(PermissionDenied):
        activity_participant_add_staff(actor=agency_user, activity=not_theirs, full_name="X", sex="male")


def test_participants_and_head_counts_are_audited(commune_user: User) -> None:
    activity = training(commune_user)
    person = make_person(None)
    added = activity_participant_add_person(actor=commune_user, activity=activity, person=person)
    activity_head_counts_record(actor=commune_user, activity=activity, counts={("pwd", "female"): 3})
    activity_participant_remove(actor=commune_user, participant=added)
    actions = list(
        AuditEvent.objects.filter(object_type="provision.activity")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "provision.activity.created",
        "provision.activity.participant_added",
        "provision.activity.head_counts_recorded",
        "provision.activity.participant_removed",
    ]
    with pytest.raises(ApplicationError) as error:
        activity_head_counts_record(actor=commune_user, activity=activity, counts={("staff", "male"): -1})
    assert error.value.field == "staff_male"
