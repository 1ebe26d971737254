from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    capability: str
    sections: tuple[str, ...]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION = [
    NavItem("web:home", _("Home"), "profile.manage", ("home",)),
    NavItem("web:person_list", _("Persons with disabilities"), "personal_data.view", ("person_",)),
    NavItem("web:import_list", _("Import"), "registry.manage", ("import_",)),
    NavItem("web:benefit_changes_due", _("Allowance changes due"), "registry.manage", ("benefit_changes",)),
    NavItem("web:benefit_rules", _("Entitlement rules"), "registry.manage", ("benefit_rule",)),
    NavItem("web:payment_run_list", _("Payment runs"), "registry.manage", ("payment_run",)),
    NavItem(
        "web:health_insurance_list", _("Health-insurance cards"), "registry.manage", ("health_insurance",)
    ),
    NavItem("web:campaign_list", _("Screening campaigns"), "campaigns.view", ("campaign_",)),
    NavItem("web:service_list", _("Services provided"), "personal_data.view", ("service_list",)),
    NavItem("web:activity_list", _("Activities"), "provision.record", ("activity_",)),
    NavItem("web:plan_list", _("Plans"), "plans.view", ("plan_", "task_occurrence")),
    NavItem("web:indicator_list", _("Indicators"), "plans.view", ("indicator_",)),
    NavItem("web:aggregate_entries", _("Figures of a unit"), "registry.manage", ("aggregate_",)),
    NavItem("web:provision_catalogue", _("Service catalogue"), "provision.catalogue.manage", ("provision_",)),
    NavItem("web:dashboard", _("Dashboards"), "plans.view", ("dashboard",)),
    NavItem("web:unit_list", _("Administrative units"), "units.view", ("unit_",)),
    NavItem("web:agency_list", _("Agencies"), "agencies.view", ("agency_",)),
    NavItem("web:user_list", _("Users"), "users.manage", ("user_",)),
    NavItem("web:audit_list", _("Audit trail"), "audit.view", ("audit_",)),
    NavItem("web:job_list", _("Jobs"), "jobs.view", ("job_",)),
    NavItem("web:profile", _("My account"), "profile.manage", ("profile", "two_factor")),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    if getattr(user, "requires_two_factor", False) and not getattr(user, "is_verified", lambda: False)():
        return {"navigation": []}
    section = getattr(request.resolver_match, "url_name", "") or ""
    items = []
    for item in NAVIGATION:
        if user.has_capability(item.capability):
            items.append({"url": item.url, "label": item.label, "active": section.startswith(item.sections)})
    return {"navigation": items}
