"""Facts about the current request that services need but should not receive as arguments.

The audit trail records the client address of every change; services are called from views, the API,
commands and background jobs alike, so the address travels in a context variable that the web
middleware sets and everything else leaves empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""
    channel: str = "system"  # "web", "api", "command" or "system"


NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext] = ContextVar("hoanhap_request_context", default=NO_REQUEST)


def current_request_context() -> RequestContext:
    return _current.get()


@contextmanager
def request_context(context: RequestContext) -> Iterator[None]:
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)
