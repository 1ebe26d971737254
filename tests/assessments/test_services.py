from datetime import date

import pytest

from hoanhap.accounts.models import User
from hoanhap.assessments.models import CertificateReason
from hoanhap.assessments.selectors import (
    children_turning_six,
    current_certificate,
    current_determination,
    with_current_disability,
)
from hoanhap.assessments.services import DeterminationData, certificate_issue, determination_record
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.selectors import person_queryset
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def determination(on: date, severity: str = "severe", types: list[str] | None = None) -> DeterminationData:
    return DeterminationData(
        decided_on=on,
        body="commune_council",
        severity=severity,
        types=types or ["mobility", "vision"],
        minutes_number="12/BB-HĐ",
    )


def test_the_current_disability_is_the_latest_determination(commune_user: User) -> None:
    person = make_person(commune_user)
    determination_record(actor=commune_user, person=person, data=determination(date(2020, 3, 1), "mild"))
    latest = determination_record(
        actor=commune_user,
        person=person,
        data=determination(date(2024, 6, 1), "particularly_severe", ["intellectual"]),
    )
    assert current_determination(person=person) == latest
    assert latest.types == ["intellectual"]
    annotated = with_current_disability(person_queryset(viewer=commune_user)).get(pk=person.pk)
    assert annotated.current_severity == "particularly_severe"
    assert AuditEvent.objects.filter(action="assessments.determination.recorded").count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            DeterminationData(
                decided_on=date(2099, 1, 1), body="commune_council", severity="mild", types=["other"]
            ),
            "decided_on",
        ),
        (
            DeterminationData(decided_on=date(2020, 1, 1), body="commune_council", severity="mild", types=[]),
            "types",
        ),
        (DeterminationData(decided_on=date(2020, 1, 1), body="x", severity="mild", types=["other"]), "body"),
        (
            DeterminationData(
                decided_on=date(2020, 1, 1), body="medical_board", severity="bad", types=["other"]
            ),
            "severity",
        ),
    ],
)
def test_invalid_determinations_are_refused(commune_user: User, data: DeterminationData, field: str) -> None:
    person = make_person(commune_user)
    with pytest.raises(ApplicationError) as error:
        determination_record(actor=commune_user, person=person, data=data)
    assert error.value.field == field


def test_a_reissued_certificate_replaces_the_one_in_force(commune_user: User) -> None:
    person = make_person(commune_user)
    first_determination = determination_record(
        actor=commune_user, person=person, data=determination(date(2020, 3, 1))
    )
    first = certificate_issue(
        actor=commune_user,
        person=person,
        determination=first_determination,
        number="01/2020",
        issued_on=date(2020, 3, 10),
        reason=CertificateReason.FIRST_ISSUE,
    )
    with pytest.raises(ApplicationError) as twice:
        certificate_issue(
            actor=commune_user,
            person=person,
            determination=first_determination,
            number="02/2020",
            issued_on=date(2020, 3, 11),
            reason=CertificateReason.FIRST_ISSUE,
        )
    assert twice.value.field == "reason"
    second = certificate_issue(
        actor=commune_user,
        person=person,
        determination=first_determination,
        number="07/2022",
        issued_on=date(2022, 1, 5),
        reason=CertificateReason.LOST_OR_DAMAGED,
    )
    assert second.replaces == first
    assert current_certificate(person=person) == second
    assert second.issuing_commune.code == "06325"
    event = AuditEvent.objects.filter(action="assessments.certificate.issued").order_by("-id").first()
    assert event is not None
    assert event.new_values["replaces"] == "01/2020"


def test_children_turning_six_in_a_window(commune_user: User) -> None:
    make_person(commune_user, full_name="Bé Na", birth_year=None, birth_date=date(2020, 12, 5))
    make_person(commune_user, full_name="Bé Lan", birth_year=None, birth_date=date(2021, 3, 1))
    make_person(commune_user, full_name="Ông Ba", birth_year=1950)
    found = children_turning_six(
        persons=person_queryset(viewer=commune_user), start=date(2026, 12, 1), end=date(2027, 2, 28)
    )
    assert [person.full_name for person in found] == ["Bé Na"]
