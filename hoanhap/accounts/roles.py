"""Roles, and the capabilities each grants. Views and endpoints declare the capability they need."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hoanhap.geo.models import Tier


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    PROVINCE = "province", _("Province officer")
    COMMUNE = "commune", _("Commune officer")
    AGENCY = "agency", _("Agency reporter")
    VIEWER = "viewer", _("Viewer")


ALL_ROLES = frozenset(Role)

CAPABILITIES: dict[str, frozenset[Role]] = {
    "units.view": ALL_ROLES,
    "units.load": frozenset({Role.ADMIN}),
    "agencies.view": ALL_ROLES,
    "agencies.manage": frozenset({Role.ADMIN, Role.PROVINCE}),
    "users.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN, Role.PROVINCE}),
    "audit.export": frozenset({Role.ADMIN, Role.PROVINCE}),
    # Personal data of persons with disabilities; viewers see aggregates only.
    "personal_data.view": frozenset({Role.ADMIN, Role.PROVINCE, Role.COMMUNE, Role.AGENCY}),
    # Changing the registry (persons, determinations, certificates): agency reporters record services only.
    "registry.manage": frozenset({Role.ADMIN, Role.PROVINCE, Role.COMMUNE}),
    # Recording entitlement rules (standard level, coefficients) when a decree or a province changes them.
    "benefits.parameters.manage": frozenset({Role.ADMIN}),
    # Approving a commune's monthly payment list, which locks it: the commune chair's act, recorded by the
    # commune's officers (and by the province and administrators, whose scope covers the commune).
    "benefits.payments.approve": frozenset({Role.ADMIN, Role.PROVINCE, Role.COMMUNE}),
    # The catalogue of service types of the ten domains, and which details each record of a type needs.
    "provision.catalogue.manage": frozenset({Role.ADMIN}),
    # Recording services and activities: officers in their area; agency reporters only in their agency's
    # domains and unit subtree (hoanhap.provision.reach says which).
    "provision.record": frozenset({Role.ADMIN, Role.PROVINCE, Role.COMMUNE, Role.AGENCY}),
    # A campaign's figures (registered, screened, operated…) name nobody: every role sees its area's.
    "campaigns.view": ALL_ROLES,
    # Plans, their targets and the indicators' figures (aggregates, small counts suppressed for those without
    # personal_data.view); writing plans of the units in one's area; writing the indicator definitions.
    "plans.view": ALL_ROLES,
    "plans.manage": frozenset({Role.ADMIN, Role.PROVINCE, Role.COMMUNE}),
    "indicators.manage": frozenset({Role.ADMIN, Role.PROVINCE}),
    "jobs.view": ALL_ROLES,
    "profile.manage": ALL_ROLES,
}

# The tier of unit each role is assigned to; None means any tier. Administrators need no unit.
ASSIGNABLE_TIER: dict[Role, str | None] = {
    Role.ADMIN: None,
    Role.PROVINCE: Tier.PROVINCE,
    Role.COMMUNE: Tier.COMMUNE,
    Role.AGENCY: None,
    Role.VIEWER: None,
}

ROLES_REQUIRING_TWO_FACTOR = frozenset({Role.ADMIN})


def role_has(role: str, capability: str) -> bool:
    return role in CAPABILITIES.get(capability, frozenset())
