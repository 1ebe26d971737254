"""What the registry API operations share: the caller, and persons, determinations and certificates as JSON.

No `from __future__ import annotations` here: django-ninja reads the annotations of the modules using these.
"""

from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hoanhap.accounts.models import User
from hoanhap.api.auth import TokenAuth
from hoanhap.api.schemas import ErrorOut
from hoanhap.api.schemas_persons import InvalidOut
from hoanhap.assessments.models import Certificate, DisabilityDetermination
from hoanhap.assessments.selectors import certificate_history, determination_history
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person

# Writes need the registry capability; every role that has it may also read personal data.
MANAGE = TokenAuth("registry.manage")
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut}
ONE_ERRORS: dict[int, Any] = {**READ_ERRORS, 404: ErrorOut, 422: InvalidOut}


def viewer_of(request: HttpRequest) -> User:
    """The account the token belongs to (``TokenAuth`` has checked it)."""
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def plain(value: Any) -> Any:
    """Enum members (and lists of them) from a schema as the plain values the services take."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def commune_of(unit: AdminUnit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name}


def list_item(person: Person, determination: DisabilityDetermination | None) -> dict[str, Any]:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "sex": person.sex,
        "ethnicity": person.ethnicity_id,
        "cccd": person.cccd,
        "commune": commune_of(person.commune),
        "village": person.village,
        "status": person.status,
        "version": person.version,
        "severity": determination.severity if determination else None,
        "types": determination.types if determination else [],
    }


def record_of(person: Person, determination: DisabilityDetermination | None) -> dict[str, Any]:
    return {
        **list_item(person, determination),
        "phone": person.phone,
        "carer_id": person.carer_id,
        "carer_name": person.carer_name,
        "carer_relation": person.carer_relation,
        "household": person.household,
        "special_groups": sorted(person.special_groups.values_list("group", flat=True)),
        "status_date": person.status_date,
        "status_reason": person.status_reason,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def determination_of(determination: DisabilityDetermination) -> dict[str, Any]:
    return {
        "id": determination.pk,
        "decided_on": determination.decided_on,
        "body": determination.body,
        "minutes_number": determination.minutes_number,
        "severity": determination.severity,
        "types": determination.types,
        "basis": determination.basis,
        "created_at": determination.created_at,
    }


def certificates_of(certificates: list[Certificate]) -> list[dict[str, Any]]:
    replaced = {certificate.replaces_id for certificate in certificates}
    return [
        {
            "id": certificate.pk,
            "number": certificate.number,
            "issued_on": certificate.issued_on,
            "issuing_commune": commune_of(certificate.issuing_commune),
            "reason": certificate.reason,
            "determination": certificate.determination_id,
            "replaces": certificate.replaces_id,
            "in_force": certificate.pk not in replaced,
        }
        for certificate in certificates
    ]


def detail_of(person: Person) -> dict[str, Any]:
    """A person in scope (fetched through ``access_person``) with the history of their disability."""
    determinations = determination_history(person=person)
    return {
        **record_of(person, determinations[0] if determinations else None),
        "determinations": [determination_of(determination) for determination in determinations],
        "certificates": certificates_of(certificate_history(person=person)),
    }
