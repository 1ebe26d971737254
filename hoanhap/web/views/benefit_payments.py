"""The monthly payment runs of an area, and preparing a run: one commune's, or every commune's of a
province at once.

The list shows totals only (no person is named), so reading it is not recorded; preparing is recorded by
the services. A run's own page, its approval and its files: ``benefit_payments_run``.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.benefits.explain import Money, Month
from hoanhap.benefits.models import BenefitKind, PaymentRun
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.payment_selectors import payment_run_list
from hoanhap.benefits.payments import (
    ProvincePreparation,
    payment_run_prepare,
    payment_runs_prepare_province,
)
from hoanhap.benefits.selectors import MANAGE
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Tier
from hoanhap.web.forms_benefits_payments import PrepareRunForm, RunFilterForm
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user

# Province officers and administrators may prepare every commune of a province at once.
PROVINCE_ROLES = (Role.ADMIN, Role.PROVINCE)


def _prepare_initial(user: User) -> dict[str, Any]:
    """This month's monthly allowance, for the officer's own commune when they have exactly one unit."""
    initial: dict[str, Any] = {
        "run_month": first_of_month(timezone.localdate()),
        "kind": BenefitKind.MONTHLY_ALLOWANCE,
    }
    codes = list(user.units.values_list("code", flat=True)[:2])
    if len(codes) == 1 and user.role == Role.COMMUNE:
        initial["area"] = codes[0]
    return initial


def _month_query(month: date) -> str:
    return urlencode({"month_0": month.month, "month_1": month.year})


def run_row(run: PaymentRun) -> dict[str, Any]:
    return {
        "run": run,
        "month": Month(run.month),
        "regular": Money(run.regular),
        "arrears": Money(run.arrears),
        "recoveries": Money(run.recoveries),
        "total": Money(run.total),
    }


def _prepared_commune(request: HttpRequest, run: PaymentRun) -> HttpResponse:
    messages.success(
        request,
        ngettext(
            "The run was prepared: %(count)s payee, %(total)s in all.",
            "The run was prepared: %(count)s payees, %(total)s in all.",
            run.payees,
        )
        % {"count": run.payees, "total": Money(run.total)},
    )
    return redirect("web:payment_run_detail", run_id=run.pk)


def _prepared_province(
    request: HttpRequest, province: AdminUnit, result: ProvincePreparation
) -> HttpResponse:
    messages.success(
        request,
        ngettext(
            "%(count)s run of %(province)s was prepared.",
            "%(count)s runs of %(province)s were prepared.",
            len(result.runs),
        )
        % {"count": len(result.runs), "province": province.name},
    )
    if result.skipped:
        messages.warning(
            request,
            _("Already approved, so left as they were: %(communes)s.")
            % {"communes": ", ".join(commune.name for commune in result.skipped)},
        )
    month = result.runs[0].month if result.runs else None
    query = f"?{_month_query(month)}" if month else ""
    return redirect(reverse("web:payment_run_list") + query)


def _prepare(request: HttpRequest, user: User, form: PrepareRunForm) -> HttpResponse | None:
    """Prepare what the valid ``form`` asks: the page to go to, or None after a refusal shown on the form."""
    unit, month, kind = (form.cleaned_data[name] for name in ("area", "run_month", "kind"))
    try:
        if unit.tier == Tier.PROVINCE:
            result = payment_runs_prepare_province(actor=user, province=unit, month=month, kind=kind)
            return _prepared_province(request, unit, result)
        run = payment_run_prepare(actor=user, commune=unit, month=month, kind=kind)
        return _prepared_commune(request, run)
    except ApplicationError as error:
        form.show_error(error)
        return None


@capability_required(MANAGE)
def payment_run_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    province_officer = user.role in PROVINCE_ROLES
    posted = request.method == "POST"
    prepare_form = PrepareRunForm(
        request.POST if posted else None,
        initial=_prepare_initial(user) if not posted else None,
        viewer=user,
        province_officer=province_officer,
    )
    if posted and prepare_form.is_valid():
        response = _prepare(request, user, prepare_form)
        if response is not None:
            return response
    filters = RunFilterForm(request.GET or None)
    month: date | None = None
    status = ""
    if filters.is_bound and filters.is_valid():
        month = filters.cleaned_data["month"]
        status = filters.cleaned_data["status"]
    runs = payment_run_list(viewer=user, month=month, status=status)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "prepare_form": prepare_form,
        "filters": filters,
        "province_officer": province_officer,
        "page": page,
        "rows": [run_row(run) for run in page],
        "params": query_without_page(request),
    }
    return render(request, "web/benefits/payment_runs.html", context)
