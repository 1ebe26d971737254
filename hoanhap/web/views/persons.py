"""The registry of persons with disabilities: the list, a person's page, and the children turning 6.

Every page reads through the people selectors, so it shows only the viewer's area and the read is recorded
in the audit trail. Changing pages are in ``persons_edit`` and ``persons_actions``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hoanhap.assessments.models import Severity
from hoanhap.assessments.selectors import (
    certificate_history,
    determination_history,
    filter_by_current_disability,
    with_current_disability,
)
from hoanhap.core.access import capability_required
from hoanhap.core.pagination import IdsFirstPaginator
from hoanhap.people.identity.selectors import population_event_reports
from hoanhap.people.selectors import PersonFilters, person_list, record_person_list_read
from hoanhap.web.forms_persons import DEFAULT_MONTHS_AHEAD, PersonFilterForm, TurningSixForm
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user
from hoanhap.web.views.persons_common import (
    MANAGE,
    children_turning_six_within,
    person_or_404,
    sixth_birthday,
    survivor_or_404,
)
from hoanhap.web.views.persons_extras import person_page_extras

SEVERITY_LABELS = dict(Severity.choices)


# A longer list is not counted to the end: the page says "more than" and asks for a filter.
LIST_COUNT_LIMIT = 100_000


@capability_required("personal_data.view")
def person_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = PersonFilterForm(request.GET or None)
    filters, types, severity = PersonFilters(), [], ""
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        filters, types, severity = form.filters(), form.cleaned_data["types"], form.cleaned_data["severity"]
    persons = person_list(viewer=user, filters=filters)
    persons = filter_by_current_disability(persons, types=types, severity=severity)
    if not valid:
        persons = persons.none()
    page = IdsFirstPaginator(
        with_current_disability(persons), PAGE_SIZE, count_limit=LIST_COUNT_LIMIT
    ).get_page(request.GET.get("page"))
    shown = list(page)
    if valid:
        record_person_list_read(
            viewer=user,
            persons=shown,
            filters={**filters.__dict__, "types": sorted(types), "severity": severity},
        )
    rows = [
        {
            "person": person,
            "severity": SEVERITY_LABELS.get(getattr(person, "current_severity", None) or "", ""),
        }
        for person in shown
    ]
    return render(
        request,
        "web/persons/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "params": query_without_page(request),
            "can_manage": user.has_capability(MANAGE),
        },
    )


@capability_required("personal_data.view")
def person_detail_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        person = person_or_404(request, person_id)
    except Http404:
        # A record merged into another: its links (bookmarks, old exports) lead to the record kept.
        return redirect("web:person_detail", person_id=survivor_or_404(request, person_id).pk)
    determinations = determination_history(person=person)
    certificates = certificate_history(person=person)
    replaced = {certificate.replaces_id for certificate in certificates if certificate.replaces_id}
    carer = person.carer
    context = {
        "person": person,
        "groups": [group.get_group_display() for group in person.special_groups.all()],
        "current": determinations[0] if determinations else None,
        "determinations": determinations,
        "certificates": [
            {"certificate": certificate, "in_force": certificate.pk not in replaced}
            for certificate in certificates
        ],
        "carer_linked": carer is not None
        and carer.merged_into_id is None
        and user.scope.covers(carer.unit_path),
        "can_manage": user.has_capability(MANAGE),
        "person_extras": person_page_extras(person=person),
        "population_reports": population_event_reports(person=person),
    }
    return render(request, "web/persons/detail.html", context)


@capability_required("personal_data.view")
def person_children_turning_six_view(request: HttpRequest) -> HttpResponse:
    """Children whose certificate must be reviewed because they turn 6 (Circular 01/2019)."""
    user = signed_in_user(request)
    form = TurningSixForm(request.GET or None)
    months = DEFAULT_MONTHS_AHEAD
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        months = form.cleaned_data["months"] or DEFAULT_MONTHS_AHEAD
    children = children_turning_six_within(viewer=user, months=months)
    if not valid:
        children = children.none()
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    if valid:
        record_person_list_read(viewer=user, persons=shown, filters={"turning_six_within_months": months})
    rows = [
        {"person": child, "sixth_birthday": sixth_birthday(child.birth_date) if child.birth_date else None}
        for child in shown
    ]
    return render(
        request,
        "web/persons/turning_six.html",
        {"form": form, "page": page, "rows": rows, "months": months, "params": query_without_page(request)},
    )
