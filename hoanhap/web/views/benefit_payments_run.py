"""One payment run: its totals and lines, preparing it again, approving it (with a confirmation step),
marking it paid, and the list as the officers print it (XLSX, PDF).

The run is fetched in the viewer's area (a 404 otherwise). Its lines name persons: the page's read and the
files' exports are recorded by the selectors and ``hoanhap.exchange.payment_lists``. A refusal of a
service (an approved run prepared again, a stale draft approved) comes back as a message on the run's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hoanhap.assessments.models import Severity
from hoanhap.audit.exports import XLSX_CONTENT_TYPE
from hoanhap.benefits.explain import Money, Number, coefficient, vietnamese
from hoanhap.benefits.models import PaymentLine, PaymentRun
from hoanhap.benefits.payment_selectors import access_payment_run, payment_run_lines
from hoanhap.benefits.payments import (
    APPROVE,
    payment_run_approve,
    payment_run_mark_paid,
    payment_run_prepare,
)
from hoanhap.benefits.selectors import MANAGE
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.payment_lists import payment_list_pdf, payment_list_xlsx
from hoanhap.web.views.benefit_payments import run_row
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user


def run_or_404(request: HttpRequest, run_id: int) -> PaymentRun:
    try:
        return access_payment_run(viewer=signed_in_user(request), pk=run_id)
    except PaymentRun.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class LineRow:
    line: PaymentLine
    severity: str
    coefficient: Number | None
    regular: Money
    arrears: Money
    recoveries: Money
    total: Money
    explanation: list[str]


def _line_row(line: PaymentLine, language: str) -> LineRow:
    explanation = line.explanation or {}
    return LineRow(
        line=line,
        severity=str(Severity(line.severity).label) if line.severity in Severity.values else line.severity,
        coefficient=coefficient(line.coefficient) if line.coefficient is not None else None,
        regular=Money(line.regular),
        arrears=Money(line.arrears),
        recoveries=Money(line.recoveries),
        total=Money(line.total),
        explanation=list(explanation.get(language) or explanation.get("vi") or []),
    )


def _back_to(run: PaymentRun) -> HttpResponse:
    return redirect("web:payment_run_detail", run_id=run.pk)


@capability_required(MANAGE)
def payment_run_detail_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = signed_in_user(request)
    run = run_or_404(request, run_id)
    lines = payment_run_lines(viewer=user, run=run)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    # Lines keep their explanation in Vietnamese and English, as written when the run was prepared.
    language = "vi" if vietnamese() else "en"
    context: dict[str, Any] = {
        "run": run,
        "summary": run_row(run),
        "page": page,
        "lines": [_line_row(line, language) for line in page],
        "params": query_without_page(request),
        "can_manage": user.has_capability(MANAGE),
        "can_approve": user.has_capability(APPROVE),
    }
    return render(request, "web/benefits/payment_run.html", context)


@capability_required(MANAGE)
@require_POST
def payment_run_prepare_again_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = signed_in_user(request)
    run = run_or_404(request, run_id)
    try:
        run = payment_run_prepare(actor=user, commune=run.commune, month=run.month, kind=run.kind)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _back_to(run)
    messages.success(
        request,
        ngettext(
            "The run was prepared again: %(count)s payee, %(total)s in all.",
            "The run was prepared again: %(count)s payees, %(total)s in all.",
            run.payees,
        )
        % {"count": run.payees, "total": Money(run.total)},
    )
    return _back_to(run)


@capability_required(APPROVE)
def payment_run_approve_view(request: HttpRequest, run_id: int) -> HttpResponse:
    """A confirmation page (GET), then the approval (POST), which locks the run."""
    user = signed_in_user(request)
    run = run_or_404(request, run_id)
    if request.method != "POST":
        if run.is_locked:
            messages.error(request, _("This run is already approved."))
            return _back_to(run)
        return render(request, "web/benefits/payment_approve.html", {"run": run, "summary": run_row(run)})
    try:
        payment_run_approve(actor=user, run=run)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _back_to(run)
    messages.success(request, _("The run is approved: its list is locked and can be paid."))
    return _back_to(run)


@capability_required(MANAGE)
@require_POST
def payment_run_mark_paid_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = signed_in_user(request)
    run = run_or_404(request, run_id)
    try:
        payment_run_mark_paid(actor=user, run=run)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _back_to(run)
    messages.success(request, _("The run is marked paid."))
    return _back_to(run)


def list_file_name(run: PaymentRun, extension: str) -> str:
    """``danh-sach-chi-tra-06325-2024-10-monthly-allowance.xlsx``: commune, month and support."""
    kind = run.kind.replace("_", "-")
    return f"danh-sach-chi-tra-{run.commune.code}-{run.month:%Y-%m}-{kind}.{extension}"


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    # The list names persons: no copy is kept on the way.
    response["Cache-Control"] = "no-store"
    return response


@capability_required(MANAGE)
def payment_run_xlsx_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = run_or_404(request, run_id)
    content = payment_list_xlsx(viewer=signed_in_user(request), run=run)
    return _file(content, XLSX_CONTENT_TYPE, list_file_name(run, "xlsx"))


@capability_required(MANAGE)
def payment_run_pdf_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = run_or_404(request, run_id)
    content = payment_list_pdf(viewer=signed_in_user(request), run=run)
    return _file(content, "application/pdf", list_file_name(run, "pdf"))
