"""The one error type services raise for a user's mistake (not for a bug).

Views turn it into a message on the form, the API into a JSON error with the same text; ``field`` names
the input at fault when there is one.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class ApplicationError(Exception):
    def __init__(
        self,
        message: str | Promise,
        *,
        code: str = "invalid",
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field
        self.extra = extra or {}
