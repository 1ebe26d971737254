"""The persons due a state-paid health-insurance card in a month, as a spreadsheet for the social-insurance
office: an export of personal data, recorded as such (``people.persons.exported``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hoanhap.audit.exports import write_xlsx
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.payment_selectors import HealthInsuranceDue, health_insurance_due
from hoanhap.core.scope import Viewer
from hoanhap.people.exports import persons_export_record


def _headers() -> list[str]:
    return [
        _("No."),
        _("Full name"),
        _("Date of birth"),
        _("Sex"),
        _("Citizen ID"),
        _("Commune"),
        _("Village"),
        _("Decision"),
        _("New this month"),
    ]


def _row(position: int, item: HealthInsuranceDue) -> list[Any]:
    person = item.person
    return [
        position,
        person.full_name,
        person.birth_date or person.birth_year,  # a date as YYYY-MM-DD, or the year alone
        person.get_sex_display(),
        person.cccd or None,
        person.commune.name,
        person.village,
        item.decision.number,
        _("Yes") if item.starts else None,
    ]


def health_insurance_workbook(*, viewer: Viewer, month: date) -> tuple[bytes, int]:
    """The workbook of ``health_insurance_due`` (text cells neutralised against formulas) and its number
    of rows; the export is recorded with the month and the persons' ids."""
    month = first_of_month(month)
    due = health_insurance_due(viewer=viewer, month=month, record_read=False)
    content = write_xlsx(
        (_row(position, item) for position, item in enumerate(due, start=1)),
        _headers(),
        sheet_name=_("Health insurance"),
    )
    persons_export_record(
        viewer=viewer,
        what="health-insurance cards due",
        filters={"health_insurance_due": f"{month:%Y-%m}"},
        rows=len(due),
        ids=[item.person.pk for item in due],
    )
    return content, len(due)
