"""Activities: the list with the distinct participants of the year, recording one, and its page with the
participants and the head-counts. Who may see and record what is ``hoanhap.provision.reach``'s to say: an
agency reporter works in their agency's domains and area only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person, Sex
from hoanhap.people.selectors import PersonFilters, apply_person_filters, person_queryset
from hoanhap.provision.activities import (
    activity_create,
    activity_head_counts_record,
    activity_participant_add_family,
    activity_participant_add_person,
    activity_participant_add_staff,
    activity_participant_remove,
)
from hoanhap.provision.activity_selectors import (
    access_activity,
    activities_in_period,
    activity_counts,
    activity_participants,
    head_counts_of,
)
from hoanhap.provision.models import Activity, ParticipantKind
from hoanhap.provision.reach import RECORD, may_record, reporting_agency, viewer_domains
from hoanhap.web.forms_provision_activities import (
    ActivityFilterForm,
    ActivityForm,
    FamilyForm,
    HeadCountForm,
    PersonSearchForm,
    StaffForm,
    domains_for,
    head_count_name,
)
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user

SEARCH_RESULTS = 10


def agencies_in_reach(user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(user.scope.q("unit_path"), is_active=True).order_by(
        "unit_path", "name_folded"
    )


def listed_year_and_query(form: ActivityFilterForm) -> tuple[int, str]:
    """The year and the search the list (and its downloads) show: this year and everything by default."""
    year = timezone.localdate().year
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"] or year, form.cleaned_data["q"] or ""
    return year, ""


@capability_required(RECORD)
def activity_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ActivityFilterForm(request.GET or None)
    year, query = listed_year_and_query(form)
    start, end = date(year, 1, 1), date(year, 12, 31)
    page = Paginator(
        activities_in_period(viewer=user, start=start, end=end, query=query), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = activity_counts(viewer=user, start=start, end=end)
    context = {
        "form": form,
        "year": year,
        "page": page,
        "counts": counts,
        "count_rows": [
            (label, counts.total(kind), counts.head_counts.get(kind, 0))
            for kind, label in ParticipantKind.choices
        ],
        "params": query_without_page(request),
        "can_record": bool(viewer_domains(user)),
    }
    return render(request, "web/provision/activities.html", context)


@capability_required(RECORD)
def activity_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    posted = request.method == "POST"
    agency = reporting_agency(user)
    form = ActivityForm(
        request.POST if posted else None,
        initial={"organiser": agency.pk if agency else None, "unit": agency.unit.code if agency else ""},
        domains=domains_for(viewer_domains(user)),
        organisers=agencies_in_reach(user),
    )
    if posted and form.is_valid():
        try:
            activity = activity_create(actor=user, data=form.activity_data())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The activity %(title)s was recorded.") % {"title": activity.title})
            return redirect("web:activity_detail", activity_id=activity.pk)
    return render(request, "web/provision/activity_form.html", {"form": form})


def _activity_or_404(request: HttpRequest, activity_id: int, *, record_read: bool = False) -> Activity:
    try:
        return access_activity(
            viewer=signed_in_user(request), activity_id=activity_id, record_read=record_read
        )
    except Activity.DoesNotExist:
        raise Http404 from None


def _found_persons(user: User, query: str) -> list[Person]:
    """Up to ten persons of the viewer's area matching the search (participants too: a family member of
    a participant may be added)."""
    if not query.strip():
        return []
    persons = apply_person_filters(person_queryset(viewer=user), PersonFilters(query=query))
    return list(persons.select_related("commune").order_by("sort_key", "id")[:SEARCH_RESULTS])


def _detail(request: HttpRequest, activity: Activity, **forms: Any) -> HttpResponse:
    """The activity's page, with the forms given (bound, with their errors) or fresh ones."""
    user = signed_in_user(request)
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    family_of = forms.get("family_of")
    if family_of is None and request.GET.get("family_of", "").isdigit():
        family_of = person_queryset(viewer=user).filter(pk=int(request.GET["family_of"])).first()
    heads = head_counts_of(activity=activity)
    head_initial = {head_count_name(kind, sex): count for (kind, sex), count in heads.items()}
    participants = activity_participants(activity=activity)
    context = {
        "activity": activity,
        "participants": participants,
        "head_counts": [
            (label, [(heads.get((kind, sex), 0)) for sex in Sex.values])
            for kind, label in ParticipantKind.choices
        ],
        "can_record": may_record(user, domain=activity.domain, unit_path=activity.unit_path),
        "search": search,
        "found": _found_persons(user, query),
        "taken": {participant.person_id for participant in participants if participant.person_id},
        "query": query,
        "family_of": family_of,
        "family_form": forms.get("family_form")
        or FamilyForm(initial={"cared_for": family_of.pk if family_of else None}),
        "staff_form": forms.get("staff_form") or StaffForm(agencies=agencies_in_reach(user)),
        "head_form": forms.get("head_form") or HeadCountForm(initial=head_initial),
        "person_error": forms.get("person_error", ""),
        # The form that failed, for the error summary at the top of the page.
        "error_form": next(
            (forms[name] for name in ("family_form", "staff_form", "head_form") if name in forms), None
        ),
        "sexes": Sex.choices,
    }
    return render(request, "web/provision/activity_detail.html", context)


@capability_required(RECORD)
def activity_detail_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    return _detail(request, _activity_or_404(request, activity_id, record_read=True))


def _service_error(form: Any, error: ApplicationError) -> None:
    aliases = getattr(form, "service_fields", {})
    if error.field in aliases:
        error.field = aliases[error.field]
    show_service_error(form, error)


def _add_family(request: HttpRequest, user: User, activity: Activity) -> HttpResponse | None:
    form = FamilyForm(request.POST)
    cared_for = None
    if form.is_valid():
        cared_for = person_queryset(viewer=user).filter(pk=form.cleaned_data["cared_for"]).first()
        if cared_for is None:
            raise Http404
        try:
            activity_participant_add_family(
                actor=user,
                activity=activity,
                full_name=form.cleaned_data["family_name"],
                sex=form.cleaned_data["family_sex"],
                cared_for=cared_for,
            )
        except ApplicationError as error:
            _service_error(form, error)
        else:
            return None
    elif form.cleaned_data.get("cared_for"):
        cared_for = person_queryset(viewer=user).filter(pk=form.cleaned_data["cared_for"]).first()
    return _detail(request, activity, family_form=form, family_of=cared_for)


def _add_staff(request: HttpRequest, user: User, activity: Activity) -> HttpResponse | None:
    form = StaffForm(request.POST, agencies=agencies_in_reach(user))
    if form.is_valid():
        try:
            activity_participant_add_staff(
                actor=user,
                activity=activity,
                full_name=form.cleaned_data["staff_name"],
                sex=form.cleaned_data["staff_sex"],
                position=form.cleaned_data["position"] or "",
                agency=form.cleaned_data["agency"],
            )
        except ApplicationError as error:
            _service_error(form, error)
        else:
            return None
    return _detail(request, activity, staff_form=form)


def _add_person(request: HttpRequest, user: User, activity: Activity) -> HttpResponse | None:
    person_id = request.POST.get("person", "")
    person = person_queryset(viewer=user).filter(pk=int(person_id)).first() if person_id.isdigit() else None
    if person is None:
        return _detail(request, activity, person_error=_("Search for the person and choose them."))
    try:
        activity_participant_add_person(actor=user, activity=activity, person=person)
    except ApplicationError as error:
        return _detail(request, activity, person_error=str(error.message))
    return None


@capability_required(RECORD)
@require_POST
def activity_participant_add_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Adds the participant the form posted (``kind``: pwd, family or staff); the page again with the
    form's errors if it cannot."""
    user = signed_in_user(request)
    activity = _activity_or_404(request, activity_id)
    adders = {
        ParticipantKind.PWD: _add_person,
        ParticipantKind.FAMILY: _add_family,
        ParticipantKind.STAFF: _add_staff,
    }
    adder = adders.get(request.POST.get("kind", ""), _add_staff)  # type: ignore[call-overload]
    failed = adder(request, user, activity)
    if failed is not None:
        return failed
    messages.success(request, _("The participant was added."))
    return redirect("web:activity_detail", activity_id=activity.pk)


@capability_required(RECORD)
@require_POST
def activity_participant_remove_view(
    request: HttpRequest, activity_id: int, participant_id: int
) -> HttpResponse:
    user = signed_in_user(request)
    activity = _activity_or_404(request, activity_id)
    participant = activity.participants.filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    participant.activity = activity
    activity_participant_remove(actor=user, participant=participant)
    messages.success(request, _("The participant was removed."))
    return redirect("web:activity_detail", activity_id=activity.pk)


@capability_required(RECORD)
@require_POST
def activity_head_counts_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = _activity_or_404(request, activity_id)
    form = HeadCountForm(request.POST)
    if form.is_valid():
        try:
            activity_head_counts_record(actor=user, activity=activity, counts=form.counts())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The head-counts were recorded."))
            return redirect("web:activity_detail", activity_id=activity.pk)
    return _detail(request, activity, head_form=form)
