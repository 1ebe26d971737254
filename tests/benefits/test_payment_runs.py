"""Monthly payment runs: what each run pays (arrears, recoveries), locking, scope, audit, query counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role, role_has
from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.models import (
    BenefitDecision,
    DecisionAction,
    PaymentLine,
    PaymentRun,
    PaymentRunLocked,
    PaymentRunStatus,
    StopReason,
)
from hoanhap.benefits.payment_selectors import (
    access_payment_run,
    health_insurance_due,
    payment_run_lines,
    payment_run_list,
)
from hoanhap.benefits.payments import (
    APPROVE,
    payment_run_approve,
    payment_run_mark_paid,
    payment_run_prepare,
    payment_runs_prepare_province,
)
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person
from tests.benefits.test_decisions import ALLOWANCE, LEVEL_2024, SEVERE_ADULT, adult, dong, record
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, unit

pytestmark = pytest.mark.django_db

MONTHLY = dong(LEVEL_2024, SEVERE_ADULT)  # 750,000 đồng


@pytest.fixture(autouse=True)
def messages_in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def prepare(actor: User, year: int, month: int, code: str = BAC_SON, kind: str = ALLOWANCE) -> PaymentRun:
    return payment_run_prepare(actor=actor, commune=unit(code), month=date(year, month, 1), kind=kind)


def approved(actor: User, year: int, month: int, code: str = BAC_SON) -> PaymentRun:
    return payment_run_approve(actor=actor, run=prepare(actor, year, month, code))


def line_of(run: PaymentRun, person: Person) -> PaymentLine:
    return PaymentLine.objects.get(run=run, person=person)


def months(line: PaymentLine) -> list[tuple[str, int]]:
    return [(item["month"], item["dong"]) for item in line.months]


# --- What a run pays ---------------------------------------------------------------------------------------


def test_a_decision_of_october_effective_from_july_pays_three_months_of_arrears_in_the_october_run(
    commune_user: User,
) -> None:
    paid_before = adult(full_name="Hoàng Văn Một")
    record(commune_user, paid_before)  # signed in July, paid from July on
    september = approved(commune_user, 2024, 9)
    assert line_of(september, paid_before).total == MONTHLY

    late = adult(full_name="Lý Thị Hai")
    decision = record(commune_user, late, signed_on=date(2024, 10, 15), effective_from=date(2024, 7, 1))
    october = prepare(commune_user, 2024, 10)

    line = line_of(october, late)
    assert (line.regular, line.arrears, line.recoveries, line.total) == (MONTHLY, 3 * MONTHLY, 0, 4 * MONTHLY)
    assert months(line) == [
        ("2024-07-01", MONTHLY),
        ("2024-08-01", MONTHLY),
        ("2024-09-01", MONTHLY),
        ("2024-10-01", MONTHLY),
    ]
    assert line.decision == decision
    assert (line.full_name, line.payee_name, line.birth_year) == ("Lý Thị Hai", "Lý Thị Hai", 1975)
    assert line.coefficient == SEVERE_ADULT
    assert any("arrears for July 2024: 750,000 VND" in text for text in line.explanation["en"])
    assert any("07/2024" in text and "750.000 đ" in text for text in line.explanation["vi"])
    # The person paid since July is owed October only: July and August were paid before the first run here,
    # September by it.
    assert months(line_of(october, paid_before)) == [("2024-10-01", MONTHLY)]
    assert (october.payees, october.regular, october.arrears, october.total) == (
        2,
        2 * MONTHLY,
        3 * MONTHLY,
        5 * MONTHLY,
    )


def test_the_first_run_pays_arrears_only_for_decisions_signed_in_its_month(commune_user: User) -> None:
    record(commune_user, adult(full_name="Hoàng Văn Một"))
    late = adult(full_name="Lý Thị Hai")
    record(commune_user, late, signed_on=date(2024, 10, 15), effective_from=date(2024, 7, 1))
    october = prepare(commune_user, 2024, 10)
    # In the list's order: by village, then by given name as Vietnamese lists sort.
    assert [(line.full_name, line.total) for line in october.lines.order_by("position")] == [
        ("Lý Thị Hai", 4 * MONTHLY),
        ("Hoàng Văn Một", MONTHLY),
    ]


def test_a_stop_effective_in_the_past_recovers_the_months_paid(commune_user: User) -> None:
    person = adult()
    record(commune_user, person)
    approved(commune_user, 2024, 8)
    approved(commune_user, 2024, 9)
    record(
        commune_user,
        person,
        action=DecisionAction.STOP,
        reason=StopReason.DEATH,
        signed_on=date(2024, 10, 3),
        effective_from=date(2024, 8, 1),
    )
    line = line_of(prepare(commune_user, 2024, 10), person)
    assert (line.regular, line.arrears, line.recoveries, line.total) == (0, 0, 2 * MONTHLY, -2 * MONTHLY)
    assert months(line) == [("2024-08-01", -MONTHLY), ("2024-09-01", -MONTHLY)]
    assert line.decision.action == DecisionAction.STOP
    assert any("recovery for August 2024" in text for text in line.explanation["en"])


def test_months_without_an_approved_run_are_paid_and_months_paid_are_not_paid_again(
    commune_user: User,
) -> None:
    person = adult()
    record(commune_user, person)
    approved(commune_user, 2024, 8)
    # September had no run: the October run pays it.
    october = payment_run_approve(actor=commune_user, run=prepare(commune_user, 2024, 10))
    assert months(line_of(october, person)) == [("2024-09-01", MONTHLY), ("2024-10-01", MONTHLY)]
    november = prepare(commune_user, 2024, 11)
    assert months(line_of(november, person)) == [("2024-11-01", MONTHLY)]


def test_a_month_paid_before_a_late_decision_is_not_paid_twice(commune_user: User) -> None:
    """A decision recorded after its month's run was approved is paid by the next run, once."""
    person = adult()
    record(commune_user, person, signed_on=date(2024, 9, 20), effective_from=date(2024, 9, 1))
    approved(commune_user, 2024, 9)
    other = adult(full_name="Lò Văn Ba")
    record(commune_user, other, signed_on=date(2024, 9, 28), effective_from=date(2024, 9, 1))
    october = prepare(commune_user, 2024, 10)
    assert months(line_of(october, person)) == [("2024-10-01", MONTHLY)]
    assert months(line_of(october, other)) == [("2024-09-01", MONTHLY), ("2024-10-01", MONTHLY)]


def test_preparing_a_draft_again_replaces_its_lines_and_is_audited(commune_user: User) -> None:
    first = adult(full_name="Hoàng Văn Một")
    record(commune_user, first)
    draft = prepare(commune_user, 2024, 10)
    record(
        commune_user,
        adult(full_name="Lý Thị Hai"),
        signed_on=date(2024, 10, 2),
        effective_from=date(2024, 10, 1),
    )
    again = prepare(commune_user, 2024, 10)
    assert again.pk == draft.pk
    assert again.payees == 2
    assert PaymentLine.objects.filter(run=again).count() == 2
    events = AuditEvent.objects.filter(action="benefits.payment_run.prepared", object_id=str(draft.pk))
    assert [event.new_values["replaced"] for event in events.order_by("id") if event.new_values] == [
        False,
        True,
    ]


def test_only_kinds_paid_monthly_and_months_up_to_next_month_are_prepared(commune_user: User) -> None:
    with pytest.raises(ApplicationError) as refused:
        prepare(commune_user, 2024, 10, kind="funeral")
    assert refused.value.field == "kind"
    with pytest.raises(ApplicationError) as refused:
        prepare(commune_user, 2099, 1)
    assert refused.value.field == "month"


def test_care_support_has_runs_of_its_own(commune_user: User) -> None:
    mother = adult(sex="female")
    record(commune_user, mother)
    record(commune_user, mother, kind="care_support", children_under_36_months=1)
    care = prepare(commune_user, 2024, 7, kind="care_support")
    assert care.kind == "care_support"
    assert care.total == MONTHLY  # 500,000 × 1.5
    assert prepare(commune_user, 2024, 7).total == MONTHLY


# --- Locking ------------------------------------------------------------------------------------------------


def test_an_approved_run_cannot_be_prepared_again_nor_changed(commune_user: User) -> None:
    record(commune_user, adult())
    run = approved(commune_user, 2024, 10)
    assert run.status == PaymentRunStatus.APPROVED
    with pytest.raises(ApplicationError) as refused:
        prepare(commune_user, 2024, 10)
    assert refused.value.code == "locked"
    with pytest.raises(ApplicationError, match="already approved"):
        payment_run_approve(actor=commune_user, run=run)

    stored = PaymentRun.objects.get(pk=run.pk)
    stored.total = 1
    with pytest.raises(PaymentRunLocked):
        stored.save()
    with pytest.raises(PaymentRunLocked):
        PaymentRun.objects.filter(pk=run.pk).update(total=1)
    with pytest.raises(PaymentRunLocked):
        stored.delete()
    line = PaymentLine.objects.get(run=run)
    line.total = 1
    with pytest.raises(PaymentRunLocked):
        line.save()
    with pytest.raises(PaymentRunLocked):
        PaymentLine.objects.filter(run=run).update(total=1)
    with pytest.raises(PaymentRunLocked):
        PaymentLine.objects.filter(run=run).delete()
    line.pk, line.position = None, 2
    with pytest.raises(PaymentRunLocked):
        PaymentLine.objects.bulk_create([line])
    assert PaymentRun.objects.get(pk=run.pk).total == MONTHLY


def test_an_approved_run_is_marked_paid_once_and_stays_locked(commune_user: User) -> None:
    record(commune_user, adult())
    draft = prepare(commune_user, 2024, 10)
    with pytest.raises(ApplicationError, match="Approve the run"):
        payment_run_mark_paid(actor=commune_user, run=draft)
    paid = payment_run_mark_paid(actor=commune_user, run=payment_run_approve(actor=commune_user, run=draft))
    assert paid.status == PaymentRunStatus.PAID
    assert paid.paid_by == commune_user
    with pytest.raises(ApplicationError, match="already marked paid"):
        payment_run_mark_paid(actor=commune_user, run=paid)
    stored = PaymentRun.objects.get(pk=paid.pk)
    stored.status = PaymentRunStatus.DRAFT
    with pytest.raises(PaymentRunLocked):
        stored.save(update_fields=["status"])


def test_runs_go_forward(commune_user: User) -> None:
    record(commune_user, adult())
    september = prepare(commune_user, 2024, 9)
    approved(commune_user, 2024, 10)
    with pytest.raises(ApplicationError) as refused:
        payment_run_approve(actor=commune_user, run=september)
    assert refused.value.code == "later_run_approved"
    with pytest.raises(ApplicationError) as refused:
        prepare(commune_user, 2024, 9)
    assert refused.value.code == "later_run_approved"


def test_a_draft_prepared_before_an_earlier_month_was_approved_must_be_prepared_again(
    commune_user: User,
) -> None:
    person = adult()
    record(commune_user, person)
    approved(commune_user, 2024, 8)
    october = prepare(commune_user, 2024, 10)  # pays September, which has no approved run yet
    approved(commune_user, 2024, 9)
    with pytest.raises(ApplicationError) as refused:
        payment_run_approve(actor=commune_user, run=october)
    assert refused.value.code == "stale"
    october = payment_run_approve(actor=commune_user, run=prepare(commune_user, 2024, 10))
    assert months(line_of(october, person)) == [("2024-10-01", MONTHLY)]


# --- Who may, and the trail ---------------------------------------------------------------------------------


def test_approving_is_a_capability_of_officers_not_of_viewers_or_agencies() -> None:
    assert {role for role in Role if role_has(role, APPROVE)} == {Role.ADMIN, Role.PROVINCE, Role.COMMUNE}


def test_preparing_and_approving_keep_to_the_actors_scope_and_capability(
    commune_user: User,
    other_commune_user: User,
    province_user: User,
    other_province_user: User,
    viewer_user: User,
    agency_user: User,
) -> None:
    record(commune_user, adult())
    for outsider in (other_commune_user, other_province_user, viewer_user, agency_user):
        with pytest.raises(PermissionDenied):
            prepare(outsider, 2024, 10)
    run = prepare(province_user, 2024, 10)
    for outsider in (other_commune_user, other_province_user, viewer_user, agency_user):
        with pytest.raises(PermissionDenied):
            payment_run_approve(actor=outsider, run=run)
        with pytest.raises(PermissionDenied):
            payment_run_mark_paid(actor=outsider, run=run)
    assert payment_run_approve(actor=commune_user, run=run).approved_by == commune_user


def test_the_selectors_keep_to_the_viewers_area(
    commune_user: User, other_commune_user: User, province_user: User, viewer_user: User
) -> None:
    record(commune_user, adult())
    run = prepare(commune_user, 2024, 10)
    assert list(payment_run_list(viewer=commune_user)) == [run]
    assert list(payment_run_list(viewer=province_user, month=date(2024, 10, 20), kind=ALLOWANCE)) == [run]
    assert list(payment_run_list(viewer=province_user, status=PaymentRunStatus.PAID)) == []
    assert list(payment_run_list(viewer=other_commune_user)) == []
    with pytest.raises(PaymentRun.DoesNotExist):
        access_payment_run(viewer=other_commune_user, pk=run.pk)
    with pytest.raises(PermissionDenied):
        payment_run_list(viewer=viewer_user)
    with pytest.raises(PermissionDenied):
        payment_run_lines(viewer=other_commune_user, run=run)
    fetched = access_payment_run(viewer=commune_user, pk=run.pk)
    assert [line.full_name for line in payment_run_lines(viewer=commune_user, run=fetched)] == [
        "Đặng Thị Ánh"
    ]
    assert AuditEvent.objects.filter(action="benefits.payment_run.viewed", object_id=str(run.pk)).count() == 1


def test_each_step_is_audited(commune_user: User) -> None:
    record(commune_user, adult())
    run = prepare(commune_user, 2024, 10)
    payment_run_mark_paid(actor=commune_user, run=payment_run_approve(actor=commune_user, run=run))
    events = AuditEvent.objects.filter(object_type="benefits.paymentrun", object_id=str(run.pk)).order_by(
        "id"
    )
    assert [event.action for event in events] == [
        "benefits.payment_run.prepared",
        "benefits.payment_run.approved",
        "benefits.payment_run.paid",
    ]
    assert all(event.actor_id == commune_user.pk and event.unit_path == run.unit_path for event in events)
    prepared = events[0].new_values
    assert prepared is not None
    assert (prepared["payees"], prepared["total"], prepared["month"]) == (1, MONTHLY, "2024-10-01")


# --- A province at once -------------------------------------------------------------------------------------


def test_a_province_is_prepared_commune_by_commune_skipping_approved_runs(
    province_user: User, commune_user: User, other_province_user: User
) -> None:
    record(commune_user, adult())
    record(province_user, adult(full_name="Hà Thị Ba", commune=unit(DONG_DANG)))
    record(province_user, adult(full_name="Vi Văn Bốn", commune=unit(DONG_DANG)))
    payment_run_approve(actor=commune_user, run=prepare(commune_user, 2024, 10))
    result = payment_runs_prepare_province(
        actor=province_user, province=unit(LANG_SON), month=date(2024, 10, 1), kind=ALLOWANCE
    )
    assert [(run.commune.code, run.payees, run.total) for run in result.runs] == [(DONG_DANG, 2, 2 * MONTHLY)]
    assert [commune.code for commune in result.skipped] == [BAC_SON]
    with pytest.raises(PermissionDenied):
        payment_runs_prepare_province(
            actor=other_province_user, province=unit(LANG_SON), month=date(2024, 10, 1), kind=ALLOWANCE
        )
    with pytest.raises(PermissionDenied):
        payment_runs_prepare_province(
            actor=commune_user, province=unit(LANG_SON), month=date(2024, 10, 1), kind=ALLOWANCE
        )


def _queries_to_prepare(actor: User) -> int:
    assert actor.scope  # read the scope once, as a request does
    with CaptureQueriesContext(connection) as queries:
        prepare(actor, 2024, 10)
    return len(queries)


def test_preparing_reads_a_fixed_number_of_queries_whatever_the_number_of_persons(commune_user: User) -> None:
    def add(index: int, **overrides: Any) -> None:
        person = adult(full_name=f"Người {index}")
        record(commune_user, person, **overrides)

    add(0)
    add(1, signed_on=date(2024, 10, 2), effective_from=date(2024, 8, 1))
    approved(commune_user, 2024, 9)
    prepare(commune_user, 2024, 10)  # both measures prepare the draft again
    with_two = _queries_to_prepare(commune_user)
    for index in range(2, 8):
        add(index, signed_on=date(2024, 10, 2), effective_from=date(2024, 6, 1))
    assert _queries_to_prepare(commune_user) == with_two
    assert PaymentRun.objects.get(month=date(2024, 10, 1)).payees == 8


# --- Health-insurance cards ---------------------------------------------------------------------------------


def test_health_insurance_is_due_to_everyone_on_the_allowance_and_starts_with_it(
    commune_user: User, other_commune_user: User, viewer_user: User
) -> None:
    since_july = adult(full_name="Hoàng Văn Một")
    record(commune_user, since_july)
    new = adult(full_name="Lý Thị Hai")
    record(commune_user, new, signed_on=date(2024, 10, 2), effective_from=date(2024, 10, 1))
    stopped = adult(full_name="Vi Văn Ba")
    record(commune_user, stopped)
    record(
        commune_user,
        stopped,
        action=DecisionAction.STOP,
        reason=StopReason.OTHER,
        effective_from=date(2024, 9, 1),
    )
    due = {
        item.person.full_name: item.starts
        for item in health_insurance_due(viewer=commune_user, month=date(2024, 10, 9))
    }
    assert due == {"Hoàng Văn Một": False, "Lý Thị Hai": True}
    assert health_insurance_due(viewer=other_commune_user, month=date(2024, 10, 1)) == []
    with pytest.raises(PermissionDenied):
        health_insurance_due(viewer=viewer_user, month=date(2024, 10, 1))
    event = AuditEvent.objects.filter(
        action="benefits.health_insurance.listed", actor_id=commune_user.pk
    ).get()
    assert event.new_values is not None
    assert sorted(event.new_values["ids"]) == sorted([since_july.pk, new.pk])
    assert BenefitDecision.objects.count() == 4


def test_the_caring_household_support_is_for_a_particularly_severe_person_and_paid_to_the_carer(
    commune_user: User,
) -> None:
    carer_support = "carer_support"
    without_carer = adult("particularly_severe", full_name="Nông Văn Ba")
    with pytest.raises(ApplicationError, match="who cares for them"):
        record(commune_user, without_carer, kind=carer_support)
    severe = adult("severe", full_name="Nông Văn Bốn", carer_name="Nông Thị Năm")
    with pytest.raises(ApplicationError, match="particularly severe"):
        record(commune_user, severe, kind=carer_support)

    cared_for = adult("particularly_severe", full_name="Hà Văn Sáu", carer_name="Hà Thị Bảy")
    decision = record(commune_user, cared_for, kind=carer_support)
    assert (decision.coefficient, decision.monthly_amount) == (1, LEVEL_2024)  # 1.0 × the standard level
    assert any("support to the carer" in line for line in decision.explanation["en"])

    run = prepare(commune_user, 2024, 7, kind=carer_support)
    line = line_of(run, cared_for)
    assert (line.full_name, line.payee_name, line.total) == ("Hà Văn Sáu", "Hà Thị Bảy", LEVEL_2024)
    assert run.payees == 1  # the allowance decisions of the commune are another run
