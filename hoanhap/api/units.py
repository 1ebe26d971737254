"""API operations; no `from __future__ import annotations` here: django-ninja reads the annotations."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from hoanhap.api.auth import TokenAuth
from hoanhap.api.schemas import ErrorOut, SuccessionOut, UnitDetailOut, UnitOut, UnitRef
from hoanhap.geo.models import AdminUnit, AdminUnitSuccession, Edition
from hoanhap.geo.selectors import unit_get, unit_search, unit_successions

router = Router(tags=["units"], auth=TokenAuth("units.view"))


class UnitFilters(Schema):
    q: str = ""
    edition: Edition = Edition.CURRENT
    parent: str | None = None


def _ref(unit: AdminUnit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name, "edition": unit.edition, "type": unit.type}


def _unit(unit: AdminUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "edition": unit.edition,
        "type": unit.type,
        "tier": unit.tier,
        "level": unit.level,
        "parent": _ref(unit.parent),
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "latitude": float(unit.latitude) if unit.latitude is not None else None,
        "longitude": float(unit.longitude) if unit.longitude is not None else None,
    }


def _succession(succession: AdminUnitSuccession, other: AdminUnit) -> dict[str, Any]:
    return {"unit": _ref(other), "is_split": succession.is_split, "effective_date": succession.effective_date}


@router.get("/units", response=list[UnitOut], summary="Search administrative units")
@paginate(PageNumberPagination)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> QuerySet[AdminUnit]:
    """Units of one edition: ``q`` matches names ignoring case and diacritics; ``parent`` limits the
    result to the subtree of the unit with that code."""
    parent = unit_get(edition=filters.edition, code=filters.parent) if filters.parent else None
    return unit_search(query=filters.q, edition=filters.edition, parent=parent)


@router.get("/units/{code}", response={200: UnitDetailOut, 404: ErrorOut}, summary="One administrative unit")
def get_unit(request: HttpRequest, code: str, edition: Edition = Edition.CURRENT) -> dict[str, Any]:
    unit = unit_get(edition=edition, code=code)
    successions = list(unit_successions(unit=unit))
    detail = _unit(unit)
    if unit.edition == Edition.LEGACY:
        detail["successors"] = [_succession(s, s.successor) for s in successions]
        detail["predecessors"] = []
    else:
        detail["predecessors"] = [_succession(s, s.predecessor) for s in successions]
        detail["successors"] = []
    return detail


__all__ = ["SuccessionOut", "UnitRef", "router"]
