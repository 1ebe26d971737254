"""The screening and surgery campaigns: the list, creating and changing one, a campaign's funnel by commune,
and its children as a spreadsheet.

The list and the funnel name nobody, so every role sees them for its area; the spreadsheet is an export of
personal data, recorded by ``campaign_workbook``. A commune's list and screening day: ``campaign_communes``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from hoanhap.audit.exports import XLSX_CONTENT_TYPE
from hoanhap.campaigns.exports import campaign_workbook
from hoanhap.campaigns.models import Campaign
from hoanhap.campaigns.progress import campaign_progress
from hoanhap.campaigns.selectors import (
    access_campaign,
    access_campaign_to_change,
    campaign_communes,
    campaign_list,
    may_change_campaign,
)
from hoanhap.campaigns.services import campaign_create, campaign_update
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.web.forms_campaigns import CampaignEditForm, CampaignForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user

VIEW = "campaigns.view"
MANAGE = "registry.manage"
PERSONAL_DATA = "personal_data.view"


def campaign_or_404(viewer: Viewer, campaign_id: int) -> Campaign:
    try:
        return access_campaign(viewer=viewer, campaign_id=campaign_id)
    except Campaign.DoesNotExist:
        raise Http404 from None


@capability_required(VIEW)
def campaign_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {"campaigns": list(campaign_list(viewer=user)), "can_create": user.has_capability(MANAGE)}
    return render(request, "web/campaigns/list.html", context)


@capability_required(MANAGE)
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(actor=user, data=form.campaign_data())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The campaign was created."))
            return redirect("web:campaign_detail", campaign_id=campaign.pk)
    return render(request, "web/campaigns/form.html", {"form": form})


@capability_required(VIEW)
def campaign_detail_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = campaign_or_404(user, campaign_id)
    context = {
        "campaign": campaign,
        "progress": campaign_progress(viewer=user, campaign=campaign),
        "communes": list(campaign_communes(viewer=user, campaign=campaign)),
        "personal_data": user.has_capability(PERSONAL_DATA),
        "can_change": may_change_campaign(viewer=user, campaign=campaign),
    }
    return render(request, "web/campaigns/detail.html", context)


@capability_required(MANAGE)
def campaign_edit_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Change a campaign of the officer's own area (a campaign of a wider area they only see is a 404)."""
    user = signed_in_user(request)
    try:
        campaign = access_campaign_to_change(viewer=user, campaign_id=campaign_id)
    except Campaign.DoesNotExist:
        raise Http404 from None
    form = CampaignEditForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update(actor=user, campaign=campaign, data=form.campaign_details())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The campaign was changed."))
            return redirect("web:campaign_detail", campaign_id=campaign.pk)
    return render(request, "web/campaigns/edit.html", {"campaign": campaign, "form": form})


@capability_required(PERSONAL_DATA)
def campaign_xlsx_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = signed_in_user(request)
    campaign = campaign_or_404(user, campaign_id)
    response = HttpResponse(campaign_workbook(viewer=user, campaign=campaign), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"campaign-{campaign.pk}-children.xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response
