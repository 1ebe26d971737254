"""The home page's list of what needs the user's attention, by role.

Each item is a sentence, a count and a link; later domains (registry, payments, reports) add theirs here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import ROLES_REQUIRING_TWO_FACTOR, Role
from hoanhap.accounts.selectors import agencies_without_reporter, locked_usernames
from hoanhap.assessments.selectors import NOT_DETERMINED, filter_by_current_disability
from hoanhap.geo.models import AdminUnit
from hoanhap.jobs.models import Job, JobStatus
from hoanhap.people.models import PersonStatus
from hoanhap.people.selectors import person_queryset
from hoanhap.web.views.persons_common import children_turning_six_within

# Children's certificates are reviewed when they turn 6: officers are told this many months ahead.
TURNING_SIX_NOTICE_MONTHS = 3


@dataclass(frozen=True)
class AttentionItem:
    text: str
    url: str
    link_text: str
    urgent: bool = False


def _admin_items() -> list[AttentionItem]:
    items = []
    if not AdminUnit.objects.exists():
        items.append(
            AttentionItem(
                _("The administrative units are not loaded yet."),
                reverse("web:unit_load"),
                _("Load the units"),
                urgent=True,
            )
        )
    verified = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    missing = User.objects.filter(role__in=ROLES_REQUIRING_TWO_FACTOR, is_active=True).exclude(
        pk__in=verified
    )
    if count := missing.count():
        items.append(
            AttentionItem(
                ngettext(
                    "%(count)d administrator has not set up two-step verification.",
                    "%(count)d administrators have not set up two-step verification.",
                    count,
                )
                % {"count": count},
                reverse("web:user_list") + "?role=admin",
                _("See the administrators"),
            )
        )
    locked = len(locked_usernames())
    if locked:
        items.append(
            AttentionItem(
                ngettext(
                    "%(count)d account is locked after failed sign-ins.",
                    "%(count)d accounts are locked after failed sign-ins.",
                    locked,
                )
                % {"count": locked},
                reverse("web:user_list"),
                _("See the users"),
                urgent=True,
            )
        )
    return items


def _job_items(user: Any) -> list[AttentionItem]:
    failed = Job.objects.filter(owner=user, status=JobStatus.FAILED).count()
    running = Job.objects.filter(owner=user, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count()
    items = []
    if failed:
        items.append(
            AttentionItem(
                ngettext("%(count)d of your jobs failed.", "%(count)d of your jobs failed.", failed)
                % {"count": failed},
                reverse("web:job_list"),
                _("See your jobs"),
                urgent=True,
            )
        )
    if running:
        items.append(
            AttentionItem(
                ngettext("%(count)d job is running.", "%(count)d jobs are running.", running)
                % {"count": running},
                reverse("web:job_list"),
                _("See your jobs"),
            )
        )
    return items


def _agency_items(user: Any) -> list[AttentionItem]:
    if not user.has_capability("agencies.manage") and user.role != Role.COMMUNE:
        return []
    count = agencies_without_reporter(viewer=user).count()
    if not count:
        return []
    return [
        AttentionItem(
            ngettext(
                "%(count)d agency in your area has no reporter account yet.",
                "%(count)d agencies in your area have no reporter account yet.",
                count,
            )
            % {"count": count},
            reverse("web:agency_list"),
            _("See the agencies"),
        )
    ]


def _registry_items(user: Any) -> list[AttentionItem]:
    """For the officers who keep the registry of their commune or province."""
    if user.role not in {Role.COMMUNE, Role.PROVINCE} or not user.has_capability("personal_data.view"):
        return []
    items = []
    months = TURNING_SIX_NOTICE_MONTHS
    children = children_turning_six_within(viewer=user, months=months).count()
    if children:
        items.append(
            AttentionItem(
                ngettext(
                    "%(count)d child in your area turns 6 in the next %(months)d months: "
                    "their disability must be determined again.",
                    "%(count)d children in your area turn 6 in the next %(months)d months: "
                    "their disability must be determined again.",
                    children,
                )
                % {"count": children, "months": months},
                f"{reverse('web:person_children_turning_six')}?months={months}",
                _("See the children"),
            )
        )
    active = person_queryset(viewer=user).filter(status=PersonStatus.ACTIVE)
    undetermined = filter_by_current_disability(active, types=[], severity=NOT_DETERMINED).count()
    if undetermined:
        items.append(
            AttentionItem(
                ngettext(
                    "%(count)d active person in your area has no disability determination.",
                    "%(count)d active persons in your area have no disability determination.",
                    undetermined,
                )
                % {"count": undetermined},
                f"{reverse('web:person_list')}?status={PersonStatus.ACTIVE}&severity={NOT_DETERMINED}",
                _("See these persons"),
            )
        )
    return items


def attention_items(user: Any) -> list[AttentionItem]:
    items = _admin_items() if user.has_capability("users.manage") else []
    items += _registry_items(user)
    items += _agency_items(user)
    items += _job_items(user)
    return items
