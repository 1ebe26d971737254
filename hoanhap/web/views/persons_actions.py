"""Acting on a person's record: status, moving to another commune, determinations and certificates.

Only officers who keep the registry (``registry.manage``) reach these pages: agency reporters record
services, not registrations. The person is fetched in the officer's scope (a 404 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoanhap.assessments.models import CertificateReason
from hoanhap.assessments.selectors import current_certificate, determination_history
from hoanhap.assessments.services import certificate_issue, determination_record
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.services import person_move, person_set_status
from hoanhap.web.forms_assessments import CertificateForm, DeterminationForm
from hoanhap.web.forms_persons import PersonMoveForm, PersonStatusForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user
from hoanhap.web.views.persons_common import MANAGE, person_or_404


def _posted(request: HttpRequest) -> bool:
    return request.method == "POST"


@capability_required(MANAGE)
def person_status_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    person = person_or_404(request, person_id, record_read=not _posted(request))
    form = PersonStatusForm(
        request.POST if _posted(request) else None,
        initial={
            "status": person.status,
            "status_date": person.status_date,
            "status_reason": person.status_reason,
            "version": person.version,
        },
    )
    if _posted(request) and form.is_valid():
        data = form.cleaned_data
        try:
            person_set_status(
                actor=user,
                person=person,
                expected_version=data["version"] or 0,
                status=data["status"],
                since=data["status_date"],
                reason=data["status_reason"],
            )
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("The status of %(name)s is now: %(status)s.")
                % {"name": person.full_name, "status": person.get_status_display()},
            )
            return redirect("web:person_detail", person_id=person.pk)
    return render(request, "web/persons/status.html", {"person": person, "form": form})


@capability_required(MANAGE)
def person_move_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    person = person_or_404(request, person_id, record_read=not _posted(request))
    form = PersonMoveForm(request.POST if _posted(request) else None, initial={"version": person.version})
    if _posted(request) and form.is_valid():
        data = form.cleaned_data
        try:
            person_move(
                actor=user,
                person=person,
                expected_version=data["version"] or 0,
                commune=data["commune"],
                successor_choice=data["successor"],
                village=data["village"],
            )
        except ApplicationError as error:
            if error.code == "split_commune":
                form.offer_successors(list(error.extra.get("options", [])))
            show_service_error(form, error)
        else:
            moved = _("%(name)s now lives in %(commune)s.") % {
                "name": person.full_name,
                "commune": person.commune.name,
            }
            if user.scope.covers(person.unit_path):
                messages.success(request, moved)
                return redirect("web:person_detail", person_id=person.pk)
            messages.success(request, f"{moved} {_('The record is now outside your area.')}")
            return redirect("web:person_list")
    return render(request, "web/persons/move.html", {"person": person, "form": form})


@capability_required(MANAGE)
def person_determination_create_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    person = person_or_404(request, person_id, record_read=not _posted(request))
    form = DeterminationForm(request.POST if _posted(request) else None)
    if _posted(request) and form.is_valid():
        try:
            determination_record(actor=user, person=person, data=form.determination_data())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, _("The determination for %(name)s was recorded.") % {"name": person.full_name}
            )
            return redirect("web:person_detail", person_id=person.pk)
    return render(request, "web/persons/determination_form.html", {"person": person, "form": form})


@capability_required(MANAGE)
def person_certificate_create_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    person = person_or_404(request, person_id, record_read=not _posted(request))
    determinations = determination_history(person=person)
    in_force = current_certificate(person=person)
    form = CertificateForm(
        request.POST if _posted(request) else None,
        determinations=determinations,
        initial={
            "determination": str(determinations[0].pk) if determinations else "",
            "reason": CertificateReason.FIRST_ISSUE if in_force is None else "",
        },
    )
    if _posted(request) and determinations and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = certificate_issue(
                actor=user,
                person=person,
                determination=data["determination"],
                number=data["number"],
                issued_on=data["issued_on"],
                reason=data["reason"],
            )
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("Certificate %(number)s was issued to %(name)s.")
                % {"number": certificate.number, "name": person.full_name},
            )
            return redirect("web:person_detail", person_id=person.pk)
    context = {"person": person, "form": form, "determinations": determinations, "in_force": in_force}
    return render(request, "web/persons/certificate_form.html", context)
