"""The review queue of records that may be the same person: the queue, a scan of the officer's area, and
a pair compared field by field, to dismiss or to merge.

A pair is shown to, and decided by, an officer who may see both records (``access_duplicate``: a 404
otherwise, whether the pair does not exist, is decided already or lies partly outside the area).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hoanhap.accounts.models import User
from hoanhap.assessments.duplicates import (
    access_duplicate,
    duplicate_dismiss,
    duplicate_queue,
    duplicate_queue_page,
    duplicate_scan,
    person_merge,
)
from hoanhap.assessments.models import PossibleDuplicate, Severity
from hoanhap.assessments.selectors import with_current_disability
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person
from hoanhap.people.selectors import access_person, person_queryset
from hoanhap.web.views.common import PAGE_SIZE, signed_in_user
from hoanhap.web.views.persons_common import EMPTY, MANAGE

# The root of every current unit's path: the whole country, for an administrator's scan.
COUNTRY_PATH = "/c/"


@dataclass(frozen=True)
class RecordFacts:
    """What the queue shows of a record besides its own fields."""

    severity: str
    determinations: int
    certificates: int


def record_facts(*, viewer: User, persons: list[Person]) -> dict[int, RecordFacts]:
    """Current severity and the number of determinations and certificates of each person, in one query."""
    severities = dict(Severity.choices)
    rows = (
        with_current_disability(person_queryset(viewer=viewer).filter(pk__in=[p.pk for p in persons]))
        .annotate(
            determination_count=Count("determinations", distinct=True),
            certificate_count=Count("certificates", distinct=True),
        )
        .values_list("pk", "current_severity", "determination_count", "certificate_count")
    )
    return {
        pk: RecordFacts(
            str(severities.get(severity or "", _("Not determined"))), determinations, certificates
        )
        for pk, severity, determinations, certificates in rows
    }


def _duplicate_or_404(request: HttpRequest, duplicate_id: int) -> PossibleDuplicate:
    try:
        return access_duplicate(viewer=signed_in_user(request), duplicate_id=duplicate_id)
    except PossibleDuplicate.DoesNotExist:
        raise Http404 from None


@capability_required(MANAGE)
def person_duplicates_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = duplicate_queue_page(viewer=user, page_number=request.GET.get("page"), page_size=PAGE_SIZE)
    entries = list(page)
    facts = record_facts(viewer=user, persons=[p for entry in entries for p in (entry.person, entry.other)])
    rows = [
        {
            "duplicate": entry,
            "records": [(entry.person, facts.get(entry.person.pk)), (entry.other, facts.get(entry.other.pk))],
        }
        for entry in entries
    ]
    return render(request, "web/persons/duplicates.html", {"page": page, "rows": rows, "params": ""})


def scan_paths(user: User) -> list[str]:
    """The subtrees a scan covers: the whole country for an administrator, else each unit of the scope."""
    return [COUNTRY_PATH] if user.scope.everything else list(user.scope.paths)


@capability_required(MANAGE)
@require_POST
def person_duplicate_scan_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    try:
        found = sum(duplicate_scan(actor=user, within_path=path) for path in scan_paths(user))
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("web:person_duplicates")
    if found:
        messages.success(
            request,
            ngettext(
                "%(count)d new pair of possible duplicates was found and added to the queue.",
                "%(count)d new pairs of possible duplicates were found and added to the queue.",
                found,
            )
            % {"count": found},
        )
    else:
        messages.success(request, _("No new pair of possible duplicates was found in your area."))
    return redirect("web:person_duplicates")


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    first: str
    second: str

    @property
    def differs(self) -> bool:
        return self.first != self.second


def _birth(person: Person) -> str:
    return f"{person.birth_date:%d/%m/%Y}" if person.birth_date else str(person.birth_year)


def _carer(person: Person) -> str:
    name = person.carer.full_name if person.carer else person.carer_name
    if name and person.carer_relation:
        return f"{name} ({person.carer_relation})"
    return name or EMPTY


def _commune(person: Person) -> str:
    commune = person.commune
    return f"{commune.name}, {commune.parent.name}" if commune.parent else commune.name


def comparison_rows(first: Person, second: Person, facts: dict[int, RecordFacts]) -> list[ComparisonRow]:
    """Both records field by field, in the order of the person's page."""
    fields: list[tuple[str, Any]] = [
        (_("Full name"), lambda p: p.full_name),
        (_("Date of birth"), _birth),
        (_("Sex"), lambda p: str(p.get_sex_display())),
        (_("Ethnicity"), lambda p: p.ethnicity.name),
        (_("Citizen ID (CCCD)"), lambda p: p.cccd or EMPTY),
        (_("Commune"), _commune),
        (_("Village"), lambda p: p.village or EMPTY),
        (_("Phone"), lambda p: p.phone or EMPTY),
        (_("Carer or guardian"), _carer),
        (_("Household"), lambda p: str(p.get_household_display()) or EMPTY),
        (_("Status"), lambda p: str(p.get_status_display())),
        (_("Current severity"), lambda p: facts[p.pk].severity),
        (_("Determinations"), lambda p: str(facts[p.pk].determinations)),
        (_("Certificates"), lambda p: str(facts[p.pk].certificates)),
        (_("Registered"), lambda p: f"{p.created_at:%d/%m/%Y}"),
    ]
    return [ComparisonRow(str(label), str(value(first)), str(value(second))) for label, value in fields]


@capability_required(MANAGE)
def person_duplicate_review_view(request: HttpRequest, duplicate_id: int) -> HttpResponse:
    user = signed_in_user(request)
    duplicate = _duplicate_or_404(request, duplicate_id)
    # Both records are shown in full: each read is recorded, as on the person's page.
    first = access_person(viewer=user, person_id=duplicate.person_id)
    second = access_person(viewer=user, person_id=duplicate.other_id)
    facts = record_facts(viewer=user, persons=[first, second])
    context = {
        "duplicate": duplicate,
        "records": [first, second],
        "rows": comparison_rows(first, second, facts),
    }
    return render(request, "web/persons/duplicate_review.html", context)


@capability_required(MANAGE)
@require_POST
def person_duplicate_dismiss_view(request: HttpRequest, duplicate_id: int) -> HttpResponse:
    user = signed_in_user(request)
    duplicate = _duplicate_or_404(request, duplicate_id)
    try:
        duplicate_dismiss(actor=user, duplicate=duplicate)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _back(request, user, duplicate)
    messages.success(
        request,
        _("%(first)s and %(second)s are recorded as different persons; the pair will not be shown again.")
        % {"first": duplicate.person.full_name, "second": duplicate.other.full_name},
    )
    return redirect("web:person_duplicates")


def _back(request: HttpRequest, user: User, duplicate: PossibleDuplicate) -> HttpResponse:
    """After a refused decision: the pair again if it is still open, else the queue."""
    if duplicate_queue(viewer=user).filter(pk=duplicate.pk).exists():
        return redirect("web:person_duplicate_review", duplicate_id=duplicate.pk)
    return redirect("web:person_duplicates")


def _held_version(request: HttpRequest, key: str, person: Person) -> None:
    """The version of ``person`` the officer saw on the page: the merge is refused if it changed since."""
    posted = str(request.POST.get(key, "")).strip()
    if posted.isdigit():
        person.version = int(posted)


@capability_required(MANAGE)
@require_POST
def person_duplicate_merge_view(request: HttpRequest, duplicate_id: int) -> HttpResponse:
    user = signed_in_user(request)
    duplicate = _duplicate_or_404(request, duplicate_id)
    first, second = duplicate.person, duplicate.other
    _held_version(request, "person_version", first)
    _held_version(request, "other_version", second)
    chosen = str(request.POST.get("survivor", ""))
    if chosen not in {str(first.pk), str(second.pk)}:
        messages.error(request, _("Choose which of the two records to keep."))
        return _back(request, user, duplicate)
    survivor, merged_away = (first, second) if chosen == str(first.pk) else (second, first)
    try:
        person_merge(actor=user, survivor=survivor, merged_away=merged_away)
    except ApplicationError as error:  # StaleVersion too: a record changed since the page was shown
        messages.error(request, str(error.message))
        return _back(request, user, duplicate)
    messages.success(
        request,
        _(
            "The records were merged. The record of %(name)s is kept, with the determinations, "
            "certificates and functioning assessments of both."
        )
        % {"name": survivor.full_name},
    )
    return redirect("web:person_detail", person_id=survivor.pk)
