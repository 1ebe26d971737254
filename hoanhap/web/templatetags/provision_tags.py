"""The services section of a person's page: the history is fetched here, so the person page's view does
not have to know about services."""

from __future__ import annotations

from typing import Any

from django import template

from hoanhap.accounts.models import User
from hoanhap.people.models import Person
from hoanhap.provision.reach import RECORD
from hoanhap.provision.selectors import person_service_history

register = template.Library()


@register.simple_tag(takes_context=True)
def person_services(context: dict[str, Any], person: Person) -> dict[str, Any]:
    """``records``: the person's services the viewer may see, newest first (one query); ``can_record``."""
    user = context["request"].user
    if not isinstance(user, User):
        return {"records": [], "can_record": False}
    return {
        "records": person_service_history(viewer=user, person=person),
        "can_record": user.has_capability(RECORD),
    }
