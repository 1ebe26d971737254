"""A campaign's screening days with the result of each child, and a child's surgery and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoanhap.campaigns.models import Registration, ScreeningSession
from hoanhap.campaigns.selectors import access_registration, access_session, registration_list
from hoanhap.campaigns.services_care import (
    follow_up_record,
    screening_results_record,
    screening_session_create,
    surgery_record,
)
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.web.forms_campaigns_care import FollowUpForm, ResultsForm, SessionForm, SurgeryForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.campaign_communes import campaign_and_commune
from hoanhap.web.views.campaigns import MANAGE, campaign_or_404
from hoanhap.web.views.common import signed_in_user


@capability_required(MANAGE)
def campaign_session_create_view(request: HttpRequest, campaign_id: int, code: str) -> HttpResponse:
    user = signed_in_user(request)
    campaign, commune = campaign_and_commune(user, campaign_id, code)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = screening_session_create(
                actor=user, campaign=campaign, commune=commune, **form.cleaned_data
            )
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, _("The screening session was recorded: now record each child's result.")
            )
            return redirect("web:campaign_session_results", campaign_id=campaign.pk, session_id=session.pk)
    return render(
        request, "web/campaigns/session_form.html", {"campaign": campaign, "commune": commune, "form": form}
    )


def _session_or_404(viewer: Viewer, campaign_id: int, session_id: int) -> ScreeningSession:
    campaign = campaign_or_404(viewer, campaign_id)
    try:
        return access_session(viewer=viewer, campaign=campaign, session_id=session_id)
    except ScreeningSession.DoesNotExist:
        raise Http404 from None


@capability_required(MANAGE)
def campaign_session_results_view(request: HttpRequest, campaign_id: int, session_id: int) -> HttpResponse:
    """The result of each child on the commune's list, recorded all at once."""
    user = signed_in_user(request)
    session = _session_or_404(user, campaign_id, session_id)
    campaign, commune = session.campaign, session.commune
    registrations = registration_list(viewer=user, campaign=campaign, commune=commune)
    form = ResultsForm(request.POST or None, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = screening_results_record(actor=user, session=session, results=form.results())
        except ApplicationError as error:
            form.show_error(error)
        else:
            messages.success(request, _("%(count)s results were recorded.") % {"count": len(recorded)})
            return redirect("web:campaign_commune", campaign_id=campaign.pk, code=commune.code)
    context = {"campaign": campaign, "commune": commune, "session": session, "form": form}
    return render(request, "web/campaigns/session_results.html", context)


def _registration_or_404(viewer: Viewer, campaign_id: int, registration_id: int) -> Registration:
    campaign = campaign_or_404(viewer, campaign_id)
    try:
        return access_registration(viewer=viewer, campaign=campaign, registration_id=registration_id)
    except Registration.DoesNotExist:
        raise Http404 from None


@capability_required(MANAGE)
def campaign_surgery_view(request: HttpRequest, campaign_id: int, registration_id: int) -> HttpResponse:
    user = signed_in_user(request)
    registration = _registration_or_404(user, campaign_id, registration_id)
    form = SurgeryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            surgery_record(actor=user, registration=registration, **form.cleaned_data)
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The surgery was recorded."))
            return redirect("web:campaign_commune", campaign_id=campaign_id, code=registration.commune.code)
    context = {"campaign": registration.campaign, "registration": registration, "form": form}
    return render(request, "web/campaigns/surgery_form.html", context)


@capability_required(MANAGE)
def campaign_follow_up_view(request: HttpRequest, campaign_id: int, registration_id: int) -> HttpResponse:
    user = signed_in_user(request)
    registration = _registration_or_404(user, campaign_id, registration_id)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_record(actor=user, registration=registration, **form.cleaned_data)
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect("web:campaign_commune", campaign_id=campaign_id, code=registration.commune.code)
    context = {"campaign": registration.campaign, "registration": registration, "form": form}
    return render(request, "web/campaigns/follow_up_form.html", context)
