"""The registry API: persons. No `from __future__ import annotations` here: django-ninja reads annotations.

Reads go through the scoped selectors, so an id outside the caller's area is a 404, and every read is
recorded; writes go through the same services as the web interface and need "registry.manage" on top of
"personal_data.view".
"""

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hoanhap.accounts.models import User
from hoanhap.api.auth import TokenAuth
from hoanhap.api.persons_common import (
    MANAGE,
    ONE_ERRORS,
    READ_ERRORS,
    commune_of,
    detail_of,
    list_item,
    plain,
    record_of,
    viewer_of,
)
from hoanhap.api.schemas import ErrorOut
from hoanhap.api.schemas_persons import (
    DuplicateOut,
    InvalidOut,
    PersonCreateIn,
    PersonDetailOut,
    PersonPageOut,
    PersonPatchIn,
    PersonQuery,
    StaleOut,
)
from hoanhap.assessments.selectors import (
    current_determination,
    current_determinations_of,
    with_current_disability,
)
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.pagination import IdsFirstPaginator
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.geo.selectors import current_commune_for, unit_by_code
from hoanhap.people.data_types import PersonData
from hoanhap.people.selectors import (
    PersonFilters,
    access_person,
    duplicate_candidates,
    person_list,
    person_queryset,
    record_person_list_read,
)
from hoanhap.people.services import StaleVersion, person_data_from, person_register, person_update
from hoanhap.people.validation import clean_person_data

router = Router(tags=["persons"], auth=TokenAuth("personal_data.view"))

# Fields of a PATCH that may be null; a null text field means empty.
NULLABLE = {"birth_date", "birth_year", "carer_id"}
# Fields of a new person's body that are not ``PersonData`` fields of the same name.
EXCLUDED_ON_CREATE = {"full_name", "sex", "commune", "commune_edition", "successor", "confirm_not_duplicate"}


# --- Input -----------------------------------------------------------------------------------------------


def unit_for_code(code: str, edition: Edition | None, *, field: str) -> AdminUnit:
    """The unit with ``code`` in ``edition``; without one, a current unit, else a legacy one."""
    try:
        return unit_by_code(code=code, edition=edition)
    except AdminUnit.DoesNotExist:
        raise ApplicationError(
            _("No administrative unit has the code %(code)s.") % {"code": code.strip()},
            code="unknown_unit",
            field=field,
        ) from None


def successor_unit(code: str | None) -> AdminUnit | None:
    return unit_for_code(code, Edition.CURRENT, field="successor") if code else None


def check_carer(viewer: User, carer_id: int | None, person_pk: int | None = None) -> None:
    """The carer must be a person the viewer may see (and not the person themself)."""
    if carer_id is None:
        return
    if carer_id == person_pk or not person_queryset(viewer=viewer).filter(pk=carer_id).exists():
        raise ApplicationError(_("Choose a carer among the persons you may see."), field="carer_id")


def possible_duplicates(viewer: User, data: PersonData) -> dict[str, Any] | None:
    """The 409 answer when the registry holds probable duplicates of ``data``; ``None`` when it does not.

    Candidates in the viewer's area are named; the others are only counted, so the warning does not
    disclose who lives elsewhere.
    """
    clean_person_data(data)  # invalid input is answered with 422 before any warning
    commune = current_commune_for(unit=data.commune, choice=data.successor_choice)
    if not viewer.scope.covers(commune.path):
        return None  # the service refuses the commune itself
    candidates = duplicate_candidates(
        full_name=data.full_name, birth_year=data.birth_year, cccd=data.cccd, commune=commune
    )
    if not candidates:
        return None
    visible = [candidate for candidate in candidates if viewer.scope.covers(candidate.unit_path)]
    return {
        "code": "possible_duplicate",
        "detail": _(
            "The registry may already hold this person. Check the candidates; to register anyway, send "
            "the request again with confirm_not_duplicate set to true."
        ),
        "candidates": [
            {
                "id": candidate.pk,
                "full_name": candidate.full_name,
                "birth_year": candidate.birth_year,
                "commune": commune_of(candidate.commune),
                "same_cccd": bool(data.cccd) and candidate.cccd == data.cccd,
            }
            for candidate in visible
        ],
        "others": len(candidates) - len(visible),
    }


# --- Operations ------------------------------------------------------------------------------------------


@router.get(
    "/persons",
    response={200: PersonPageOut, **READ_ERRORS, 422: InvalidOut},
    summary="List the persons of the registry in your area",
)
def list_persons(request: HttpRequest, filters: Query[PersonQuery]) -> dict[str, Any]:
    """Persons in your area, in Vietnamese name order (given name first). The list read is recorded in
    the audit trail with the ids shown. A page beyond the last one is empty."""
    viewer = viewer_of(request)
    person_filters = PersonFilters(
        query=filters.q,
        commune=filters.commune,
        village=filters.village,
        status=plain(filters.status) or "",
        birth_year=filters.birth_year,
        sex=plain(filters.sex) or "",
    )
    paginator = IdsFirstPaginator(
        with_current_disability(person_list(viewer=viewer, filters=person_filters)), filters.page_size
    )
    persons = list(paginator.page(filters.page)) if filters.page <= paginator.num_pages else []
    determinations = current_determinations_of(persons)
    record_person_list_read(
        viewer=viewer, persons=persons, filters={**asdict(person_filters), "page": filters.page}
    )
    return {
        "items": [list_item(person, determinations.get(person.pk)) for person in persons],
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "page_size": filters.page_size,
    }


@router.post(
    "/persons",
    auth=MANAGE,
    response={201: PersonDetailOut, **READ_ERRORS, 409: DuplicateOut, 422: InvalidOut},
    summary="Register a person",
)
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Status[dict[str, Any]]:
    """The commune is a unit code, current or legacy; a legacy commune divided among several current
    ones needs successor (422 split_commune lists the options). When the registry holds probable
    duplicates (same citizen ID, or same name and year of birth nearby) the answer is 409
    possible_duplicate unless confirm_not_duplicate is true."""
    viewer = viewer_of(request)
    data = PersonData(
        full_name=payload.full_name,
        sex=plain(payload.sex),
        commune=unit_for_code(payload.commune, payload.commune_edition, field="commune"),
        successor_choice=successor_unit(payload.successor),
        **{name: plain(value) for name, value in payload.model_dump(exclude=EXCLUDED_ON_CREATE).items()},
    )
    check_carer(viewer, data.carer_id)
    if not payload.confirm_not_duplicate:
        duplicates = possible_duplicates(viewer, data)
        if duplicates is not None:
            return Status(409, duplicates)
    person = person_register(actor=viewer, data=data)
    return Status(201, detail_of(person))


@router.get(
    "/persons/{person_id}",
    response={200: PersonDetailOut, **READ_ERRORS, 404: ErrorOut},
    summary="One person, with determinations and certificates",
)
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """A person outside your area is answered as not found. The read is recorded in the audit trail."""
    return detail_of(access_person(viewer=viewer_of(request), person_id=person_id))


@router.patch(
    "/persons/{person_id}",
    auth=MANAGE,
    response={200: PersonDetailOut, **ONE_ERRORS, 409: StaleOut},
    summary="Change a person's record",
)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatchIn) -> Status[dict[str, Any]]:
    """Send only the fields to change, with the version you read. If someone changed the record since,
    nothing is changed and the answer is 409 stale_version with the record as it is now. A new
    birth_date without birth_year sets the year from the date."""
    viewer = viewer_of(request)
    person = access_person(viewer=viewer, person_id=person_id, record_read=False)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    edition = changes.pop("commune_edition", None)
    successor = changes.pop("successor", None)
    data = person_data_from(person)
    if "commune" in changes:
        data.commune = unit_for_code(changes.pop("commune") or "", edition, field="commune")
        data.successor_choice = successor_unit(successor)
    if "birth_date" in changes and "birth_year" not in changes:
        data.birth_year = None
    for name, value in changes.items():
        if value is None and name not in NULLABLE:
            value = [] if name == "special_groups" else ""
        setattr(data, name, plain(value))
    check_carer(viewer, data.carer_id, person.pk)
    try:
        person = person_update(actor=viewer, person=person, expected_version=version, data=data)
    except StaleVersion as stale:
        current = stale.current
        return Status(
            409,
            {
                "code": stale.code,
                "detail": str(stale.message),
                "current": record_of(current, current_determination(person=current)),
            },
        )
    return Status(200, detail_of(person))
