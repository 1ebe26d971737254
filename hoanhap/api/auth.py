"""Bearer-token authentication that also checks the capability an endpoint declares.

Every endpoint names its capability (``TokenAuth("units.view")``); this one class is where the API checks
it, so an endpoint cannot forget to.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer

from hoanhap.accounts.services.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    def __init__(self, capability: str) -> None:
        super().__init__()
        self.capability = capability

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        if not user.has_capability(self.capability):
            raise PermissionDenied
        request.user = user
        return user
