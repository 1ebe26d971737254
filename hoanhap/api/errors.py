"""Errors as JSON: ``{"code", "detail"}``, ``detail`` in the language of the request.

Invalid input is answered with 422 and one message per field at fault,
``{"code", "detail", "errors": [{"field", "detail"}]}``, whether the request did not match the schema or a
service refused a value (an ``ApplicationError`` naming a field). An ``ApplicationError`` that names no
field is a refusal of the request as a whole: 400 ``{"code", "detail", "field": null}``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hoanhap.core.exceptions import ApplicationError

# Where a value came from, as ninja names it in an error's location.
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_name(location: Sequence[Any]) -> str:
    """``("body", "payload", "cccd")`` → ``cccd``; ``("query", "edition")`` → ``edition``.

    For the body, the second part is the operation's parameter name, which means nothing to a client.
    """
    parts = list(location)
    if parts and parts[0] in SOURCES:
        source = parts.pop(0)
        if source == "body" and len(parts) > 1:
            parts.pop(0)
    return ".".join(str(part) for part in parts)


def _number(value: Any) -> Any:
    return value if isinstance(value, int | float) else str(value)


def schema_error_text(item: dict[str, Any]) -> str:
    """A translated message for one pydantic error (pydantic's own messages are English only)."""
    kind = str(item.get("type", ""))
    context = item.get("ctx") or {}
    if kind == "missing":
        return _("Enter a value: this field is required.")
    if kind in {"string_too_long", "too_long"}:
        return _("Enter at most %(limit)s characters.") % {"limit": _number(context.get("max_length", ""))}
    if kind == "string_too_short":
        return _("Enter at least %(limit)s characters.") % {"limit": _number(context.get("min_length", ""))}
    if kind in {"string_type", "string_sub_type"}:
        return _("Enter text.")
    if kind in {"int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"}:
        return _("Enter a whole number.")
    if kind in {"greater_than_equal", "greater_than"}:
        limit = context.get("ge", context.get("gt", ""))
        return _("Enter a number of at least %(limit)s.") % {"limit": _number(limit)}
    if kind in {"less_than_equal", "less_than"}:
        limit = context.get("le", context.get("lt", ""))
        return _("Enter a number of at most %(limit)s.") % {"limit": _number(limit)}
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind in {"enum", "literal_error"}:
        # pydantic's "expected" is English ("'a', 'b' or 'c'"): keep only the values.
        values = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        return _("Choose one of: %(values)s.") % {"values": ", ".join(values)}
    if kind == "list_type":
        return _("Enter a list.")
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return _("Enter an object.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
        if error.field is None:
            return api.create_response(
                request, {"code": error.code, "detail": str(error.message), "field": None}, status=400
            )
        body: dict[str, Any] = {
            "code": error.code,
            "detail": str(error.message),
            "errors": [{"field": error.field, "detail": str(error.message)}],
        }
        if "options" in error.extra:
            body["options"] = [{"code": code, "name": name} for code, name in error.extra["options"]]
        return api.create_response(request, body, status=422)

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

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        if error.status_code == 400:  # the only one ninja raises itself: a body that is not JSON
            body = {"code": "invalid_json", "detail": _("The request body is not valid JSON.")}
        else:
            body = {"code": "error", "detail": str(error)}
        return api.create_response(request, body, status=error.status_code)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        problems = [
            {"field": _field_name(item.get("loc", [])), "detail": schema_error_text(item)}
            for item in error.errors
        ]
        return api.create_response(
            request,
            {"code": "invalid", "detail": _("The request is not valid."), "errors": problems},
            status=422,
        )
