"""Indicators: the list of definitions, and the editor that writes one in fields — what is counted above
and below the line, and the splits — with a preview of its value for a unit and a period before saving."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.accounts.models import User
from hoanhap.accounts.selectors import assigned_units
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.compute import IndicatorValue
from hoanhap.plans.figures import indicator_preview
from hoanhap.plans.indicator_services import (
    MANAGE,
    indicator_definition_create,
    indicator_definition_update,
)
from hoanhap.plans.models import IndicatorDefinition
from hoanhap.plans.periods import parse_period
from hoanhap.plans.selectors import VIEW, access_indicator, indicator_definitions
from hoanhap.web.forms_indicators import CountForm, IndicatorForm, PreviewForm, place_definition_error
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user


@capability_required(VIEW)
def indicator_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    definitions = indicator_definitions(viewer=user, active_only=False).order_by("code")
    page = Paginator(definitions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "params": query_without_page(request), "can_manage": user.has_capability(MANAGE)}
    return render(request, "web/indicators/list.html", context)


def _preview(
    user: User, form: PreviewForm, definition: dict[str, Any]
) -> tuple[IndicatorValue | None, PreviewForm]:
    if not form.is_valid():
        return None, form
    unit = form.cleaned_data["unit"]
    if unit is None:
        form.add_error("unit", _("Enter the code of the unit to preview."))
        form.apply_govuk()
        return None, form
    try:
        period = parse_period(form.cleaned_data["period"] or str(timezone.localdate().year))
    except ApplicationError as error:
        form.add_error("period", str(error.message))
        form.apply_govuk()
        return None, form
    try:
        return indicator_preview(viewer=user, definition=definition, unit=unit, period=period), form
    except PermissionDenied:
        form.add_error("unit", _("This unit lies outside your area."))
        form.apply_govuk()
        return None, form


def _editor(request: HttpRequest, indicator: IndicatorDefinition | None) -> HttpResponse:
    user = signed_in_user(request)
    posted = request.method == "POST"
    data = request.POST if posted else None
    units = assigned_units(user=user)
    main = IndicatorForm(data, initial=IndicatorForm.initial_from(indicator) if indicator else None)
    numerator = CountForm(
        data, prefix="numerator", initial=CountForm.initial_from(indicator.numerator if indicator else None)
    )
    denominator = CountForm(
        data,
        prefix="denominator",
        optional=True,
        initial=CountForm.initial_from(indicator.denominator if indicator else None),
    )
    # Bound (and checked) only when the preview is asked for: a save does not stop on the preview's fields.
    previewing = posted and "preview" in request.POST
    preview_form = PreviewForm(
        data if previewing else None,
        initial={
            "unit": request.POST.get("preview-unit", "") if posted else (units[0].code if units else ""),
            "period": request.POST.get("preview-period", "") if posted else str(timezone.localdate().year),
        },
    )
    figure = None
    if posted and all(form.is_valid() for form in (main, numerator, denominator)):
        top, bottom = numerator.definition(), denominator.definition()
        try:
            if previewing:
                figure, preview_form = _preview(
                    user,
                    preview_form,
                    {
                        "numerator": top,
                        "denominator": bottom,
                        "disaggregations": main.cleaned_data["disaggregations"],
                        "age_groups": main.cleaned_data["age_groups"],
                        "period_type": main.cleaned_data["period_type"],
                    },
                )
            else:
                values = main.indicator_data(top or {}, bottom)
                if indicator is None:
                    saved = indicator_definition_create(actor=user, data=values)
                    messages.success(request, _("The indicator %(name)s was created.") % {"name": saved.name})
                else:
                    saved = indicator_definition_update(actor=user, indicator=indicator, data=values)
                    messages.success(request, _("The indicator %(name)s was saved.") % {"name": saved.name})
                return redirect("web:indicator_edit", indicator_id=saved.pk)
        except ApplicationError as error:
            place_definition_error(error, main=main, numerator=numerator, denominator=denominator)
    context = {
        "indicator": indicator,
        "form": main,
        "numerator": numerator,
        "denominator": denominator,
        "preview_form": preview_form,
        "figure": figure,
        "error_forms": [main, numerator, denominator, preview_form],
    }
    return render(request, "web/indicators/form.html", context)


@capability_required(MANAGE)
def indicator_create_view(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@capability_required(MANAGE)
def indicator_edit_view(request: HttpRequest, indicator_id: int) -> HttpResponse:
    try:
        indicator = access_indicator(viewer=signed_in_user(request), indicator_id=indicator_id)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None
    return _editor(request, indicator)
