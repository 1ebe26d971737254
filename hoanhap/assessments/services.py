"""Recording determinations and issuing certificates; the caller fetched the person with ``access_person``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.assessments.models import (
    AssessingBody,
    Certificate,
    CertificateReason,
    DisabilityDetermination,
    DisabilityType,
    Severity,
)
from hoanhap.assessments.selectors import current_certificate
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person


@dataclass
class DeterminationData:
    decided_on: date
    body: str
    severity: str
    types: list[str] = field(default_factory=list)
    minutes_number: str = ""
    basis: str = ""


@transaction.atomic
def determination_record(*, actor: Any, person: Person, data: DeterminationData) -> DisabilityDetermination:
    if data.decided_on > timezone.localdate():
        raise ApplicationError(_("The date of determination cannot be in the future."), field="decided_on")
    if person.birth_date and data.decided_on < person.birth_date:
        raise ApplicationError(
            _("The date of determination is before the date of birth."), field="decided_on"
        )
    if data.body not in AssessingBody.values:
        raise ApplicationError(_("Choose who decided."), field="body")
    if data.severity not in Severity.values:
        raise ApplicationError(_("Choose the severity."), field="severity")
    types = sorted(set(data.types))
    if not types or set(types) - set(DisabilityType.values):
        raise ApplicationError(_("Choose at least one type of disability."), field="types")
    determination = DisabilityDetermination(
        person=person,
        decided_on=data.decided_on,
        body=data.body,
        minutes_number=data.minutes_number.strip(),
        severity=data.severity,
        basis=data.basis.strip(),
        unit_path=person.unit_path,
        created_by=actor,
        **{value: value in types for value in DisabilityType.values},
    )
    determination.full_clean(exclude=["created_by"])
    determination.save()
    audit_record(
        actor=actor,
        action="assessments.determination.recorded",
        obj=determination,
        unit_path=person.unit_path,
        new={
            "person": person.pk,
            "decided_on": data.decided_on,
            "body": data.body,
            "severity": data.severity,
            "types": types,
            "minutes_number": determination.minutes_number,
        },
    )
    return determination


@transaction.atomic
def certificate_issue(
    *,
    actor: Any,
    person: Person,
    determination: DisabilityDetermination,
    number: str,
    issued_on: date,
    reason: str,
) -> Certificate:
    """Issue a certificate in the person's commune; a re-issue replaces the certificate in force."""
    number = number.strip()
    if not number:
        raise ApplicationError(_("Enter the certificate number."), field="number")
    if determination.person_id != person.pk:
        raise ApplicationError(_("Choose one of this person's determinations."), field="determination")
    if issued_on > timezone.localdate():
        raise ApplicationError(_("The date of issue cannot be in the future."), field="issued_on")
    if issued_on < determination.decided_on:
        raise ApplicationError(
            _("A certificate cannot be issued before the determination."), field="issued_on"
        )
    if reason not in CertificateReason.values:
        raise ApplicationError(_("Choose the reason for issue."), field="reason")
    in_force = current_certificate(person=person)
    if reason == CertificateReason.FIRST_ISSUE and in_force is not None:
        raise ApplicationError(
            _("This person already has a certificate; choose why it is issued again."), field="reason"
        )
    if reason != CertificateReason.FIRST_ISSUE and in_force is None:
        raise ApplicationError(
            _("This person has no certificate yet: this is a first issue."), field="reason"
        )
    if Certificate.objects.filter(issuing_commune=person.commune, number=number).exists():
        raise ApplicationError(
            _("This commune already issued a certificate with this number."), field="number"
        )
    certificate = Certificate(
        person=person,
        determination=determination,
        number=number,
        issued_on=issued_on,
        issuing_commune=person.commune,
        reason=reason,
        replaces=in_force,
        unit_path=person.unit_path,
        created_by=actor,
    )
    certificate.full_clean(exclude=["created_by", "replaces"])
    certificate.save()
    audit_record(
        actor=actor,
        action="assessments.certificate.issued",
        obj=certificate,
        unit_path=person.unit_path,
        new={
            "person": person.pk,
            "number": number,
            "issued_on": issued_on,
            "reason": reason,
            "replaces": in_force.number if in_force else None,
        },
    )
    return certificate
