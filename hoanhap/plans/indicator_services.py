"""Writing indicator definitions: what province officers and administrators compose in the editor.

A definition is checked in full (``hoanhap.plans.definitions.parse_indicator``) before it is saved, so a
saved definition can always be computed. Changing one changes the figures of every target measured by it,
past years included: the audit trail keeps the old definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.definitions import parse_indicator
from hoanhap.plans.models import IndicatorDefinition, PeriodType

MANAGE = "indicators.manage"
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
FIELDS = [
    "code",
    "name",
    "description",
    "numerator",
    "denominator",
    "disaggregations",
    "age_groups",
    "period_type",
    "legal_basis",
    "source",
    "is_active",
]


@dataclass(frozen=True)
class IndicatorData:
    code: str
    name: str
    numerator: dict[str, Any]
    denominator: dict[str, Any] | None = None
    disaggregations: list[str] = field(default_factory=list)
    age_groups: list[list[int | None]] = field(default_factory=list)
    period_type: str = PeriodType.YEAR
    description: str = ""
    legal_basis: str = ""
    source: str = ""
    is_active: bool = True


def _require(actor: Any) -> None:
    if actor is not None and not actor.has_capability(MANAGE):
        raise PermissionDenied


def _checked(data: IndicatorData, *, excluding: int | None = None) -> dict[str, Any]:
    code = data.code.strip().lower()
    if not CODE_PATTERN.match(code):
        raise ApplicationError(
            _("Enter a code of lower-case letters, digits, hyphens and underscores."), field="code"
        )
    taken = IndicatorDefinition.objects.filter(code=code)
    if excluding is not None:
        taken = taken.exclude(pk=excluding)
    if taken.exists():
        raise ApplicationError(_("Another indicator has this code."), field="code")
    name = " ".join(data.name.split())
    if not name:
        raise ApplicationError(_("Enter the name of the indicator."), field="name")
    spec = parse_indicator(
        numerator=data.numerator,
        denominator=data.denominator,
        disaggregations=data.disaggregations,
        age_groups=data.age_groups,
        period_type=data.period_type,
    )
    return {
        "code": code,
        "name": name,
        "description": data.description.strip(),
        "numerator": data.numerator,
        "denominator": data.denominator,
        "disaggregations": list(spec.disaggregations),
        "age_groups": [list(band) for band in spec.age_groups],
        "period_type": data.period_type,
        "legal_basis": " ".join(data.legal_basis.split()),
        "source": " ".join(data.source.split()),
        "is_active": data.is_active,
    }


@transaction.atomic
def indicator_definition_create(*, actor: Any, data: IndicatorData) -> IndicatorDefinition:
    """Audited as ``plans.indicator.created`` with the whole definition."""
    _require(actor)
    values = _checked(data)
    indicator = IndicatorDefinition(**values, created_by=actor, updated_by=actor)
    indicator.full_clean()
    indicator.save()
    audit_record(actor=actor, action="plans.indicator.created", obj=indicator, new=values)
    return indicator


@transaction.atomic
def indicator_definition_update(
    *, actor: Any, indicator: IndicatorDefinition, data: IndicatorData
) -> IndicatorDefinition:
    """Audited as ``plans.indicator.changed`` with the old and new values of what changed."""
    _require(actor)
    values = _checked(data, excluding=indicator.pk)
    changed = [name for name in FIELDS if getattr(indicator, name) != values[name]]
    if not changed:
        return indicator
    old = {name: getattr(indicator, name) for name in changed}
    for name in changed:
        setattr(indicator, name, values[name])
    indicator.updated_by = actor
    indicator.full_clean()
    indicator.save(update_fields=[*changed, "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.indicator.changed",
        obj=indicator,
        old=old,
        new={name: values[name] for name in changed},
    )
    return indicator
