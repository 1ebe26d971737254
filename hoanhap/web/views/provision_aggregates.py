"""The figures of a unit for a year or a quarter (the denominators of the plans' targets): one form per unit
and period, prefilled with what is recorded, and the figures recorded in the officer's area."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.provision.aggregates import MANAGE, aggregate_entries, aggregate_entries_record, aggregate_values
from hoanhap.provision.models import WHOLE_YEAR
from hoanhap.web.forms_provision_activities import AggregateForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user

RECENT_ENTRIES = 100


@capability_required(MANAGE)
def aggregate_entries_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    posted = request.method == "POST"
    initial: dict[str, object] = {"year": timezone.localdate().year, "quarter": str(WHOLE_YEAR)}
    if not posted and request.GET.get("unit"):
        # A link to a unit and period: the form shows the figures recorded for it.
        chosen = AggregateForm(request.GET)
        chosen.is_valid()
        unit = chosen.cleaned_data.get("unit")
        year, quarter = chosen.cleaned_data.get("year"), chosen.cleaned_data.get("quarter")
        if unit is not None and year and quarter is not None and user.scope.covers(unit.path):
            initial = {"unit": unit.code, "year": year, "quarter": str(quarter)}
            initial.update(aggregate_values(viewer=user, unit=unit, year=year, quarter=quarter))
    form = AggregateForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid() and not user.scope.covers(form.cleaned_data["unit"].path):
        show_service_error(form, ApplicationError(_("This unit is outside your area."), field="unit"))
    elif posted and form.is_valid():
        data = form.cleaned_data
        try:
            aggregate_entries_record(
                actor=user,
                unit=data["unit"],
                year=data["year"],
                quarter=data["quarter"],
                values=form.values(),
            )
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, _("The figures of %(unit)s were recorded.") % {"unit": data["unit"].name}
            )
            query = urlencode({"unit": data["unit"].code, "year": data["year"], "quarter": data["quarter"]})
            return redirect(f"{reverse('web:aggregate_entries')}?{query}")
    entries = aggregate_entries(viewer=user).order_by("-year", "unit_path", "quarter", "metric")[
        :RECENT_ENTRIES
    ]
    return render(request, "web/provision/aggregates.html", {"form": form, "entries": entries})
