"""Errors as JSON: ``{"code", "detail", "field"}``, ``detail`` in the language of the request."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from hoanhap.core.exceptions import ApplicationError


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
        return api.create_response(
            request, {"code": error.code, "detail": str(error.message), "field": error.field}, status=400
        )

    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request: HttpRequest, error: ObjectDoesNotExist) -> HttpResponse:
        return api.create_response(request, {"code": "not_found", "detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        return api.create_response(
            request, {"code": "permission_denied", "detail": _("You are not allowed to do this.")}, status=403
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            {
                "code": "not_authenticated",
                "detail": _("Send a valid token in the header 'Authorization: Bearer <token>'."),
            },
            status=401,
        )

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        problems = [
            {"field": ".".join(str(part) for part in item.get("loc", [])[1:]), "detail": item.get("msg", "")}
            for item in error.errors
        ]
        return api.create_response(
            request,
            {"code": "invalid", "detail": _("The request is not valid."), "errors": problems},
            status=422,
        )
