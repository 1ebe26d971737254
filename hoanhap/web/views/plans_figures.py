"""The persons behind a target's current figure: the drill-down, for those who may see personal data only
(viewers see aggregates, small counts withheld). Each page shown is recorded as a read of those persons."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hoanhap.accounts.selectors import assigned_units
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.selectors import PERSONAL_DATA, record_person_list_read
from hoanhap.plans.figures import indicator_persons
from hoanhap.plans.models import Target
from hoanhap.plans.page_selectors import figure_unit
from hoanhap.plans.periods import year
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user
from hoanhap.web.views.plans import plan_or_404


@capability_required(PERSONAL_DATA)
def plan_target_persons_view(request: HttpRequest, plan_id: int, target_id: int) -> HttpResponse:
    user = signed_in_user(request)
    plan = plan_or_404(request, plan_id)
    target = (
        Target.objects.select_related("indicator", "objective")
        .filter(objective__plan=plan, pk=target_id)
        .first()
    )
    shown = figure_unit(viewer=user, plan=plan, own_units=assigned_units(user=user))
    if target is None or shown is None:
        raise Http404
    unit = shown[0]
    current_year = timezone.localdate().year
    error = ""
    try:
        persons = (
            indicator_persons(viewer=user, indicator=target.indicator, unit=unit, period=year(current_year))
            .select_related("commune")
            .order_by("sort_key", "id")
        )
    except ApplicationError as failure:
        error, page = str(failure.message), None
    else:
        page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
        record_person_list_read(
            viewer=user,
            persons=list(page),
            filters={"indicator": target.indicator.code, "unit": unit.code, "period": str(current_year)},
        )
    context = {
        "plan": plan,
        "target": target,
        "unit": unit,
        "year": current_year,
        "page": page,
        "error": error,
        "params": query_without_page(request),
    }
    return render(request, "web/plans/persons.html", context)
