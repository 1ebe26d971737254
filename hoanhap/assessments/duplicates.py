"""The review queue of records that may be the same person, and merging two records into one.

Pairs are found by the rules of ``hoanhap.people.selectors.duplicate_candidates`` (the same citizen ID; the
same folded name and year of birth), flagged when an officer registers a person despite the warning or by a
scan of a subtree, and decided by an officer who sees both records: not the same person, or merged.

Merging keeps both histories. The merged-away record stays (status "removed", ``merged_into`` set, out of
every list); its determinations, certificates and functioning assessments move to the survivor unchanged
(same dates, same ``unit_path`` where they were recorded, as ``person_move`` leaves them). Certificates keep
their own ``replaces`` chains: a chain records re-issues that really happened, and no certificate was
re-issued by the merge. The certificate in force after a merge is, by the usual rule
(``current_certificate``), the latest issued that nothing replaces, whichever record it came from; the next
re-issue replaces that one. The current determination likewise is the latest of both histories.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Window
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.assessments.models import (
    Certificate,
    DisabilityDetermination,
    DuplicateReason,
    DuplicateStatus,
    FunctioningAssessment,
    PossibleDuplicate,
)
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer, subtree_q
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.selectors import person_queryset, record_person_list_read
from hoanhap.people.services import StaleVersion

# --- Selectors ---------------------------------------------------------------------------------------------


def duplicate_queue(*, viewer: Viewer) -> QuerySet[PossibleDuplicate]:
    """Open pairs whose two records the viewer may both see (so may decide), oldest first, with both
    persons and their communes in the same query."""
    persons = person_queryset(viewer=viewer).values("pk")
    return (
        PossibleDuplicate.objects.filter(status=DuplicateStatus.OPEN, person__in=persons, other__in=persons)
        .select_related("person__commune", "other__commune")
        .order_by("found_at", "id")
    )


def duplicate_queue_page(*, viewer: Viewer, page_number: Any = 1, page_size: int = 50) -> Page:
    """One page of the queue; the persons shown are recorded as read, as a list of persons is."""
    page = Paginator(duplicate_queue(viewer=viewer), page_size).get_page(page_number)
    shown = [person for entry in page for person in (entry.person, entry.other)]
    record_person_list_read(viewer=viewer, persons=shown, filters={"duplicate_queue": True})
    return page


def access_duplicate(*, viewer: Viewer, duplicate_id: Any) -> PossibleDuplicate:
    """One open pair of the viewer's queue (``PossibleDuplicate.DoesNotExist`` otherwise, a 404)."""
    return duplicate_queue(viewer=viewer).get(pk=duplicate_id)


# --- Flagging ----------------------------------------------------------------------------------------------


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _check_reason(reason: str) -> None:
    if reason not in DuplicateReason.values:
        raise ApplicationError(_("Choose why the records may be the same person."), field="reason")


@transaction.atomic
def duplicate_flag(
    *, actor: Any, person: Person, others: Iterable[Person], reason: str
) -> list[PossibleDuplicate]:
    """Put ``person`` and each of ``others`` in the queue (pairs already there, open or decided, are left
    alone). Called when an officer saves a record despite the duplicate warning: ``person`` is in the
    officer's area, the others may be anywhere (the queue shows a pair to whoever may see both records)."""
    _check_reason(reason)
    if not actor.scope.covers(person.unit_path):
        raise ApplicationError(_("This person is outside your area."), code="out_of_scope")
    by_pk = {other.pk: other for other in others if other.pk != person.pk}
    pairs = {other_pk: _ordered(person.pk, other_pk) for other_pk in by_pk}
    existing = set(
        PossibleDuplicate.objects.filter(
            Q(person=person, other__in=list(by_pk)) | Q(other=person, person__in=list(by_pk))
        ).values_list("person_id", "other_id")
    )
    flagged = []
    for other_pk, (low, high) in sorted(pairs.items()):
        if (low, high) in existing:
            continue
        first = person if person.pk == low else by_pk[other_pk]
        duplicate = PossibleDuplicate(person_id=low, other_id=high, reason=reason, unit_path=first.unit_path)
        duplicate.full_clean(exclude=["person", "other", "decided_by"])
        duplicate.save()
        audit_record(
            actor=actor,
            action="assessments.duplicate.flagged",
            obj=duplicate,
            unit_path=person.unit_path,
            new={"person": low, "other": high, "reason": reason},
        )
        flagged.append(duplicate)
    return flagged


def _candidates(within_path: str) -> QuerySet[Person]:
    """The records a scan compares: as ``duplicate_candidates``, neither merged nor removed."""
    return Person.objects.filter(subtree_q("unit_path", within_path), merged_into__isnull=True).exclude(
        status=PersonStatus.REMOVED
    )


def _groups(rows: Iterable[tuple[Any, ...]]) -> list[list[tuple[int, str]]]:
    """(key…, id, unit_path) rows ordered by key → the groups of (id, unit_path) sharing a key."""
    grouped: dict[tuple[Any, ...], list[tuple[int, str]]] = defaultdict(list)
    for *key, pk, path in rows:
        grouped[tuple(key)].append((pk, path))
    return list(grouped.values())


@transaction.atomic
def duplicate_scan(*, actor: Any, within_path: str) -> int:
    """Flag every pair of records in the subtree with the same citizen ID, or the same folded name and year
    of birth in the same province; return how many pairs were added to the queue.

    Two queries find the groups (a window count over each key keeps only keys held more than once), one
    reads the pairs already known, one inserts the new ones: the cost does not grow with a query per person.
    """
    if not actor.scope.covers(within_path):
        raise ApplicationError(_("This area is outside yours."), code="out_of_scope", field="within_path")
    same_cccd = (
        _candidates(within_path)
        .exclude(cccd="")
        .annotate(holders=Window(Count("id"), partition_by=[F("cccd")]))
        .filter(holders__gt=1)
        .order_by("cccd", "id")
        .values_list("cccd", "id", "unit_path")
    )
    name_key = [F("province_code"), F("name_folded"), F("birth_year")]
    same_name = (
        _candidates(within_path)
        .annotate(holders=Window(Count("id"), partition_by=name_key))
        .filter(holders__gt=1)
        .order_by("province_code", "name_folded", "birth_year", "id")
        .values_list("province_code", "name_folded", "birth_year", "id", "unit_path")
    )
    # A pair found by both rules keeps the more telling reason, the citizen ID.
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for reason, rows in (
        (DuplicateReason.SAME_CCCD, same_cccd),
        (DuplicateReason.SAME_NAME_BIRTH_YEAR, same_name),
    ):
        for group in _groups(rows):
            for (low, low_path), (high, _high_path) in combinations(sorted(group), 2):
                found.setdefault((low, high), (reason, low_path))
    # Every pair found lies in the subtree, so the known ones are among those whose first record does.
    known = set(
        PossibleDuplicate.objects.filter(subtree_q("person__unit_path", within_path)).values_list(
            "person_id", "other_id"
        )
    )
    new = sorted(pair for pair in found if pair not in known)
    PossibleDuplicate.objects.bulk_create(
        [
            PossibleDuplicate(
                person_id=low, other_id=high, reason=found[low, high][0], unit_path=found[low, high][1]
            )
            for low, high in new
        ],
        batch_size=500,
        ignore_conflicts=True,  # a pair flagged meanwhile by someone else stays as it is
    )
    audit_record(
        actor=actor,
        action="assessments.duplicate.scanned",
        object_type="assessments.possibleduplicate",
        object_repr="duplicate scan",
        unit_path=within_path,
        new={"within_path": within_path, "flagged": len(new), "pairs": [list(pair) for pair in new]},
    )
    return len(new)


# --- Deciding ----------------------------------------------------------------------------------------------


def _check_both_in_scope(actor: Any, first: Person, second: Person) -> None:
    if not (actor.scope.covers(first.unit_path) and actor.scope.covers(second.unit_path)):
        raise ApplicationError(
            _("Both records must be in your area: ask an officer whose area covers both."),
            code="out_of_scope",
        )


def _decide(*, actor: Any, duplicate: PossibleDuplicate, status: str) -> None:
    now = timezone.now()
    decided = PossibleDuplicate.objects.filter(pk=duplicate.pk, status=DuplicateStatus.OPEN).update(
        status=status, decided_at=now, decided_by=actor
    )
    if not decided:
        raise ApplicationError(_("Someone has already decided on these two records."), code="already_decided")
    duplicate.status, duplicate.decided_at, duplicate.decided_by = status, now, actor


@transaction.atomic
def duplicate_dismiss(*, actor: Any, duplicate: PossibleDuplicate) -> PossibleDuplicate:
    """The two records are different persons: the pair leaves the queue and is never flagged again."""
    _check_both_in_scope(actor, duplicate.person, duplicate.other)
    _decide(actor=actor, duplicate=duplicate, status=DuplicateStatus.NOT_DUPLICATE)
    audit_record(
        actor=actor,
        action="assessments.duplicate.dismissed",
        obj=duplicate,
        unit_path=duplicate.unit_path,
        old={"status": DuplicateStatus.OPEN},
        new={"status": duplicate.status, "person": duplicate.person_id, "other": duplicate.other_id},
    )
    return duplicate


def _repoint_open_pairs(*, survivor: Person, merged_away: Person) -> None:
    """Open pairs of the merged-away record with a third record now concern the survivor: re-pointed, or
    dropped when the survivor and that record already form a pair (open or decided)."""
    stale = list(
        PossibleDuplicate.objects.filter(
            Q(person=merged_away) | Q(other=merged_away), status=DuplicateStatus.OPEN
        )
    )
    thirds = {
        entry.other_id if entry.person_id == merged_away.pk else entry.person_id: entry for entry in stale
    }
    known = set(
        PossibleDuplicate.objects.filter(
            Q(person=survivor, other__in=list(thirds)) | Q(other=survivor, person__in=list(thirds))
        ).values_list("person_id", "other_id")
    )
    for third, entry in thirds.items():
        low, high = _ordered(survivor.pk, third)
        if (low, high) in known:
            entry.delete()
        else:
            PossibleDuplicate.objects.filter(pk=entry.pk).update(person_id=low, other_id=high)


def _move(records: QuerySet[Any], survivor: Person) -> list[int]:
    """Give ``records`` to the survivor as they are (dates, ``unit_path``, chains); their ids."""
    ids = sorted(records.values_list("pk", flat=True))
    records.update(person=survivor)
    return ids


@transaction.atomic
def person_merge(*, actor: Any, survivor: Person, merged_away: Person) -> Person:
    """Merge ``merged_away`` into ``survivor``: the survivor gets all the records, the merged-away record is
    kept, removed from the registry, pointing to the survivor. Both records must be in the actor's area;
    refused with ``StaleVersion`` if either changed since the versions the caller holds."""
    if survivor.pk == merged_away.pk:
        raise ApplicationError(_("Choose two different records."), field="merged_away")
    _check_both_in_scope(actor, survivor, merged_away)
    for person in (survivor, merged_away):
        if person.merged_into_id is not None:
            raise ApplicationError(_("This record has already been merged into another."), code="merged")
    now = timezone.now()
    # Both rows change version in the same transaction: a concurrent edit or merge of either fails.
    for person in (survivor, merged_away):
        if not Person.objects.filter(pk=person.pk, version=person.version, merged_into__isnull=True).update(
            version=F("version") + 1, updated_at=now, updated_by=actor
        ):
            raise StaleVersion(Person.objects.get(pk=person.pk))
    old_status = {
        "status": merged_away.status,
        "status_date": merged_away.status_date,
        "status_reason": merged_away.status_reason,
    }
    reason = f"merged into #{survivor.pk}"
    Person.objects.filter(pk=merged_away.pk).update(
        merged_into=survivor,
        status=PersonStatus.REMOVED,
        status_date=timezone.localdate(),
        status_reason=reason,
    )
    moved = {
        "determinations": _move(DisabilityDetermination.objects.filter(person=merged_away), survivor),
        "certificates": _move(Certificate.objects.filter(person=merged_away), survivor),
        "functioning_assessments": _move(FunctioningAssessment.objects.filter(person=merged_away), survivor),
    }
    # Links to the merged-away record follow it, so nothing points at a record out of every list.
    cared_for = Person.objects.filter(carer=merged_away).exclude(pk=survivor.pk)
    moved["carer_of"] = sorted(cared_for.values_list("pk", flat=True))
    cared_for.update(carer=survivor, version=F("version") + 1, updated_at=now, updated_by=actor)
    earlier = Person.objects.filter(merged_into=merged_away)
    moved["merged_from"] = sorted(earlier.values_list("pk", flat=True))
    earlier.update(merged_into=survivor, version=F("version") + 1, updated_at=now)
    low, high = _ordered(survivor.pk, merged_away.pk)
    PossibleDuplicate.objects.filter(person_id=low, other_id=high).update(
        status=DuplicateStatus.MERGED, decided_at=now, decided_by=actor
    )
    _repoint_open_pairs(survivor=survivor, merged_away=merged_away)
    survivor.refresh_from_db()
    merged_away.refresh_from_db()
    details = {"survivor": survivor.pk, "merged_away": merged_away.pk, **moved}
    audit_record(
        actor=actor,
        action="people.person.merged",
        obj=merged_away,
        unit_path=merged_away.unit_path,
        old={**old_status, "merged_into": None},
        new={
            "status": merged_away.status,
            "status_date": merged_away.status_date,
            "status_reason": reason,
            "merged_into": survivor.pk,
            **details,
        },
    )
    audit_record(
        actor=actor, action="people.person.merged", obj=survivor, unit_path=survivor.unit_path, new=details
    )
    return survivor
