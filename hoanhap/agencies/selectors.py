from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hoanhap.agencies.models import Agency
from hoanhap.core.scope import Viewer, subtree_q
from hoanhap.core.text import search_terms
from hoanhap.geo.models import AdminUnit


def agency_list(
    *, query: str = "", kind: str = "", within: AdminUnit | None = None, active_only: bool = False
) -> QuerySet[Agency]:
    """Agencies are public bodies, readable by every signed-in user."""
    agencies = Agency.objects.select_related("unit")
    if within is not None:
        agencies = agencies.filter(subtree_q("unit_path", within.path))
    if kind:
        agencies = agencies.filter(kind=kind)
    if active_only:
        agencies = agencies.filter(is_active=True)
    condition = Q()
    for term in search_terms(query):
        condition &= Q(name_folded__contains=term)
    return agencies.filter(condition).order_by("unit_path", "name_folded")


def access_agency_for_change(*, viewer: Viewer, agency_id: Any) -> Agency:
    """The agency if the viewer may change it (it lies in their scope); ``Agency.DoesNotExist`` otherwise."""
    return Agency.objects.select_related("unit").filter(viewer.scope.q("unit_path")).get(pk=agency_id)
