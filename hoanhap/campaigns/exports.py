"""The children of a campaign as a spreadsheet: an export of personal data, recorded as such
(``people.persons.exported``, with the persons' ids)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hoanhap.audit.exports import write_xlsx
from hoanhap.campaigns.models import Campaign, Registration
from hoanhap.campaigns.selectors import registration_list
from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.people.exports import persons_export_record


def _headers() -> list[str]:
    return [
        _("No."),
        _("Full name"),
        _("Date of birth"),
        _("Sex"),
        _("Commune"),
        _("Village"),
        _("Carer"),
        _("Phone"),
        _("Condition suspected"),
        _("Screened on"),
        _("Condition confirmed"),
        _("Condition found"),
        _("Surgery indicated"),
        _("Referral"),
        _("Hospital"),
        _("Date of surgery"),
        _("Cost (đồng)"),
        _("Paid by"),
        _("Outcome"),
        _("Follow-ups"),
    ]


def _row(position: int, registration: Registration) -> list[Any]:
    person = registration.person
    result = getattr(registration, "result", None)
    surgery = getattr(registration, "surgery", None)
    return [
        position,
        person.full_name,
        person.birth_date or person.birth_year,
        person.get_sex_display(),
        registration.commune.name,
        person.village,
        person.carer_name,
        person.phone,
        registration.get_suspected_group_display(),
        result.session.held_on if result is not None else None,
        result.condition_confirmed if result is not None else None,
        result.get_confirmed_group_display() if result is not None else None,
        result.surgery_indicated if result is not None else None,
        result.referral if result is not None else None,
        surgery.hospital if surgery is not None else None,
        surgery.operated_on if surgery is not None else None,
        surgery.cost if surgery is not None else None,
        surgery.get_paid_by_display() if surgery is not None else None,
        surgery.get_outcome_display() if surgery is not None else None,
        registration.follow_up_count,  # type: ignore[attr-defined]
    ]


def campaign_workbook(*, viewer: Viewer, campaign: Campaign, commune: AdminUnit | None = None) -> bytes:
    """The campaign's children in the viewer's scope (text cells neutralised against formulas)."""
    registrations = registration_list(viewer=viewer, campaign=campaign, commune=commune, record_read=False)
    content = write_xlsx(
        (_row(position, registration) for position, registration in enumerate(registrations, start=1)),
        _headers(),
        sheet_name=_("Children"),
    )
    persons_export_record(
        viewer=viewer,
        what=f"campaign {campaign.pk}",
        filters={"campaign": campaign.pk, "commune": commune.code if commune is not None else ""},
        rows=len(registrations),
        unit_path=commune.path if commune is not None else None,
        ids=[registration.person_id for registration in registrations],
    )
    return content
