"""Reporting deaths and moves to the national population database through the outbox
(``people.identity.events`` records, ``people.identity.delivery`` sends)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.people.identity import delivery
from hoanhap.people.identity.delivery import population_events_send
from hoanhap.people.identity.registry import CitizenRecord, EventKind, RegistryUnavailable
from hoanhap.people.identity.sandbox import ReportedEvent, SandboxPopulationRegistry
from hoanhap.people.identity.selectors import population_event_reports
from hoanhap.people.models import Person, PersonStatus, PopulationEventReport
from hoanhap.people.services import person_move, person_set_status
from tests.factories import DONG_DANG, make_cccd, make_person, signed_in, unit

pytestmark = pytest.mark.django_db

ANH = "020175123456"  # Đặng Thị Ánh, as make_person registers her by default
TAI = make_cccd(sex="male", birth_year=1960)
DIED_ON = date(2025, 3, 1)


class UnavailableRegistry:
    """The database away: every call fails as the HTTP adapter fails on a timeout."""

    source = "http"

    def __init__(self) -> None:
        self.calls = 0

    def lookup(self, cccd: str) -> CitizenRecord | None:
        raise RegistryUnavailable("the population database cannot be reached")

    def report_event(self, kind: EventKind, cccd: str, date: dt.date, details: Mapping[str, str]) -> None:
        self.calls += 1
        raise RegistryUnavailable("the population database cannot be reached")


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> SandboxPopulationRegistry:
    """The one sandbox every run uses (the factory makes a new, empty one each time), to see what it got."""
    registry = SandboxPopulationRegistry()
    monkeypatch.setattr(delivery, "population_registry", lambda: registry)
    return registry


def record_death(actor: User, person: Person, since: date = DIED_ON) -> Person:
    return person_set_status(
        actor=actor,
        person=person,
        expected_version=person.version,
        status=PersonStatus.DECEASED,
        since=since,
    )


def make_tai(actor: User) -> Person:
    """A second person with a citizen ID, in the same commune."""
    return make_person(actor, full_name="Lý Văn Tài", sex="male", birth_year=1960, cccd=TAI)


def set_active(actor: User, person: Person) -> Person:
    return person_set_status(
        actor=actor, person=person, expected_version=person.version, status=PersonStatus.ACTIVE, since=None
    )


# --- Recording, in the change's transaction, and delivering after commit ---------------------------------


def test_a_death_is_recorded_with_the_change_and_delivered_once_it_commits(
    commune_user: User, sandbox: SandboxPopulationRegistry, django_capture_on_commit_callbacks: Callable
) -> None:
    person = make_person(commune_user, cccd=ANH)
    with django_capture_on_commit_callbacks(execute=True):
        record_death(commune_user, person)
        report = PopulationEventReport.objects.get(person=person)
        assert (report.kind, report.event_date, report.cccd, report.status) == (
            "death",
            DIED_ON,
            ANH,
            "pending",
        )
        assert report.created_by == commune_user
        assert sandbox.reported == []  # nothing leaves before the change is committed
    assert sandbox.reported == [ReportedEvent("death", ANH, DIED_ON, {})]
    report.refresh_from_db()
    assert (report.status, report.attempts, report.last_error, report.claimed_at) == ("sent", 1, "", None)
    assert report.sent_at is not None
    event = AuditEvent.objects.get(action="people.identity.event_reported")
    assert (event.actor_id, event.object_id, event.unit_path) == (None, str(person.pk), person.unit_path)
    assert event.new_values == {
        "report": report.pk,
        "kind": "death",
        "date": "2025-03-01",
        "details": {},
    }


def test_a_move_is_reported_with_the_new_commune(
    commune_user: User, sandbox: SandboxPopulationRegistry, django_capture_on_commit_callbacks: Callable
) -> None:
    person = make_person(commune_user, cccd=ANH)
    with django_capture_on_commit_callbacks(execute=True):
        person_move(actor=commune_user, person=person, expected_version=1, commune=unit(DONG_DANG))
    assert sandbox.reported == [
        ReportedEvent("moved", ANH, timezone.localdate(), {"commune_code": DONG_DANG})
    ]
    assert PopulationEventReport.objects.get(person=person).status == "sent"


def test_a_change_rolled_back_is_neither_recorded_nor_reported(
    commune_user: User, sandbox: SandboxPopulationRegistry, django_capture_on_commit_callbacks: Callable
) -> None:
    person = make_person(commune_user, cccd=ANH)

    def failing_request() -> None:
        with transaction.atomic():
            record_death(commune_user, person)
            raise RuntimeError("the request failed after the change")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_request()
    assert callbacks == []
    assert not PopulationEventReport.objects.exists()
    assert sandbox.reported == []
    assert population_events_send(registry=sandbox).sent == 0


def test_a_person_without_a_citizen_id_is_not_reported(
    commune_user: User, sandbox: SandboxPopulationRegistry, django_capture_on_commit_callbacks: Callable
) -> None:
    person = make_person(commune_user)
    with django_capture_on_commit_callbacks(execute=True):
        person = person_move(actor=commune_user, person=person, expected_version=1, commune=unit(DONG_DANG))
        record_death(commune_user, person)
    assert not PopulationEventReport.objects.exists()
    assert sandbox.reported == []


def test_only_a_change_the_database_can_act_on_is_reported(commune_user: User) -> None:
    """Correcting the date of a death, moving within the same commune, or the status "moved away" (no
    commune named) report nothing."""
    person = make_person(commune_user, cccd=ANH)
    person = record_death(commune_user, person)
    person = record_death(commune_user, person, since=DIED_ON + timedelta(days=1))
    other = make_tai(commune_user)
    other = person_move(
        actor=commune_user, person=other, expected_version=1, commune=other.commune, village="Thôn Mới"
    )
    person_set_status(
        actor=commune_user,
        person=other,
        expected_version=other.version,
        status=PersonStatus.MOVED,
        since=DIED_ON,
    )
    assert list(PopulationEventReport.objects.values_list("person_id", "kind")) == [(person.pk, "death")]


def test_a_death_corrected_before_it_was_sent_is_withdrawn(
    commune_user: User, sandbox: SandboxPopulationRegistry
) -> None:
    person = make_person(commune_user, cccd=ANH)
    person = set_active(commune_user, record_death(commune_user, person))
    assert PopulationEventReport.objects.get(person=person).status == "withdrawn"
    assert population_events_send(registry=sandbox).sent == 0
    assert sandbox.reported == []


def test_a_death_already_sent_stays_sent_and_its_correction_sends_nothing(
    commune_user: User, sandbox: SandboxPopulationRegistry
) -> None:
    person = record_death(commune_user, make_person(commune_user, cccd=ANH))
    population_events_send(registry=sandbox)
    set_active(commune_user, person)
    assert population_events_send(registry=sandbox).sent == 0
    assert [event.kind for event in sandbox.reported] == ["death"]
    assert PopulationEventReport.objects.get(person=person).status == "sent"


# --- Sending: failures, retries, concurrent senders ---------------------------------------------------------


def test_an_unavailable_database_leaves_the_report_for_the_next_run(
    commune_user: User, sandbox: SandboxPopulationRegistry
) -> None:
    person = record_death(commune_user, make_person(commune_user, cccd=ANH))
    away = UnavailableRegistry()
    counts = population_events_send(registry=away)
    assert (counts.sent, counts.failed, counts.pending) == (0, 1, 1)
    report = PopulationEventReport.objects.get(person=person)
    assert (report.status, report.attempts, report.last_error, report.claimed_at) == (
        "pending",
        1,
        "RegistryUnavailable",
        None,
    )
    assert report.last_attempt_at is not None
    assert not AuditEvent.objects.filter(action="people.identity.event_reported").exists()

    assert population_events_send(registry=sandbox).as_dict() == {"sent": 1, "failed": 0, "pending": 0}
    assert population_events_send(registry=sandbox).sent == 0
    assert sandbox.reported == [ReportedEvent("death", ANH, DIED_ON, {})]
    report.refresh_from_db()
    assert (report.status, report.attempts, report.last_error) == ("sent", 2, "")
    assert AuditEvent.objects.filter(action="people.identity.event_reported").count() == 1


def test_an_unexpected_error_on_one_report_does_not_stop_the_others(
    commune_user: User, sandbox: SandboxPopulationRegistry
) -> None:
    first = record_death(commune_user, make_person(commune_user, cccd=ANH))
    second = record_death(commune_user, make_tai(commune_user))

    class RefusesTheFirst(SandboxPopulationRegistry):
        def report_event(self, kind: EventKind, cccd: str, date: dt.date, details: Mapping[str, str]) -> None:
            if cccd == ANH:
                raise ValueError("a report the adapter cannot send")
            super().report_event(kind, cccd, date, details)

    registry = RefusesTheFirst()
    assert population_events_send(registry=registry).as_dict() == {"sent": 1, "failed": 1, "pending": 1}
    assert [event.cccd for event in registry.reported] == [TAI]
    assert PopulationEventReport.objects.get(person=first).last_error == "ValueError"
    assert PopulationEventReport.objects.get(person=second).status == "sent"


def test_reports_are_sent_oldest_first_within_the_limit(
    commune_user: User, sandbox: SandboxPopulationRegistry
) -> None:
    record_death(commune_user, make_person(commune_user, cccd=ANH))
    record_death(commune_user, make_tai(commune_user))
    assert population_events_send(registry=sandbox, limit=1).as_dict() == {
        "sent": 1,
        "failed": 0,
        "pending": 1,
    }
    assert [event.cccd for event in sandbox.reported] == [ANH]


def test_two_senders_never_send_the_same_report(commune_user: User) -> None:
    """The first sender reads both reports, then waits on the database for the first one; meanwhile a
    second sender (another worker) leaves that one alone and sends the other, which the first sender then
    finds taken."""
    record_death(commune_user, make_person(commune_user, cccd=ANH))
    record_death(commune_user, make_tai(commune_user))
    second_sender = SandboxPopulationRegistry()
    second_runs: list[dict[str, int]] = []

    class SlowRegistry(SandboxPopulationRegistry):
        def report_event(self, kind: EventKind, cccd: str, date: dt.date, details: Mapping[str, str]) -> None:
            if not second_runs:
                second_runs.append(population_events_send(registry=second_sender).as_dict())
            super().report_event(kind, cccd, date, details)

    first_sender = SlowRegistry()
    assert population_events_send(registry=first_sender).as_dict() == {"sent": 1, "failed": 0, "pending": 0}
    assert second_runs == [{"sent": 1, "failed": 0, "pending": 1}]  # the first report was still on its way
    assert [event.cccd for event in first_sender.reported] == [ANH]
    assert [event.cccd for event in second_sender.reported] == [TAI]
    assert set(PopulationEventReport.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_a_claim_left_by_a_sender_that_died_is_taken_over(
    commune_user: User, sandbox: SandboxPopulationRegistry
) -> None:
    person = record_death(commune_user, make_person(commune_user, cccd=ANH))
    reports = PopulationEventReport.objects.filter(person=person)
    reports.update(claimed_at=timezone.now() - timedelta(minutes=1), attempts=1)
    assert population_events_send(registry=sandbox).sent == 0  # still being sent, as far as anyone knows
    reports.update(claimed_at=timezone.now() - delivery.CLAIM_LEASE - timedelta(minutes=1))
    assert population_events_send(registry=sandbox).sent == 1
    assert reports.get().attempts == 2


# --- The command and the person's page ------------------------------------------------------------------


def test_the_command_sends_and_prints_the_counts(
    commune_user: User, sandbox: SandboxPopulationRegistry
) -> None:
    record_death(commune_user, make_person(commune_user, cccd=ANH))
    other = make_tai(commune_user)
    person_move(actor=commune_user, person=other, expected_version=1, commune=unit(DONG_DANG))
    out = StringIO()
    call_command("send_population_events", "--limit", "1", stdout=out)
    assert out.getvalue().strip() == "1 report(s) sent, 0 failed, 1 still waiting"
    out = StringIO()
    call_command("send_population_events", stdout=out)
    assert out.getvalue().strip() == "1 report(s) sent, 0 failed, 0 still waiting"
    assert [event.kind for event in sandbox.reported] == ["death", "moved"]


def test_the_person_page_shows_what_was_reported_and_what_waits(
    commune_user: User, province_user: User
) -> None:
    person = make_person(commune_user, cccd=ANH)
    client = signed_in(province_user)  # the person moves to another commune of the province
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page_url = reverse("web:person_detail", kwargs={"person_id": person.pk})
    assert "reported to the population database" not in page(client, page_url)

    person = person_move(actor=commune_user, person=person, expected_version=1, commune=unit(DONG_DANG))
    population_events_send(registry=SandboxPopulationRegistry())
    record_death(commune_user, person)
    population_events_send(registry=UnavailableRegistry())
    html = page(client, page_url)
    assert "Deaths and moves reported to the population database" in html
    assert "Reported to the population database on " in html
    assert f"(new commune {DONG_DANG})" in html
    attempted = PopulationEventReport.objects.get(kind="death").last_attempt_at
    assert attempted is not None
    last = timezone.localtime(attempted).strftime("%d/%m/%Y %H:%M")
    assert f"Waiting to be sent (1 attempt, last: {last})" in html
    assert "01/03/2025" in html


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reports_of_a_person_are_read_in_one_query(
    commune_user: User, django_assert_num_queries: Any
) -> None:
    person = make_person(commune_user, cccd=ANH)
    person = person_move(actor=commune_user, person=person, expected_version=1, commune=unit(DONG_DANG))
    record_death(commune_user, person)
    with django_assert_num_queries(1):
        reports = population_event_reports(person=person)
        shown = [(report.kind, report.status, report.event_date) for report in reports]
    assert shown == [("death", "pending", DIED_ON), ("moved", "pending", timezone.localdate())]
