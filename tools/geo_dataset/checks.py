"""Failure reporting of the build.

The build is a chain of assertions about the upstream data; any surprise must stop it
with a readable message rather than a traceback, and before anything is written.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def fail(msg: str) -> NoReturn:
    # Keep the historic "build.py:" prefix: the user runs build.py, whichever module fails.
    sys.exit(f"build.py: error: {msg}")


def check(cond: bool, msg: str) -> None:
    # Not ``assert``: the checks must also run under ``python -O``.
    if not cond:
        fail(msg)
