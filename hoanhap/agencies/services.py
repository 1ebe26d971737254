"""Creating and changing agencies. The caller passes the acting user; scope is checked here."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record, changed_values
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.core.text import fold, normalize_name
from hoanhap.geo.models import AdminUnit, Edition

EDITABLE_FIELDS = ["name", "kind", "unit", "is_active"]


def _check_unit(actor: Viewer | None, unit: AdminUnit) -> None:
    """``actor`` None is the system itself (an operator's command), which reaches every unit."""
    if unit.edition != Edition.CURRENT:
        raise ApplicationError(_("Agencies belong to a current administrative unit."), field="unit")
    if actor is not None and not actor.scope.covers(unit.path):
        raise ApplicationError(_("This unit is outside your area."), code="out_of_scope", field="unit")


def _check_unique(name_folded: str, unit: AdminUnit, exclude_pk: int | None = None) -> None:
    clash = Agency.objects.filter(unit=unit, name_folded=name_folded)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ApplicationError(_("An agency with this name already exists in this unit."), field="name")


@transaction.atomic
def agency_create(*, actor: Any, name: str, kind: str, unit: AdminUnit) -> Agency:
    _check_unit(actor, unit)
    name = normalize_name(name)
    if not name:
        raise ApplicationError(_("Enter the agency's name."), field="name")
    _check_unique(fold(name), unit)
    agency = Agency(name=name, name_folded=fold(name), kind=kind, unit=unit, unit_path=unit.path)
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        action="agencies.agency.created",
        obj=agency,
        unit_path=unit.path,
        new={"name": name, "kind": kind, "unit": unit.code},
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, data: dict[str, Any]) -> Agency:
    """Change the fields given in ``data``; the caller fetched ``agency`` through ``access_agency``."""
    if "name" in data:
        data["name"] = normalize_name(data["name"])
        if not data["name"]:
            raise ApplicationError(_("Enter the agency's name."), field="name")
    unit = data.get("unit", agency.unit)
    _check_unit(actor, unit)
    _check_unique(fold(data.get("name", agency.name)), unit, exclude_pk=agency.pk)
    old, new = changed_values(agency, EDITABLE_FIELDS, data)
    if not new:
        return agency
    for field, value in new.items():
        setattr(agency, field, value)
    agency.name_folded = fold(agency.name)
    agency.unit_path = agency.unit.path
    agency.full_clean()
    agency.save(update_fields=[*new.keys(), "name_folded", "unit_path", "updated_at"])
    audit_record(
        actor=actor,
        action="agencies.agency.updated",
        obj=agency,
        unit_path=agency.unit_path,
        old=old,
        new=new,
    )
    return agency
