"""Recording determinations and issuing certificates; the caller fetched the person with ``access_person``."""

from __future__ import annotations

from collections.abc import Mapping
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
from hoanhap.audit.services import AuditEntry, audit_record, audit_record_many
from hoanhap.core.bulk import insert_instances
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


_TYPE_VALUES = tuple(DisabilityType.values)  # read once: ``Choices.values`` is rebuilt at every call


@dataclass
class ImportedDisability:
    """A determination (and, with a number, its certificate) read from a commune's list for one person."""

    person: Person
    determination: DeterminationData
    certificate_number: str = ""
    certificate_issued_on: date | None = None


def disabilities_record_many(*, actor: Any, items: list[ImportedDisability], note: Mapping[str, Any]) -> None:
    """Record many determinations and first-issue certificates at once (a bulk import), each audited as
    ``determination_record`` and ``certificate_issue`` do. The caller has validated the values (types,
    severity, dates) and checked that no certificate number is taken in the person's commune."""
    determinations = [
        DisabilityDetermination(
            person=item.person,
            decided_on=item.determination.decided_on,
            body=item.determination.body,
            minutes_number=item.determination.minutes_number,
            severity=item.determination.severity,
            basis=item.determination.basis,
            unit_path=item.person.unit_path,
            created_by_id=actor.pk,
            **{value: value in item.determination.types for value in _TYPE_VALUES},
        )
        for item in items
    ]
    insert_instances(determinations)
    certificates = [
        Certificate(
            person_id=item.person.pk,
            determination_id=determination.pk,
            number=item.certificate_number,
            issued_on=item.certificate_issued_on or determination.decided_on,
            issuing_commune_id=item.person.commune_id,
            reason=CertificateReason.FIRST_ISSUE,
            unit_path=item.person.unit_path,
            created_by_id=actor.pk,
        )
        for item, determination in zip(items, determinations, strict=True)
        if item.certificate_number
    ]
    insert_instances(certificates)
    audit_record_many(
        actor=actor,
        action="assessments.determination.recorded",
        entries=[
            AuditEntry(
                obj=determination,
                unit_path=determination.unit_path,
                new={
                    "person": determination.person_id,
                    "decided_on": determination.decided_on,
                    "body": determination.body,
                    "severity": determination.severity,
                    "types": determination.types,
                    **note,
                },
            )
            for determination in determinations
        ],
    )
    audit_record_many(
        actor=actor,
        action="assessments.certificate.issued",
        entries=[
            AuditEntry(
                obj=certificate,
                unit_path=certificate.unit_path,
                new={
                    "person": certificate.person_id,
                    "number": certificate.number,
                    "issued_on": certificate.issued_on,
                    "reason": certificate.reason,
                    **note,
                },
            )
            for certificate in certificates
        ],
    )
