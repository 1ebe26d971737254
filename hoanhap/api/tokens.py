from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from hoanhap.accounts.models import User
from hoanhap.accounts.services.tokens import api_token_create
from hoanhap.accounts.services.two_factor import totp_confirmed_device, totp_verify
from hoanhap.api.schemas import ErrorOut, TokenRequest, TokenResponse
from hoanhap.core.exceptions import ApplicationError

router = Router(tags=["authentication"])


@router.post(
    "/auth/token",
    response={201: TokenResponse, 400: ErrorOut, 401: ErrorOut, 429: ErrorOut},
    summary="Exchange a user name and password (and one-time code) for a token",
)
def create_token(request: HttpRequest, payload: TokenRequest) -> Status[dict[str, Any]]:
    """Failed attempts count toward the same lock-out as the sign-in page."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if not isinstance(user, User):
        return Status(
            401, {"code": "invalid_credentials", "detail": _("The user name or password is not correct.")}
        )
    if totp_confirmed_device(user) is not None:
        if not payload.otp or totp_verify(user=user, code=payload.otp) is None:
            return Status(
                401,
                {
                    "code": "otp_required",
                    "detail": _("Enter the current code from your authenticator."),
                },
            )
    elif user.requires_two_factor:
        raise ApplicationError(
            _("Set up two-step verification in the web interface before using the API."), code="otp_setup"
        )
    token, raw = api_token_create(actor=user, name=payload.name)
    return Status(201, {"token": raw, "name": token.name, "username": user.username})
