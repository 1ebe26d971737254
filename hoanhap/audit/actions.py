"""The catalogue of audit action codes, with the label people read on the audit page.

Each app registers the codes its services write (in ``AppConfig.ready``), so the audit app, which sits below
them all, never imports them; a test checks that every code written anywhere is registered.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise

_LABELS: dict[str, str | Promise] = {}


def register_actions(labels: Mapping[str, str | Promise]) -> None:
    for code, label in labels.items():
        if code in _LABELS and _LABELS[code] != label:
            raise ValueError(f"audit action {code} registered twice with different labels")
        _LABELS[code] = label


def action_label(code: str) -> str:
    """The translated label of ``code``, or the code itself for one no longer registered."""
    return str(_LABELS.get(code, code))


def registered_actions() -> dict[str, str | Promise]:
    return dict(sorted(_LABELS.items()))
