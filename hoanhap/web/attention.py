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
from hoanhap.geo.models import AdminUnit
from hoanhap.jobs.models import Job, JobStatus


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


def attention_items(user: Any) -> list[AttentionItem]:
    items = _admin_items() if user.has_capability("users.manage") else []
    items += _agency_items(user)
    items += _job_items(user)
    return items
