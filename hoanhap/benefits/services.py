"""Recording a new entitlement rule: how an administrator follows a decree without a code change."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hoanhap.audit.services import audit_record
from hoanhap.benefits import codes as c
from hoanhap.benefits.models import BenefitParameter, Confidence
from hoanhap.benefits.parameters import last_day_of_month, plain_decimal
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition, Tier

MANAGE = "benefits.parameters.manage"
OLDEST_AGE = 120
LARGEST_VALUE = Decimal(10) ** 10  # what the column holds (14 digits, 4 of them decimals)


def _checked_value(code: str, value: Decimal | None, text_value: str) -> tuple[Decimal | None, str]:
    if code in c.TEXT_CODES:
        allowed = c.TEXT_CODES[code]
        if value is not None or text_value not in allowed:
            raise ApplicationError(
                _("Choose one of: %(values)s.") % {"values": ", ".join(sorted(allowed))}, field="text_value"
            )
        return None, text_value
    if text_value:
        raise ApplicationError(_("This rule takes a number, not a text."), field="text_value")
    if value is None:
        raise ApplicationError(_("Enter the value of the rule."), field="value")
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ApplicationError(_("Enter the value as a number."), field="value") from None
    if not value.is_finite() or value <= 0:
        raise ApplicationError(_("Enter a value above zero."), field="value")
    if code in c.AMOUNT_CODES | c.AGE_CODES and value != value.to_integral_value():
        raise ApplicationError(_("Enter a whole number."), field="value")
    if code in c.AGE_CODES and value > OLDEST_AGE:
        raise ApplicationError(
            _("Enter an age of at most %(age)s years.") % {"age": OLDEST_AGE}, field="value"
        )
    if value != value.quantize(Decimal("0.0001")):
        raise ApplicationError(_("Enter at most 4 decimal places."), field="value")
    if value >= LARGEST_VALUE:
        raise ApplicationError(_("Enter a value below 10 billion."), field="value")
    return value, ""


def _checked_span(valid_from: date, valid_to: date | None) -> None:
    if valid_from.day != 1:
        raise ApplicationError(_("A rule starts on the first day of a month."), field="valid_from")
    if valid_to is not None:
        if valid_to != last_day_of_month(valid_to):
            raise ApplicationError(_("A rule ends on the last day of a month."), field="valid_to")
        if valid_to < valid_from:
            raise ApplicationError(_("A rule cannot end before it starts."), field="valid_to")


def _checked_unit(unit: AdminUnit | None) -> str:
    if unit is None:
        return ""
    if unit.edition != Edition.CURRENT or unit.tier != Tier.PROVINCE:
        raise ApplicationError(
            _("A local rule is set by a province: choose one of today's provinces."), field="unit"
        )
    return unit.path


def _overlapping(
    rows: list[BenefitParameter], valid_from: date, valid_to: date | None
) -> list[BenefitParameter]:
    end = valid_to or date.max
    return [row for row in rows if row.valid_from <= end and (row.valid_to or date.max) >= valid_from]


@transaction.atomic
def benefit_parameter_add(
    *,
    actor: Any,
    code: str,
    valid_from: date,
    value: Decimal | None = None,
    text_value: str = "",
    unit: AdminUnit | None = None,
    valid_to: date | None = None,
    legal_basis: str = "",
    confidence: str = Confidence.CONFIRMED,
    note: str = "",
) -> BenefitParameter:
    """Record a rule's value from ``valid_from`` (the first of a month), nationally or for one province.

    A new value "until further notice" supersedes the open-ended row of the same rule and scope that began
    earlier: that row ends on the day before (audited as ``benefits.parameter.ended``). Any other overlap
    with a recorded row of the same rule and scope is refused. Only administrators record rules.
    """
    if not actor.has_capability(MANAGE):
        raise PermissionDenied
    if code not in c.KNOWN_CODES:
        raise ApplicationError(_("Unknown rule %(code)s.") % {"code": code}, field="code")
    checked_value, checked_text = _checked_value(code, value, text_value.strip())
    _checked_span(valid_from, valid_to)
    unit_path = _checked_unit(unit)
    if confidence not in Confidence.values:
        raise ApplicationError(_("Choose how sure the value is."), field="confidence")
    # Lock the rule's rows in this scope so two administrators cannot record overlapping rows at once.
    rows = list(BenefitParameter.objects.select_for_update().filter(code=code, unit_path=unit_path))
    overlapping = _overlapping(rows, valid_from, valid_to)
    superseded = [
        row
        for row in overlapping
        if valid_to is None and row.valid_to is None and row.valid_from < valid_from
    ]
    if len(overlapping) > len(superseded):
        clash = next(row for row in overlapping if row not in superseded)
        if clash.valid_to is None:
            message = _(
                "This rule already has a value from %(start)s until further notice: the periods overlap."
            )
        else:
            message = _("This rule already has a value from %(start)s to %(end)s: the periods overlap.")
        raise ApplicationError(
            message
            % {
                "start": f"{clash.valid_from:%d/%m/%Y}",
                "end": f"{clash.valid_to:%d/%m/%Y}" if clash.valid_to else "",
            },
            code="overlap",
            field="valid_from",
        )
    for row in superseded:
        row.valid_to = valid_from - timedelta(days=1)
        row.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="benefits.parameter.ended",
            obj=row,
            unit_path=row.unit_path,
            old={"valid_to": None},
            new={"valid_to": row.valid_to},
        )
    parameter = BenefitParameter(
        code=code,
        unit=unit,
        unit_path=unit_path,
        value=checked_value,
        text_value=checked_text,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=" ".join(legal_basis.split()),
        confidence=confidence,
        note=note.strip(),
        created_by=actor,
    )
    parameter.full_clean(exclude=["created_by", "unit"])
    parameter.save()
    audit_record(
        actor=actor,
        action="benefits.parameter.added",
        obj=parameter,
        unit_path=unit_path,
        new={
            "code": code,
            "value": plain_decimal(checked_value) if checked_value is not None else checked_text,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "legal_basis": parameter.legal_basis,
            "confidence": confidence,
        },
    )
    return parameter
