"""The bulk writers store what ``bulk_create`` / ``bulk_update`` would, on SQLite and PostgreSQL."""

import gc
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.core import bulk
from hoanhap.core.bulk import cycle_collection_paused, insert_instances, insert_rows, update_rows
from hoanhap.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

WHEN = datetime(2025, 7, 1, 8, 30, tzinfo=UTC)
BLANK_COLUMNS = ["actor_username", "object_type", "object_id", "object_repr", "user_agent", "channel"]


def _event(number: int) -> AuditEvent:
    return AuditEvent(
        occurred_at=WHEN,
        actor_id=7,
        actor_username="xa-bacson",
        action="test.bulk.written",
        object_type="people.person",
        object_id=str(number),
        object_repr=f"Người {number} — Nguyễn Thị Ánh",
        unit_path="/c/20/06325/",
        new_values={"number": number, "types": ["mobility"], "name": "Lương Thị Phượng"},
        ip="10.0.0.1",
    )


def test_instances_get_the_keys_the_database_gives_in_their_order() -> None:
    events = [_event(number) for number in range(5)]
    before = timezone.now()

    insert_instances(events)

    stored = {event.pk: event for event in AuditEvent.objects.filter(action="test.bulk.written")}
    assert sorted(stored) == [event.pk for event in events]
    for event in events:
        again = stored[event.pk]
        assert again.object_id == event.object_id
        assert before <= again.occurred_at == event.occurred_at <= timezone.now()  # auto_now_add, as save()
        assert again.new_values == event.new_values
        assert (again.ip, again.object_repr) == ("10.0.0.1", event.object_repr)
        assert again.old_values is None
        assert not event._state.adding


def test_rows_longer_than_one_statement_are_split_and_keep_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk, "_MAX_ROWS_PER_STATEMENT", 2)
    events = [_event(number) for number in range(7)]

    insert_instances(events)

    by_key = dict(AuditEvent.objects.filter(action="test.bulk.written").values_list("pk", "object_id"))
    assert [by_key[event.pk] for event in events] == [str(number) for number in range(7)]


def test_auto_now_add_is_stamped_and_a_key_the_model_makes_is_kept(admin_user: User) -> None:
    jobs = [
        Job(kind="test", label=f"job {number}", owner=admin_user, result={"n": number}) for number in range(3)
    ]
    chosen = [job.pk for job in jobs]  # a UUID made by the model, not by the database

    insert_instances(jobs)

    stored = Job.objects.filter(kind="test").order_by("label")
    assert [job.pk for job in stored] == chosen
    assert all(job.created_at is not None and job.status == JobStatus.QUEUED for job in stored)
    assert [job.result for job in stored] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert [job.owner_id for job in stored] == [admin_user.pk] * 3


def test_insert_rows_converts_values_as_the_fields_do() -> None:
    [key] = insert_rows(
        AuditEvent,
        [*BLANK_COLUMNS, "occurred_at", "actor_id", "action", "new_values", "unit_path"],
        [
            ("",) * len(BLANK_COLUMNS)
            + (WHEN, None, "test.bulk.row", {"when": "2025-07-01", "ok": True}, "/c/20/")
        ],
        returning=True,
    )

    event = AuditEvent.objects.get(pk=key)
    assert (event.occurred_at, event.actor_id, event.new_values) == (
        WHEN,
        None,
        {"when": "2025-07-01", "ok": True},
    )
    assert insert_rows(AuditEvent, ["occurred_at", "action"], []) == []


def test_update_rows_sets_each_row_its_own_values(admin_user: User) -> None:
    jobs = insert_instances(
        [Job(kind="test", label=f"job {number}", owner=admin_user) for number in range(3)]
    )

    update_rows(Job, ["progress_done", "message"], [(jobs[0].pk, 10, "a"), (jobs[2].pk, 30, "c")])
    update_rows(Job, ["result"], [(jobs[1].pk, {"rows": [1, 2]})])

    stored = {job.pk: job for job in Job.objects.filter(kind="test")}
    assert [stored[job.pk].progress_done for job in jobs] == [10, 0, 30]
    assert [stored[job.pk].message for job in jobs] == ["a", "", "c"]
    assert stored[jobs[1].pk].result == {"rows": [1, 2]}


def test_the_cycle_collector_is_paused_for_a_bulk_job_and_restored_after_it_even_on_error() -> None:
    assert gc.isenabled()
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycle_collection_paused():
        raise RuntimeError("the job failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_update_rows_across_statements_and_with_empty_values(
    admin_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "_MAX_ROWS_PER_STATEMENT", 2)
    jobs = insert_instances(
        [
            Job(kind="test", label=f"job {number}", owner=admin_user, result={"n": number})
            for number in range(5)
        ]
    )

    # A column of nothing but NULLs in a statement, and a date-time: typed as their columns.
    update_rows(Job, ["result", "started_at"], [(job.pk, None, WHEN) for job in jobs])

    stored = Job.objects.filter(kind="test")
    assert [(job.result, job.started_at) for job in stored] == [(None, WHEN)] * 5
