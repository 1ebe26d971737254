import pytest
from django.db import DatabaseError, connection, transaction

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent, AuditEventIsImmutable
from hoanhap.audit.selectors import AuditFilters, audit_event_list
from hoanhap.audit.services import audit_record
from hoanhap.core.request_context import RequestContext, request_context

pytestmark = pytest.mark.django_db


def test_an_event_records_actor_object_values_and_the_request_address(admin_user: User) -> None:
    with request_context(RequestContext(ip="10.1.2.3", user_agent="Firefox", channel="web")):
        event = audit_record(
            actor=admin_user,
            action="test.thing.changed",
            obj=admin_user,
            unit_path="/c/20/",
            old={"a": 1},
            new={"a": 2},
        )
    event.refresh_from_db()
    assert (event.actor_id, event.actor_username) == (admin_user.pk, "admin")
    assert (event.object_type, event.object_id) == ("accounts.user", str(admin_user.pk))
    assert (event.old_values, event.new_values) == ({"a": 1}, {"a": 2})
    assert (event.ip, event.user_agent, event.channel) == ("10.1.2.3", "Firefox", "web")


def test_events_cannot_be_changed_or_deleted_through_the_application(admin_user: User) -> None:
    event = audit_record(actor=admin_user, action="test.thing.changed")
    event.action = "forged"
    with pytest.raises(AuditEventIsImmutable):
        event.save()
    with pytest.raises(AuditEventIsImmutable):
        event.delete()
    with pytest.raises(AuditEventIsImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AuditEventIsImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_to_change_an_event(admin_user: User) -> None:
    event = audit_record(actor=admin_user, action="test.thing.changed")
    # Bypass the model and queryset guards, as a careless script or an attacker with SQL would.
    with connection.cursor() as cursor, pytest.raises(DatabaseError), transaction.atomic():
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == "test.thing.changed"


def test_events_outlive_the_user_they_are_about(admin_user: User) -> None:
    victim = User.objects.create(username="temp")
    audit_record(actor=admin_user, action="accounts.user.created", obj=victim)
    victim_id = victim.pk
    victim.delete()
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(victim_id))
    assert event.object_repr == "temp"


def test_province_officer_reads_only_events_of_their_province(admin_user: User, province_user: User) -> None:
    audit_record(actor=admin_user, action="x.inside", unit_path="/c/20/06325/")
    audit_record(actor=admin_user, action="x.outside", unit_path="/c/51/23293/")
    audit_record(actor=admin_user, action="x.unitless")
    seen = set(
        audit_event_list(viewer=province_user, filters=AuditFilters(action="x.")).values_list(
            "action", flat=True
        )
    )
    assert seen == {"x.inside"}
    everything = set(
        audit_event_list(viewer=admin_user, filters=AuditFilters(action="x.")).values_list(
            "action", flat=True
        )
    )
    assert everything == {"x.inside", "x.outside", "x.unitless"}


def test_filters_by_actor_and_object(admin_user: User, province_user: User) -> None:
    audit_record(actor=province_user, action="x.a", object_type="t", object_id="1")
    audit_record(actor=admin_user, action="x.b", object_type="t", object_id="2")
    by_actor = audit_event_list(viewer=admin_user, filters=AuditFilters(actor="TINH", action="x."))
    assert [e.action for e in by_actor] == ["x.a"]
    by_object = audit_event_list(viewer=admin_user, filters=AuditFilters(object_type="t", object_id="2"))
    assert [e.action for e in by_object] == ["x.b"]


def test_a_bulk_write_records_one_event_per_object_as_audit_record_would(admin_user: User) -> None:
    from datetime import date

    from hoanhap.audit.services import AuditEntry, audit_record_many

    others = [User.objects.create_user(username=f"bulk-{number}") for number in range(3)]
    with request_context(RequestContext(ip="10.1.2.3", user_agent="Firefox", channel="web")):
        audit_record_many(
            actor=admin_user,
            action="test.thing.imported",
            entries=[
                AuditEntry(obj=user, unit_path="/c/20/", new={"on": date(2025, 7, 1), "import": "x"})
                for user in others
            ],
        )

    events = AuditEvent.objects.filter(action="test.thing.imported").order_by("id")
    assert [event.object_id for event in events] == [str(user.pk) for user in others]
    for event, user in zip(events, others, strict=True):
        assert (event.actor_id, event.actor_username, event.object_type) == (
            admin_user.pk,
            "admin",
            "accounts.user",
        )
        assert (event.object_repr, event.unit_path) == (str(user), "/c/20/")
        assert (event.old_values, event.new_values) == (None, {"on": "2025-07-01", "import": "x"})
        assert (event.ip, event.user_agent, event.channel) == ("10.1.2.3", "Firefox", "web")
