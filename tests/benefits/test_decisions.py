"""Benefit decisions: who may record them, when each is refused, and what they say is owed month by month."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from hoanhap.accounts.models import User
from hoanhap.assessments.services import DeterminationData, determination_record
from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.decisions import benefit_decision_record
from hoanhap.benefits.models import BenefitDecision, DecisionAction, StopReason
from hoanhap.benefits.selectors import (
    ChangeKind,
    MonthAmount,
    add_months,
    amounts_due,
    arrears,
    changes_due,
)
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person, PersonStatus
from tests.factories import DONG_DANG, make_person, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def messages_in_english() -> Iterator[None]:
    """The refusals are matched in English; the Vietnamese catalogue is checked on its own."""
    with translation.override("en"):
        yield


ALLOWANCE = "monthly_allowance"
# The standard levels shipped with the rules: Decree 20/2021 until June 2024, Decree 76/2024 from July.
LEVEL_2021 = 360_000
LEVEL_2024 = 500_000
SEVERE_ADULT = Decimal("1.5")
PARTICULARLY_SEVERE_ADULT = Decimal("2.0")


def dong(level: int, coefficient: Decimal) -> int:
    return int(level * coefficient)


def determined(person: Person, severity: str, decided_on: date = date(2024, 1, 10)) -> Person:
    data = DeterminationData(
        decided_on=decided_on, body="commune_council", severity=severity, types=["vision"]
    )
    determination_record(actor=None, person=person, data=data)
    return person


def adult(severity: str = "severe", **overrides: Any) -> Person:
    return determined(make_person(None, birth_year=1975, **overrides), severity)


def record(actor: User, person: Person, **overrides: Any) -> BenefitDecision:
    values: dict[str, Any] = {
        "kind": ALLOWANCE,
        "action": DecisionAction.START,
        "number": f"{BenefitDecision.objects.count() + 1}/QĐ-UBND",
        "signed_on": date(2024, 7, 5),
        "effective_from": date(2024, 7, 1),
    }
    return benefit_decision_record(actor=actor, person=person, **{**values, **overrides})


# --- Recording ---------------------------------------------------------------------------------------------


def test_a_start_stores_the_engines_amount_and_explanation_and_is_audited(commune_user: User) -> None:
    person = adult("severe")
    decision = record(commune_user, person, number=" 12/QĐ-UBND ")
    assert decision.coefficient == SEVERE_ADULT
    assert decision.monthly_amount == dong(LEVEL_2024, SEVERE_ADULT)
    assert decision.severity == "severe"
    assert decision.unit_path == person.unit_path
    assert decision.number == "12/QĐ-UBND"
    assert any("750.000 đ" in line for line in decision.explanation["vi"])
    assert any("750,000 VND" in line for line in decision.explanation["en"])
    event = AuditEvent.objects.get(action="benefits.decision.recorded")
    assert event.object_id == str(decision.pk)
    assert event.actor_id == commune_user.pk
    assert event.new_values is not None
    assert event.new_values["monthly_amount"] == 750_000
    assert event.new_values["effective_from"] == "2024-07-01"


def test_a_recorded_decision_cannot_be_edited(commune_user: User) -> None:
    decision = record(commune_user, adult())
    decision.number = "changed"
    with pytest.raises(ValueError, match="immutable"):
        decision.save()


@pytest.mark.parametrize("severity", ["mild", None])
def test_a_start_is_refused_for_mild_or_undetermined_severity(
    commune_user: User, severity: str | None
) -> None:
    person = make_person(None, birth_year=1975)
    if severity:
        determined(person, severity)
    with pytest.raises(ApplicationError, match="mild or unknown"):
        record(commune_user, person)
    assert not BenefitDecision.objects.exists()


def test_a_start_is_refused_while_the_support_is_in_force_and_allowed_again_after_a_stop(
    commune_user: User,
) -> None:
    person = adult()
    record(commune_user, person)
    with pytest.raises(ApplicationError, match="already in force"):
        record(commune_user, person, effective_from=date(2024, 9, 1))
    record(
        commune_user,
        person,
        action=DecisionAction.STOP,
        reason=StopReason.OTHER,
        effective_from=date(2024, 9, 1),
    )
    restarted = record(commune_user, person, effective_from=date(2025, 1, 1), signed_on=date(2024, 12, 20))
    assert restarted.monthly_amount == 750_000


@pytest.mark.parametrize("action", [DecisionAction.CHANGE, DecisionAction.STOP])
def test_a_change_or_a_stop_needs_the_support_in_force(commune_user: User, action: str) -> None:
    with pytest.raises(ApplicationError, match="not in force"):
        record(commune_user, adult(), action=action, reason=StopReason.OTHER)


def test_a_stop_needs_a_reason_and_stores_no_amount(commune_user: User) -> None:
    person = adult()
    record(commune_user, person)
    with pytest.raises(ApplicationError, match="why the support stops"):
        record(commune_user, person, action=DecisionAction.STOP, effective_from=date(2024, 9, 1))
    stop = record(
        commune_user,
        person,
        action=DecisionAction.STOP,
        reason=StopReason.DEATH,
        effective_from=date(2024, 9, 1),
    )
    assert (stop.coefficient, stop.monthly_amount, stop.reason) == (None, None, "death")


def test_a_change_cannot_take_effect_before_the_decision_in_force(commune_user: User) -> None:
    person = adult()
    record(commune_user, person, effective_from=date(2024, 9, 1), signed_on=date(2024, 9, 1))
    with pytest.raises(ApplicationError, match="from 09/2024"):
        record(commune_user, person, action=DecisionAction.CHANGE, effective_from=date(2024, 8, 1))


def test_a_change_recomputes_from_the_current_severity(commune_user: User) -> None:
    person = adult("severe")
    record(commune_user, person)
    determined(person, "particularly_severe", decided_on=date(2024, 9, 20))
    change = record(
        commune_user,
        person,
        action=DecisionAction.CHANGE,
        effective_from=date(2024, 10, 1),
        signed_on=date(2024, 10, 2),
    )
    assert (change.severity, change.coefficient) == ("particularly_severe", PARTICULARLY_SEVERE_ADULT)
    assert change.monthly_amount == dong(LEVEL_2024, PARTICULARLY_SEVERE_ADULT)


def test_care_support_needs_a_pregnancy_or_young_children(commune_user: User) -> None:
    person = adult(sex="female")
    with pytest.raises(ApplicationError, match="under 36 months"):
        record(commune_user, person, kind="care_support")
    care = record(commune_user, person, kind="care_support", children_under_36_months=1)
    assert care.coefficient == Decimal("1.5")


def test_the_effective_month_is_next_month_at_the_latest_and_a_first_day(commune_user: User) -> None:
    person = adult()
    this_month = timezone.localdate().replace(day=1)
    with pytest.raises(ApplicationError, match="next month at the latest"):
        record(commune_user, person, effective_from=add_months(this_month, 2), signed_on=timezone.localdate())
    with pytest.raises(ApplicationError, match="first day of a month"):
        record(commune_user, person, effective_from=date(2024, 7, 2))
    decision = record(
        commune_user, person, effective_from=add_months(this_month, 1), signed_on=timezone.localdate()
    )
    assert decision.effective_from == add_months(this_month, 1)


def test_a_decision_number_is_used_once_in_a_commune(commune_user: User, admin_user: User) -> None:
    record(commune_user, adult(), number="7/QĐ")
    with pytest.raises(ApplicationError, match="7/QĐ is already recorded"):
        record(commune_user, adult(full_name="Lò Văn Hai"), number="7/QĐ")
    elsewhere = record(admin_user, adult(full_name="Hà Thị Ba", commune=unit(DONG_DANG)), number="7/QĐ")
    assert elsewhere.number == "7/QĐ"


def test_another_communes_officer_and_a_viewer_are_refused(
    other_commune_user: User, viewer_user: User, province_user: User
) -> None:
    person = adult()
    for outsider in (other_commune_user, viewer_user):
        with pytest.raises(PermissionDenied):
            record(outsider, person)
    assert not BenefitDecision.objects.exists()
    assert record(province_user, person).person == person


def test_funeral_support_is_for_a_deceased_person_and_owed_once(commune_user: User) -> None:
    person = adult()
    with pytest.raises(ApplicationError, match="deceased"):
        record(commune_user, person, kind="funeral")
    Person.objects.filter(pk=person.pk).update(status=PersonStatus.DECEASED, status_date=date(2024, 7, 20))
    person.refresh_from_db()
    funeral = record(commune_user, person, kind="funeral", signed_on=date(2024, 8, 2))
    assert funeral.monthly_amount == dong(LEVEL_2024, Decimal(20))
    july = amounts_due(person=person, kind="funeral", month=date(2024, 7, 1))
    august = amounts_due(person=person, kind="funeral", month=date(2024, 8, 1))
    assert (july.total, august.regular, august.total) == (0, 0, funeral.monthly_amount)


def test_the_health_insurance_card_is_decided_without_an_amount(commune_user: User) -> None:
    card = record(commune_user, adult(), kind="health_insurance")
    assert (card.coefficient, card.monthly_amount) == (None, None)
    assert amounts_due(person=card.person, kind="health_insurance", month=date(2024, 8, 1)).total == 0


# --- What is owed ------------------------------------------------------------------------------------------


def test_a_decision_of_october_effective_from_july_pays_three_months_of_arrears_in_the_october_run(
    commune_user: User,
) -> None:
    person = adult("severe")
    record(commune_user, person, signed_on=date(2024, 10, 15), effective_from=date(2024, 7, 1))
    monthly = dong(LEVEL_2024, SEVERE_ADULT)
    expected = [MonthAmount(date(2024, month, 1), monthly) for month in (7, 8, 9)]
    assert arrears(
        person=person, kind=ALLOWANCE, decided_on=date(2024, 10, 15), effective_from=date(2024, 7, 1)
    ) == (expected)
    october = amounts_due(person=person, kind=ALLOWANCE, month=date(2024, 10, 1))
    assert october.regular == monthly
    assert list(october.adjustments) == expected
    assert october.total == 4 * monthly
    # The November run pays November only: the arrears were settled in October.
    november = amounts_due(person=person, kind=ALLOWANCE, month=date(2024, 11, 1))
    assert (november.regular, november.adjustments) == (monthly, ())


def test_arrears_follow_the_standard_level_of_each_month(commune_user: User) -> None:
    person = adult("particularly_severe")
    decision = record(commune_user, person, signed_on=date(2024, 8, 12), effective_from=date(2024, 5, 1))
    assert decision.monthly_amount == dong(LEVEL_2021, PARTICULARLY_SEVERE_ADULT)
    owed = arrears(
        person=person, kind=ALLOWANCE, decided_on=date(2024, 8, 12), effective_from=date(2024, 5, 1)
    )
    assert owed == [
        MonthAmount(date(2024, 5, 1), dong(LEVEL_2021, PARTICULARLY_SEVERE_ADULT)),
        MonthAmount(date(2024, 6, 1), dong(LEVEL_2021, PARTICULARLY_SEVERE_ADULT)),
        MonthAmount(date(2024, 7, 1), dong(LEVEL_2024, PARTICULARLY_SEVERE_ADULT)),
    ]


def test_a_stop_effective_in_the_past_recovers_the_months_already_paid(commune_user: User) -> None:
    person = adult("severe")
    record(commune_user, person)
    record(
        commune_user,
        person,
        action=DecisionAction.STOP,
        reason=StopReason.DEATH,
        signed_on=date(2024, 10, 3),
        effective_from=date(2024, 8, 1),
    )
    paid = dong(LEVEL_2024, SEVERE_ADULT)
    recoveries = [MonthAmount(date(2024, 8, 1), -paid), MonthAmount(date(2024, 9, 1), -paid)]
    assert arrears(
        person=person, kind=ALLOWANCE, decided_on=date(2024, 10, 3), effective_from=date(2024, 8, 1)
    ) == (recoveries)
    october = amounts_due(person=person, kind=ALLOWANCE, month=date(2024, 10, 1))
    assert (october.regular, list(october.adjustments), october.total) == (0, recoveries, -2 * paid)


def test_a_change_in_the_past_pays_the_difference(commune_user: User) -> None:
    person = adult("severe")
    record(commune_user, person)
    determined(person, "particularly_severe", decided_on=date(2024, 8, 20))
    record(
        commune_user,
        person,
        action=DecisionAction.CHANGE,
        signed_on=date(2024, 10, 3),
        effective_from=date(2024, 9, 1),
    )
    difference = dong(LEVEL_2024, PARTICULARLY_SEVERE_ADULT - SEVERE_ADULT)
    owed = arrears(
        person=person, kind=ALLOWANCE, decided_on=date(2024, 10, 3), effective_from=date(2024, 9, 1)
    )
    assert owed == [MonthAmount(date(2024, 9, 1), difference)]


def test_months_after_the_last_one_paid_are_owed_in_full(commune_user: User) -> None:
    person = adult("severe")
    record(commune_user, person)
    monthly = dong(LEVEL_2024, SEVERE_ADULT)
    due = amounts_due(person=person, kind=ALLOWANCE, month=date(2024, 11, 1), paid_through=date(2024, 8, 1))
    assert list(due.adjustments) == [
        MonthAmount(date(2024, 9, 1), monthly),
        MonthAmount(date(2024, 10, 1), monthly),
    ]
    assert due.total == 3 * monthly


# --- The changes that are due ------------------------------------------------------------------------------


def test_changes_due_finds_a_child_turning_16_from_the_month_after_the_birthday(commune_user: User) -> None:
    child = determined(make_person(None, birth_date=date(2009, 2, 10), birth_year=2009), "severe")
    record(commune_user, child)
    assert changes_due(viewer=commune_user, month=date(2025, 2, 1)) == []
    [proposal] = changes_due(viewer=commune_user, month=date(2025, 3, 1))
    assert proposal.person == child
    assert (proposal.change, proposal.action) == (ChangeKind.AGE, DecisionAction.CHANGE)
    assert proposal.coefficient == SEVERE_ADULT
    assert proposal.monthly_amount == dong(LEVEL_2024, SEVERE_ADULT)
    assert proposal.effective_from == date(2025, 3, 1)


def test_changes_due_finds_a_re_determined_severity_and_a_death(commune_user: User) -> None:
    worse = adult("severe", full_name="Nông Văn Một")
    better = adult("severe", full_name="Hoàng Thị Hai")
    deceased = adult("severe", full_name="Lý Văn Ba")
    unchanged = adult("severe", full_name="Vi Thị Bốn")
    for person in (worse, better, deceased, unchanged):
        record(commune_user, person)
    determined(worse, "particularly_severe", decided_on=date(2024, 9, 1))
    determined(better, "mild", decided_on=date(2024, 9, 1))
    Person.objects.filter(pk=deceased.pk).update(status=PersonStatus.DECEASED, status_date=date(2024, 9, 14))
    proposals = {p.person.pk: p for p in changes_due(viewer=commune_user, month=date(2024, 10, 1))}
    assert set(proposals) == {worse.pk, better.pk, deceased.pk}
    assert (proposals[worse.pk].change, proposals[worse.pk].coefficient) == (
        ChangeKind.SEVERITY,
        PARTICULARLY_SEVERE_ADULT,
    )
    assert (proposals[better.pk].action, proposals[better.pk].reason) == (
        DecisionAction.STOP,
        "no_longer_eligible",
    )
    # The allowance of the month of death is still paid.
    assert (proposals[deceased.pk].change, proposals[deceased.pk].effective_from) == (
        ChangeKind.DECEASED,
        date(2024, 10, 1),
    )


def test_changes_due_keeps_to_the_viewers_area_and_to_officers(
    commune_user: User, other_commune_user: User, viewer_user: User
) -> None:
    person = adult("severe")
    record(commune_user, person)
    determined(person, "particularly_severe", decided_on=date(2024, 9, 1))
    assert changes_due(viewer=other_commune_user, month=date(2024, 10, 1)) == []
    with pytest.raises(PermissionDenied):
        changes_due(viewer=viewer_user, month=date(2024, 10, 1))


def _queries_for_changes_due(viewer: User) -> int:
    assert viewer.scope  # read the scope once, as a request does
    with CaptureQueriesContext(connection) as queries:
        changes_due(viewer=viewer, month=date(2025, 3, 1))
    return len(queries)


def test_changes_due_reads_a_fixed_number_of_queries_whatever_the_number_of_persons(
    commune_user: User,
) -> None:
    def add_child(index: int) -> None:
        child = make_person(None, full_name=f"Trẻ {index}", birth_date=date(2009, 2, 10), birth_year=2009)
        record(commune_user, determined(child, "severe"))

    add_child(0)
    with_one = _queries_for_changes_due(commune_user)
    for index in range(1, 6):
        add_child(index)
    assert _queries_for_changes_due(commune_user) == with_one
    assert len(changes_due(viewer=commune_user, month=date(2025, 3, 1))) == 6
