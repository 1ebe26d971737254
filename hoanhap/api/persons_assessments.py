"""The registry API: a person's disability determinations and certificates.

No `from __future__ import annotations` here: django-ninja reads the annotations.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from hoanhap.api.auth import TokenAuth
from hoanhap.api.persons_common import (
    MANAGE,
    ONE_ERRORS,
    certificates_of,
    determination_of,
    plain,
    viewer_of,
)
from hoanhap.api.schemas import ErrorOut
from hoanhap.api.schemas_persons import CertificateIn, CertificateOut, DeterminationIn, DeterminationOut
from hoanhap.assessments.selectors import certificate_history, determination_history
from hoanhap.assessments.services import DeterminationData, certificate_issue, determination_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.selectors import access_person

router = Router(tags=["determinations and certificates"], auth=TokenAuth("personal_data.view"))

READ_ONE: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get(
    "/persons/{person_id}/determinations",
    response={200: list[DeterminationOut], **READ_ONE},
    summary="A person's disability determinations",
)
def list_determinations(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    """Newest first: the first is the person's current disability. The read is recorded."""
    person = access_person(viewer=viewer_of(request), person_id=person_id)
    return [determination_of(determination) for determination in determination_history(person=person)]


@router.post(
    "/persons/{person_id}/determinations",
    auth=MANAGE,
    response={201: DeterminationOut, **ONE_ERRORS},
    summary="Record a disability determination",
)
def create_determination(
    request: HttpRequest, person_id: int, payload: DeterminationIn
) -> Status[dict[str, Any]]:
    """The decision of the commune council or the medical board: severity and one or more types. It
    becomes the person's current disability when it is the latest."""
    viewer = viewer_of(request)
    person = access_person(viewer=viewer, person_id=person_id, record_read=False)
    determination = determination_record(
        actor=viewer,
        person=person,
        data=DeterminationData(
            decided_on=payload.decided_on,
            body=plain(payload.body),
            severity=plain(payload.severity),
            types=plain(payload.types),
            minutes_number=payload.minutes_number,
            basis=payload.basis,
        ),
    )
    return Status(201, determination_of(determination))


@router.get(
    "/persons/{person_id}/certificates",
    response={200: list[CertificateOut], **READ_ONE},
    summary="A person's disability certificates",
)
def list_certificates(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    """Newest first, each with the certificate it replaced; in_force marks the one in force. The read
    is recorded."""
    person = access_person(viewer=viewer_of(request), person_id=person_id)
    return certificates_of(certificate_history(person=person))


@router.post(
    "/persons/{person_id}/certificates",
    auth=MANAGE,
    response={201: CertificateOut, **ONE_ERRORS},
    summary="Issue a disability certificate",
)
def create_certificate(
    request: HttpRequest, person_id: int, payload: CertificateIn
) -> Status[dict[str, Any]]:
    """Issued by the person's commune for one of their determinations; a re-issue (any reason but
    first_issue) replaces the certificate in force."""
    viewer = viewer_of(request)
    person = access_person(viewer=viewer, person_id=person_id, record_read=False)
    determination = next(
        (item for item in determination_history(person=person) if item.pk == payload.determination), None
    )
    if determination is None:
        raise ApplicationError(_("Choose one of this person's determinations."), field="determination")
    certificate = certificate_issue(
        actor=viewer,
        person=person,
        determination=determination,
        number=payload.number,
        issued_on=payload.issued_on,
        reason=plain(payload.reason),
    )
    return Status(201, certificates_of([certificate])[0])
