"""Reading administrative units. Units are public reference data: no scope applies."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import subtree_q
from hoanhap.core.text import search_terms
from hoanhap.geo.models import AdminUnit, AdminUnitSuccession, Edition, Tier

TIER_ORDER = Case(
    When(tier=Tier.PROVINCE, then=Value(1)),
    When(tier=Tier.DISTRICT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def unit_search(
    *, query: str = "", edition: str = Edition.CURRENT, parent: AdminUnit | None = None, tier: str = ""
) -> QuerySet[AdminUnit]:
    """Units of one edition whose name contains every word of ``query``, ignoring case and diacritics.

    A query that is all digits also matches the unit code exactly. Provinces come first, then districts,
    then communes, each by name.
    """
    units = AdminUnit.objects.filter(edition=edition).select_related("parent")
    if parent is not None:
        units = units.filter(subtree_q("path", parent.path)).exclude(pk=parent.pk)
    if tier:
        units = units.filter(tier=tier)
    terms = search_terms(query)
    if terms:
        by_name = Q()
        for term in terms:
            by_name &= Q(name_folded__contains=term)
        stripped = query.strip()
        units = units.filter(by_name | Q(code=stripped)) if stripped.isdigit() else units.filter(by_name)
    return units.annotate(tier_order=TIER_ORDER).order_by("tier_order", "name_folded", "code")


def unit_get(*, edition: str, code: str) -> AdminUnit:
    return AdminUnit.objects.select_related("parent").get(edition=edition, code=code)


def unit_by_code(*, code: str, edition: str | None = None) -> AdminUnit:
    """The unit with ``code`` in ``edition``; without one, today's unit, else the one from before 1 July 2025
    (codes typed by officers and found in old lists may be either). ``AdminUnit.DoesNotExist`` if none."""
    code = code.strip()
    for candidate in [edition] if edition else [Edition.CURRENT, Edition.LEGACY]:
        unit = AdminUnit.objects.select_related("parent").filter(edition=candidate, code=code).first()
        if unit is not None:
            return unit
    raise AdminUnit.DoesNotExist(code)


def unit_subtree(*, unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The unit and everything below it: one range scan on the path index."""
    return AdminUnit.objects.filter(subtree_q("path", unit.path))


def unit_children(*, unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(parent=unit).order_by("name_folded")


def unit_ancestors(*, unit: AdminUnit) -> list[AdminUnit]:
    """From the province down to the unit's parent."""
    parts = [part for part in unit.path.split("/") if part][1:-1]
    prefix = "/" + unit.path.split("/")[1] + "/"
    paths = []
    for part in parts:
        prefix += part + "/"
        paths.append(prefix)
    return list(AdminUnit.objects.filter(path__in=paths).order_by("level"))


def unit_successions(*, unit: AdminUnit) -> QuerySet[AdminUnitSuccession]:
    """For a legacy unit, the current units it became; for a current unit, the legacy units it came from."""
    successions = AdminUnitSuccession.objects.select_related("predecessor__parent", "successor__parent")
    if unit.edition == Edition.LEGACY:
        return successions.filter(predecessor=unit).order_by("successor__name_folded")
    return successions.filter(successor=unit).order_by("predecessor__path")


def current_commune_for(*, unit: AdminUnit, choice: AdminUnit | None = None) -> AdminUnit:
    """Today's commune for ``unit``: itself if current, else its successor through the reorganisation.

    A legacy commune that was split has several successors: ``choice`` must then name one of them,
    otherwise ``ApplicationError`` (code ``split_commune``) lists them for the officer to pick.
    """
    if unit.tier != Tier.COMMUNE:
        raise ApplicationError(_("Choose a commune, ward or special zone."), field="commune")
    if unit.edition == Edition.CURRENT:
        return unit
    successors = [s.successor for s in unit_successions(unit=unit)]
    if len(successors) == 1:
        return successors[0]
    if choice is not None and choice in successors:
        return choice
    raise ApplicationError(
        _("%(unit)s was divided among several communes on 1 July 2025; choose which one.")
        % {"unit": unit.name},
        code="split_commune",
        field="commune",
        extra={"options": [(s.code, s.name) for s in successors]},
    )
