"""Signing in (password, then the one-time code where the user has one), out, and setting up TOTP."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from hoanhap.accounts.models import User
from hoanhap.accounts.services.sessions import session_signed_in, session_signed_out
from hoanhap.accounts.services.two_factor import (
    totp_confirmed_device,
    totp_enrolment_begin,
    totp_enrolment_confirm,
    totp_pending_device,
    totp_verify,
)
from hoanhap.core.access import capability_required, public_view
from hoanhap.core.exceptions import ApplicationError
from hoanhap.web.forms import LoginForm, OneTimeCodeForm

PENDING_USER = "hoanhap_pending_user"
PENDING_NEXT = "hoanhap_pending_next"
PENDING_FAILURES = "hoanhap_pending_failures"
MAX_CODE_FAILURES = 5


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def _complete_login(request: HttpRequest, user: User, device: Any = None) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    session_signed_in(user=user, two_factor=device is not None)


@public_view
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next")
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if isinstance(user, User):
            if totp_confirmed_device(user) is not None:
                request.session.cycle_key()
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_NEXT] = _safe_next(request, next_url)
                request.session[PENDING_FAILURES] = 0
                return redirect("web:login_verify")
            _complete_login(request, user)
            return redirect(_safe_next(request, next_url))
        form.add_error(None, _("The user name or password is not correct."))
        form.apply_govuk()
    return render(request, "web/login.html", {"form": form, "next": next_url or ""})


@public_view
@never_cache
def login_verify_view(request: HttpRequest) -> HttpResponse:
    pending_id = request.session.get(PENDING_USER)
    user = User.objects.filter(pk=pending_id, is_active=True).first() if pending_id else None
    if user is None:
        return redirect("web:login")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            next_url = request.session.get(PENDING_NEXT, "/")
            for key in (PENDING_USER, PENDING_NEXT, PENDING_FAILURES):
                request.session.pop(key, None)
            _complete_login(request, user, device)
            return redirect(next_url)
        failures = request.session.get(PENDING_FAILURES, 0) + 1
        request.session[PENDING_FAILURES] = failures
        if failures >= MAX_CODE_FAILURES:
            request.session.flush()
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("web:login")
        form.add_error("code", _("The code is not correct. Check the time on your phone and try again."))
        form.apply_govuk()
    return render(request, "web/login_verify.html", {"form": form})


@public_view
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User):
        session_signed_out(user=request.user)
    logout(request)
    return redirect("web:login")


@capability_required("profile.manage")
@never_cache
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app; required before anything else for administrators."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except ApplicationError as error:
            form.add_error("code", str(error.message))
            form.apply_govuk()
        else:
            otp_login(request, device)
            messages.success(request, _("Two-step verification is on."))
            return redirect("web:home")
    pending = totp_pending_device(user) if request.method == "POST" else None
    device = pending or totp_enrolment_begin(user=user)
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "web/two_factor_setup.html",
        {
            "form": form,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#0b0c0c"),
            "required": user.requires_two_factor,
        },
    )


__all__ = ["login_verify_view", "login_view", "logout_view", "two_factor_setup_view"]
