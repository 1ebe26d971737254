"""Reading campaigns inside the viewer's scope.

A campaign is visible to whoever's area overlaps it: a commune officer sees the province's campaign (and,
within it, their commune's children only); a province officer sees the campaigns of their communes. The
children on a list are personal data: listing them is recorded as a read of those persons.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from hoanhap.benefits.parameters import enclosing_paths
from hoanhap.campaigns.models import Campaign, Registration, ScreeningSession
from hoanhap.core.scope import Viewer, subtree_q
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.people.selectors import PERSONAL_DATA, record_person_list_read

# Creating and changing campaigns, as registering children, is the registry officers' work.
MANAGE = "registry.manage"


def campaign_queryset(*, viewer: Viewer) -> QuerySet[Campaign]:
    scope = viewer.scope
    if scope.everything:
        return Campaign.objects.all()
    above = {path for root in scope.paths for path in enclosing_paths(root) if path}
    return Campaign.objects.filter(scope.q("area_path") | Q(area_path__in=sorted(above)))


def campaign_list(*, viewer: Viewer) -> QuerySet[Campaign]:
    """The campaigns of the viewer's area, newest first (no personal data: nothing is recorded)."""
    return campaign_queryset(viewer=viewer).select_related("area", "organiser")


def access_campaign(*, viewer: Viewer, campaign_id: Any) -> Campaign:
    """One campaign the viewer may see (``Campaign.DoesNotExist`` otherwise, a 404)."""
    return campaign_list(viewer=viewer).get(pk=campaign_id)


def access_campaign_to_change(*, viewer: Viewer, campaign_id: Any) -> Campaign:
    """One campaign whose whole area lies in the viewer's scope: the campaigns the viewer runs, as opposed
    to those of a wider area they only see (``Campaign.DoesNotExist`` otherwise, a 404)."""
    return campaign_list(viewer=viewer).filter(viewer.scope.q("area_path")).get(pk=campaign_id)


def may_change_campaign(*, viewer: Viewer, campaign: Campaign) -> bool:
    return viewer.has_capability(MANAGE) and viewer.scope.covers(campaign.area_path)


def campaign_communes(*, viewer: Viewer, campaign: Campaign) -> QuerySet[AdminUnit]:
    """Today's communes of the campaign's area that lie in the viewer's scope, by name."""
    return AdminUnit.objects.filter(
        subtree_q("path", campaign.area_path),
        viewer.scope.q("path"),
        edition=Edition.CURRENT,
        tier=Tier.COMMUNE,
    ).order_by("name_folded", "code")


def access_campaign_commune(*, viewer: Viewer, campaign: Campaign, code: str) -> AdminUnit:
    """One commune of the campaign in the viewer's scope (``AdminUnit.DoesNotExist`` otherwise)."""
    return campaign_communes(viewer=viewer, campaign=campaign).get(code=code)


def _require_personal_data(viewer: Viewer) -> None:
    if not viewer.has_capability(PERSONAL_DATA):
        raise PermissionDenied


def registration_queryset(*, viewer: Viewer, campaign: Campaign) -> QuerySet[Registration]:
    """The campaign's registrations in the viewer's scope: the one gate to its children."""
    _require_personal_data(viewer)
    return Registration.objects.filter(viewer.scope.q("unit_path"), campaign=campaign)


def registration_list(
    *, viewer: Viewer, campaign: Campaign, commune: AdminUnit | None = None, record_read: bool = True
) -> list[Registration]:
    """The children on the list (one commune's, or every commune's in scope), by commune and name, each with
    their result, surgery and the number of follow-ups; the read is recorded with the persons' ids."""
    registrations = registration_queryset(viewer=viewer, campaign=campaign)
    if commune is not None:
        registrations = registrations.filter(commune=commune)
    rows: list[Registration] = list(
        registrations.select_related("person", "commune", "result__session", "surgery")
        .annotate(follow_up_count=Count("follow_ups"))
        .order_by("commune__name_folded", "person__sort_key", "pk")
    )
    if record_read:
        record_person_list_read(
            viewer=viewer,
            persons=[row.person for row in rows],
            filters={"campaign": campaign.pk, "commune": commune.code if commune is not None else ""},
        )
    return rows


def access_registration(*, viewer: Viewer, campaign: Campaign, registration_id: Any) -> Registration:
    """One registration of the campaign in the viewer's scope (``Registration.DoesNotExist`` otherwise)."""
    return (
        registration_queryset(viewer=viewer, campaign=campaign)
        .select_related("person", "commune", "result__session", "surgery")
        .get(pk=registration_id)
    )


def session_list(*, viewer: Viewer, campaign: Campaign, commune: AdminUnit) -> QuerySet[ScreeningSession]:
    return (
        ScreeningSession.objects.filter(viewer.scope.q("unit_path"), campaign=campaign, commune=commune)
        .annotate(result_count=Count("results"))
        .order_by("-held_on", "-pk")
    )


def access_session(*, viewer: Viewer, campaign: Campaign, session_id: Any) -> ScreeningSession:
    return (
        ScreeningSession.objects.filter(viewer.scope.q("unit_path"), campaign=campaign)
        .select_related("commune", "campaign")
        .get(pk=session_id)
    )
