"""The signed-in user's own account: who they are, two-step verification and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hoanhap.accounts.models import ApiToken
from hoanhap.accounts.selectors import access_api_token, access_user, api_token_list
from hoanhap.accounts.services.tokens import api_token_create, api_token_revoke
from hoanhap.accounts.services.two_factor import totp_confirmed_device, totp_disable
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.web.forms_admin import ApiTokenCreateForm, add_application_error
from hoanhap.web.views.common import signed_in_user


def _profile_page(request: HttpRequest, token_form: ApiTokenCreateForm) -> HttpResponse:
    me = signed_in_user(request)
    account = access_user(viewer=me, user_id=me.pk)
    context: dict[str, Any] = {
        "account": account,
        "assignments": list(account.unit_assignments.all()),
        "two_factor": totp_confirmed_device(me) is not None,
        "tokens": api_token_list(owner=me),
        "form": token_form,
    }
    return render(request, "web/profile/profile.html", context)


@capability_required("profile.manage")
def profile_view(request: HttpRequest) -> HttpResponse:
    return _profile_page(request, ApiTokenCreateForm())


@capability_required("profile.manage")
@require_POST
def profile_two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    try:
        totp_disable(user=signed_in_user(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Two-step verification is off."))
    return redirect("web:profile")


@capability_required("profile.manage")
@require_POST
@never_cache
def profile_token_create_view(request: HttpRequest) -> HttpResponse:
    """Create a token and show its secret on this response only: it is never stored nor shown again."""
    form = ApiTokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, raw = api_token_create(actor=signed_in_user(request), name=form.cleaned_data["name"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return render(
                request,
                "web/profile/token_created.html",
                {
                    "token": token,
                    "raw": raw,
                    "example_url": request.build_absolute_uri(reverse("api:list_units")) + "?q=bac+son",
                },
            )
    return _profile_page(request, form)


@capability_required("profile.manage")
@require_POST
def profile_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    me = signed_in_user(request)
    try:
        token = access_api_token(owner=me, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    api_token_revoke(actor=me, token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("web:profile")
