"""Who may record, and see, services and activities of which domain where.

Officers who keep the registry (``registry.manage``) record every domain in their area. An agency reporter
records only the domains of their agency's kind (``AGENCY_KIND_DOMAINS``: the plans give each domain a lead
agency and coordinating agencies) and only in their agency's unit subtree, within their own assigned area;
they also see only those records. The mapping is data: widening an agency's reach is a change here, not in
the services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.core.scope import subtree_q
from hoanhap.provision.models import Domain

RECORD = "provision.record"
REGISTRY = "registry.manage"
PERSONAL_DATA = "personal_data.view"

ALL_DOMAINS = frozenset(Domain)
AGENCY_KIND_DOMAINS: dict[str, frozenset[Domain]] = {
    AgencyKind.PEOPLES_COMMITTEE: ALL_DOMAINS,
    AgencyKind.LABOUR_SOCIAL: frozenset({Domain.LIVELIHOOD, Domain.WOMEN, Domain.AWARENESS}),
    AgencyKind.CULTURE_SOCIAL: frozenset(
        {Domain.LIVELIHOOD, Domain.CULTURE_SPORT, Domain.ICT, Domain.WOMEN, Domain.AWARENESS}
    ),
    AgencyKind.HEALTH_DEPARTMENT: frozenset({Domain.HEALTH}),
    AgencyKind.HEALTH_CENTRE: frozenset({Domain.HEALTH}),
    AgencyKind.HOSPITAL: frozenset({Domain.HEALTH}),
    AgencyKind.EDUCATION: frozenset({Domain.EDUCATION}),
    AgencyKind.SCHOOL: frozenset({Domain.EDUCATION}),
    AgencyKind.CULTURE: frozenset({Domain.CULTURE_SPORT}),
    AgencyKind.JUSTICE: frozenset({Domain.LEGAL_AID}),
    AgencyKind.AGRICULTURE: frozenset({Domain.DISASTER, Domain.LIVELIHOOD}),
    AgencyKind.INFRASTRUCTURE: frozenset({Domain.TRANSPORT}),
    AgencyKind.INFORMATION: frozenset({Domain.ICT, Domain.AWARENESS}),
    AgencyKind.MILITARY: frozenset({Domain.DISASTER}),
    AgencyKind.WOMENS_UNION: frozenset({Domain.WOMEN, Domain.LIVELIHOOD, Domain.AWARENESS}),
    AgencyKind.FATHERLAND_FRONT: frozenset({Domain.AWARENESS}),
    AgencyKind.YOUTH_UNION: frozenset({Domain.CULTURE_SPORT, Domain.AWARENESS}),
    AgencyKind.FARMERS_UNION: frozenset({Domain.LIVELIHOOD}),
    AgencyKind.RED_CROSS: frozenset({Domain.HEALTH, Domain.DISASTER}),
    AgencyKind.SOCIAL_POLICY_BANK: frozenset({Domain.LIVELIHOOD}),
    AgencyKind.SOCIAL_INSURANCE: frozenset({Domain.HEALTH}),
    AgencyKind.PWD_ASSOCIATION: frozenset({Domain.LIVELIHOOD, Domain.CULTURE_SPORT, Domain.AWARENESS}),
    AgencyKind.PWD_SUPPORT_ASSOCIATION: frozenset({Domain.LIVELIHOOD, Domain.AWARENESS}),
    AgencyKind.BLIND_ASSOCIATION: frozenset({Domain.LIVELIHOOD, Domain.ICT, Domain.AWARENESS}),
    AgencyKind.AGENT_ORANGE_ASSOCIATION: frozenset({Domain.HEALTH, Domain.LIVELIHOOD}),
    AgencyKind.SOCIAL_PROTECTION_CENTRE: frozenset({Domain.HEALTH, Domain.LIVELIHOOD}),
}


def reporting_agency(viewer: User) -> Agency | None:
    """The agency an agency reporter reports for; None for everyone else (and for a reporter without one)."""
    if viewer.role != Role.AGENCY:
        return None
    return viewer.agency


def viewer_domains(viewer: User) -> frozenset[Domain]:
    """The domains the viewer records and sees."""
    if viewer.role != Role.AGENCY:
        return ALL_DOMAINS if viewer.has_capability(RECORD) else frozenset()
    agency = viewer.agency
    return AGENCY_KIND_DOMAINS.get(agency.kind, frozenset()) if agency is not None else frozenset()


def may_record(viewer: User, *, domain: str, unit_path: str) -> bool:
    if not viewer.has_capability(RECORD) or not viewer.scope.covers(unit_path):
        return False
    if viewer.role != Role.AGENCY:
        return viewer.has_capability(REGISTRY)
    agency = viewer.agency
    return agency is not None and domain in viewer_domains(viewer) and unit_path.startswith(agency.unit_path)


def require_record(viewer: User, *, domain: str, unit_path: str) -> None:
    if not may_record(viewer, domain=domain, unit_path=unit_path):
        raise PermissionDenied


def reach_q(viewer: User, *, path_field: str, domain_field: str) -> Q:
    """Rows the viewer may see: their area, and for an agency reporter their agency's domains and subtree."""
    if not viewer.has_capability(PERSONAL_DATA):
        return Q(pk__in=[])
    condition = viewer.scope.q(path_field)
    if viewer.role == Role.AGENCY:
        agency = viewer.agency
        if agency is None:
            return Q(pk__in=[])
        domains = sorted(viewer_domains(viewer))
        condition &= subtree_q(path_field, agency.unit_path) & Q(**{f"{domain_field}__in": domains})
    return condition
