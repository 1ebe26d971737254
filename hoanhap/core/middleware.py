from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from hoanhap.core.request_context import RequestContext, request_context


def client_ip(request: HttpRequest) -> str | None:
    """The client address as the server saw it (a proxy sets REMOTE_ADDR through its WSGI server)."""
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        context = RequestContext(
            ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300], channel=channel
        )
        with request_context(context):
            return self.get_response(request)
