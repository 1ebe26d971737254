"""Objects the access matrices open: each in Bắc Sơn and in the health domain, so that every role with
``provision.record`` (the health station's reporter included) reaches it."""

from __future__ import annotations

from datetime import date
from typing import Any

from hoanhap.accounts.models import User
from hoanhap.provision.activities import ActivityData, activity_create, activity_participant_add_staff
from hoanhap.provision.models import Activity, ActivityKind, Domain, ServiceType
from tests.factories import BAC_SON, unit


def health_talk(actor: User, **overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "title": "Truyền thông phục hồi chức năng",
        "domain": Domain.HEALTH,
        "kind": ActivityKind.COMMUNICATION,
        "held_on": date(2025, 4, 2),
        "unit": unit(BAC_SON),
    }
    values.update(overrides)
    return activity_create(actor=actor, data=ActivityData(**values))


def an_activity(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return {"activity_id": health_talk(objects["commune"]).pk}


def a_participant(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    activity = health_talk(objects["commune"])
    participant = activity_participant_add_staff(
        actor=objects["commune"], activity=activity, full_name="Lê Văn An", sex="male"
    )
    return {"activity_id": activity.pk, "participant_id": participant.pk}


def a_service_type(user: User, objects: dict[str, Any]) -> dict[str, Any]:
    return {"type_id": ServiceType.objects.get(code="rehabilitation").pk}
