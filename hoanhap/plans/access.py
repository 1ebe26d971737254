"""Who may write a plan, and when it may still be written: shared by the plan and task services.

Holders of ``plans.manage`` whose area covers the plan's area write it (a commune officer their commune's
plans, a province officer the province's and its communes'); ``actor`` None is the system itself (an
operator's command, such as loading the seed plans). Only drafts are written: an issued plan is signed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.models import Plan, PlanStatus

MANAGE = "plans.manage"


def require_manage(actor: Any, area_path: str) -> None:
    """``actor`` may write plans of ``area_path`` (a current path; "" is national: administrators only)."""
    if actor is None:
        return
    if not actor.has_capability(MANAGE):
        raise PermissionDenied
    if not actor.scope.everything and not (area_path and actor.scope.covers(area_path)):
        raise PermissionDenied


def require_draft(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(_("An issued plan cannot be changed."), code="issued", field="plan")
