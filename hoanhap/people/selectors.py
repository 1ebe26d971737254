"""Reading the registry: always inside the viewer's scope, and every read of a record is recorded."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import connections
from django.db.models import Q, QuerySet

from hoanhap.audit.services import audit_record
from hoanhap.core.pagination import IdsFirstPaginator
from hoanhap.core.scope import Viewer, subtree_q
from hoanhap.core.text import fold, search_terms
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.people.cccd import normalize_cccd
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.search_postgres import TRIGRAM_MIN_LENGTH, Unindexed, filter_first, is_number

PERSONAL_DATA = "personal_data.view"
# Communes whose centres lie within this distance are "neighbouring" for the duplicate check: the units
# table has coordinates but no adjacency, and a person registered twice is usually registered nearby.
NEIGHBOUR_RADIUS_KM = 15.0


@dataclass(frozen=True)
class PersonFilters:
    query: str = ""
    commune: str = ""  # a current unit code: the commune, or a province for all its communes
    village: str = ""
    status: str = ""
    birth_year: int | None = None
    sex: str = ""


def _require_personal_data(viewer: Viewer) -> None:
    if not viewer.has_capability(PERSONAL_DATA):
        raise PermissionDenied


def person_queryset(*, viewer: Viewer) -> QuerySet[Person]:
    """Every person the viewer may see. The one gate to personal data of the registry."""
    _require_personal_data(viewer)
    return Person.objects.filter(viewer.scope.q("unit_path")).filter(merged_into__isnull=True)


def apply_person_filters(persons: QuerySet[Person], filters: PersonFilters) -> QuerySet[Person]:
    """Name fragments (any order, accents optional), a citizen ID or a birth year typed in the same box."""
    # On PostgreSQL a fragment of one or two letters yields no trigram, yet the planner costs its LIKE as
    # if the trigram index narrowed it: "vi thi" then read every "thi" (263k rows, 190-230 ms for a
    # province) instead of walking the list order (60-70 ms). Such a fragment is tested on the row only.
    short_unindexed = connections[persons.db].vendor == "postgresql"
    for term in search_terms(filters.query):
        digits = normalize_cccd(term)
        if is_number(term) and len(digits) == 4:
            persons = persons.filter(Q(birth_year=int(digits)) | Q(cccd__contains=digits))
        elif is_number(term):
            persons = persons.filter(cccd__contains=digits)
        elif short_unindexed and len(term) < TRIGRAM_MIN_LENGTH:
            persons = persons.alias(name_unindexed=Unindexed("name_folded")).filter(
                name_unindexed__contains=term
            )
        else:
            persons = persons.filter(name_folded__contains=term)
    if filters.commune:
        unit = AdminUnit.objects.filter(edition=Edition.CURRENT, code=filters.commune.strip()).first()
        persons = persons.filter(subtree_q("unit_path", unit.path)) if unit else persons.none()
    if filters.village:
        persons = persons.filter(village__icontains=filters.village.strip())
    if filters.status:
        persons = persons.filter(status=filters.status)
    if filters.birth_year:
        persons = persons.filter(birth_year=filters.birth_year)
    if filters.sex:
        persons = persons.filter(sex=filters.sex)
    return persons


def _communes_only(viewer: Viewer) -> bool:
    """Whether the viewer's area is made of communes only ("/c/20/06325/": three parts)."""
    scope = viewer.scope
    return (
        not scope.everything
        and bool(scope.paths)
        and all(len(path.strip("/").split("/")) >= 3 for path in scope.paths)
    )


def person_list(*, viewer: Viewer, filters: PersonFilters) -> QuerySet[Person]:
    in_scope = person_queryset(viewer=viewer)
    persons = apply_person_filters(in_scope, filters).select_related("commune", "ethnicity")
    # A commune's own persons (a few thousand at most) are walked in list order on the scope index; finding
    # the matches first would read the whole province's matches from its index (15 ms against 5).
    if not _communes_only(viewer) and filter_first(in_scope, search_terms(filters.query)):
        return persons.order_by(Unindexed("sort_key").asc(), "id")
    return persons.order_by("sort_key", "id")


def record_person_list_read(*, viewer: Viewer, persons: list[Person], filters: dict[str, Any]) -> None:
    """Record that ``viewer`` was shown these persons (ids kept, so "who saw X?" can be answered)."""
    scope = viewer.scope
    audit_record(
        actor=viewer,
        action="people.person.listed",
        object_type="people.person",
        object_repr="persons",
        unit_path=scope.paths[0] if len(scope.paths) == 1 else "",
        new={
            "filters": {key: value for key, value in filters.items() if value},
            "ids": [person.pk for person in persons],
        },
    )


def person_page(*, viewer: Viewer, filters: PersonFilters, page_number: Any = 1, page_size: int = 50) -> Page:
    page = IdsFirstPaginator(person_list(viewer=viewer, filters=filters), page_size).get_page(page_number)
    record_person_list_read(viewer=viewer, persons=list(page), filters=filters.__dict__)
    return page


def access_person(*, viewer: Viewer, person_id: Any, record_read: bool = True) -> Person:
    """One person the viewer may see (``Person.DoesNotExist`` otherwise, a 404); the read is recorded."""
    person = (
        person_queryset(viewer=viewer)
        .select_related("commune__parent", "ethnicity", "carer", "created_by", "updated_by")
        .get(pk=person_id)
    )
    if record_read:
        audit_record(actor=viewer, action="people.person.viewed", obj=person, unit_path=person.unit_path)
    return person


def _distance_km(a: AdminUnit, b: AdminUnit) -> float:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return math.inf
    lat1, lon1, lat2, lon2 = (
        math.radians(float(v)) for v in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def neighbouring_communes(commune: AdminUnit) -> list[AdminUnit]:
    """The commune and those of the same province whose centres are within ``NEIGHBOUR_RADIUS_KM``."""
    same_province = AdminUnit.objects.filter(
        edition=Edition.CURRENT, tier=Tier.COMMUNE, parent_id=commune.parent_id
    )
    return [
        unit
        for unit in same_province
        if unit.pk == commune.pk or _distance_km(unit, commune) <= NEIGHBOUR_RADIUS_KM
    ]


def duplicate_candidates(
    *, full_name: str, birth_year: int | None, cccd: str, commune: AdminUnit, exclude_pk: int | None = None
) -> list[Person]:
    """Probable duplicates of a person being registered or edited, across all scopes (the check must see
    a record another commune holds): the same citizen ID, or the same name and birth year nearby."""
    condition = Q()
    if cccd:
        condition |= Q(cccd=normalize_cccd(cccd))
    if birth_year is not None and full_name.strip():
        nearby = [unit.path for unit in neighbouring_communes(commune)]
        condition |= Q(name_folded=fold(full_name), birth_year=birth_year, unit_path__in=nearby)
    if not condition:
        return []
    candidates = Person.objects.filter(condition, merged_into__isnull=True).exclude(
        status=PersonStatus.REMOVED
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    return list(candidates.select_related("commune").order_by("sort_key")[:20])
