"""Reading determinations and certificates of a person fetched through ``access_person`` (in scope)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from hoanhap.assessments.models import Certificate, DisabilityDetermination, DisabilityType, Severity
from hoanhap.people.models import Person


def determination_history(*, person: Person) -> list[DisabilityDetermination]:
    return list(DisabilityDetermination.objects.filter(person=person).order_by("-decided_on", "-id"))


def current_determination(*, person: Person) -> DisabilityDetermination | None:
    """The latest determination: the person's disability as it stands."""
    return DisabilityDetermination.objects.filter(person=person).order_by("-decided_on", "-id").first()


def certificate_history(*, person: Person) -> list[Certificate]:
    return list(
        Certificate.objects.filter(person=person)
        .select_related("issuing_commune", "replaces")
        .order_by("-issued_on", "-id")
    )


def _certificates_in_force() -> QuerySet[Certificate]:
    """Certificates no later certificate replaces, latest first: the one in force comes first."""
    return Certificate.objects.filter(replaced_by__isnull=True).order_by("-issued_on", "-id")


def current_certificate(*, person: Person) -> Certificate | None:
    """The certificate in force: the latest one that no later certificate replaces."""
    return _certificates_in_force().filter(person=person).first()


def with_certificate_in_force(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate ``certificate_number``: the number of each person's certificate in force, in one query."""
    in_force = _certificates_in_force().filter(person=OuterRef("pk"))
    return persons.annotate(certificate_number=Subquery(in_force.values("number")[:1]))


def latest_determination_subquery(column: str) -> Subquery:
    """A column of each person's latest determination, for annotating a person queryset in one query."""
    latest = DisabilityDetermination.objects.filter(person=OuterRef("pk")).order_by("-decided_on", "-id")
    return Subquery(latest.values(column)[:1])


def with_current_disability(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate ``current_severity`` and ``current_determination_id`` (derived, never stored)."""
    return persons.annotate(
        current_severity=latest_determination_subquery("severity"),
        current_determination_id=latest_determination_subquery("id"),
    )


# The severity filter's value for "no determination recorded yet".
NOT_DETERMINED = "none"


def filter_by_current_disability(
    persons: QuerySet[Person], *, types: list[str], severity: str
) -> QuerySet[Person]:
    """Persons whose current (latest) determination has ``severity`` and at least one of ``types``.

    Empty ``types`` and ``severity`` leave the queryset as it is; ``severity`` ``NOT_DETERMINED`` keeps
    the persons with no determination at all (and then ``types`` cannot match). One correlated subquery,
    whatever the number of persons: no query per person.
    """
    types = [value for value in types if value in DisabilityType.values]
    if severity == NOT_DETERMINED:
        if types:
            return persons.none()
        return persons.filter(~Exists(DisabilityDetermination.objects.filter(person=OuterRef("pk"))))
    condition = Q()
    if severity in Severity.values:
        condition &= Q(severity=severity)
    if types:
        any_type = Q()
        for value in types:
            any_type |= Q(**{value: True})
        condition &= any_type
    if not condition:
        return persons
    matching = DisabilityDetermination.objects.filter(condition).values("pk")
    return persons.alias(filtered_determination_id=latest_determination_subquery("id")).filter(
        filtered_determination_id__in=matching
    )


def current_determinations_of(persons: list[Person]) -> dict[int, DisabilityDetermination]:
    """The current determination of each person (annotated by ``with_current_disability``), by person id,
    read in one query for the whole list."""
    latest = {person.pk: getattr(person, "current_determination_id", None) for person in persons}
    found = DisabilityDetermination.objects.in_bulk([pk for pk in latest.values() if pk is not None])
    return {person_id: found[pk] for person_id, pk in latest.items() if pk in found}


def children_turning_six(*, persons: QuerySet[Person], start: date, end: date) -> QuerySet[Person]:
    """Children with a known date of birth who turn 6 between ``start`` and ``end`` (inclusive): their
    certificate must be re-assessed (Circular 01/2019). ``persons`` is already scoped."""
    born_from = date(start.year - 6, start.month, min(start.day, 28) if start.month == 2 else start.day)
    born_to = date(end.year - 6, end.month, min(end.day, 28) if end.month == 2 else end.day)
    return persons.filter(birth_date__gte=born_from, birth_date__lte=born_to).order_by(
        "birth_date", "sort_key"
    )
