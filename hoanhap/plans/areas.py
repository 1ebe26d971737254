"""Which rows a figure for a unit counts, in either edition of the administrative units.

Rows carry the path of their unit (``unit_path``): persons and the records made for them the path of a
*current* commune (``hoanhap.people.models``), while aggregate entries, activities or imported history may
carry the path of a *legacy* unit (before 1 July 2025). A figure for a unit of one edition therefore also
counts the rows recorded under units of the other edition, through ``AdminUnitSuccession``.

The rule, one commune at a time, so that no row is ever counted twice and the figures of the units of one
edition always add up to their parent's:

* A **current commune** belongs, for figures by former units, to the **former commune whose code it kept**.
  Every commune of 1 July 2025 kept the code of one of the communes it absorbed (Decision 19/2025/QĐ-TTg;
  3,316 of 3,316 in the dataset); were one not to, the predecessor with the lowest code is taken. So a
  figure for the former district of Bắc Sơn counts the persons of the six current communes that kept the
  code of one of its communes, and nobody else — a current commune formed from communes of two former
  districts counts whole under the district of the commune whose code it kept.
* A **former commune** belongs, for figures by current units, to its successor; a commune divided among
  several current communes, to the one that kept its code (else the one with the lowest code). So data
  recorded before the merge counts in today's units.
* A row recorded at a unit above the communes (a district's aggregate entry) counts in a unit of the other
  edition only if every commune below it belongs there (the former province of Lạng Sơn lies wholly in
  today's Lạng Sơn); otherwise it is left out of that edition's figures, as it cannot be divided.

An ``Area`` holds the result as path prefixes (its own subtree and the wholly-included units of the other
edition) and single commune paths, so that filtering a table is a few range conditions on its path index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Substr

from hoanhap.core.scope import subtree_q
from hoanhap.geo.models import EDITION_PATH_PREFIX, AdminUnit, AdminUnitSuccession, Edition, Tier


@dataclass(frozen=True)
class Child:
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class Area:
    unit: AdminUnit
    prefixes: tuple[str, ...]  # the unit's own path first, then wholly-included units of the other edition
    leaves: tuple[str, ...]  # other-edition communes belonging to the unit, outside ``prefixes``
    children: tuple[Child, ...]
    # Every other-edition commune belonging to the unit → the path of the child of the unit it falls in
    # ("" when the unit has no children).
    attributed: dict[str, str] = field(default_factory=dict)

    def q(self, path_field: str) -> Q:
        """Rows whose ``path_field`` lies in the area."""
        condition = Q()
        for prefix in self.prefixes:
            condition |= subtree_q(path_field, prefix)
        if self.leaves:
            condition |= Q(**{f"{path_field}__in": self.leaves})
        return condition

    @property
    def other_edition_paths(self) -> tuple[str, ...]:
        return (*self.prefixes[1:], *self.leaves)

    def current_paths(self) -> tuple[str, ...]:
        """The current-edition subtrees of the area: what a user's scope must cover to see its figures."""
        if self.unit.edition == Edition.CURRENT:
            return (self.unit.path,)
        return self.other_edition_paths

    def child_of(self, path: str) -> str:
        """The path of the child unit a row at ``path`` falls in, "" when none: ``child_key`` in Python, for
        counts grouped by the rows' own paths (a few thousand communes at most)."""
        for child in self.children:
            if path.startswith(child.path):
                return child.path
        return self.attributed.get(path, "")

    def child_key(self, path_field: str) -> Combinable:
        """An expression giving, for each row, the path of the child unit it falls in; rows at the unit
        itself (or at an other-edition unit that cannot be divided) give a path that is no child's."""
        own_root = "/" + EDITION_PATH_PREFIX[Edition(self.unit.edition)] + "/"
        lengths = {len(child.path) for child in self.children}
        whens: list[When] = []
        if len(lengths) == 1:
            whens.append(When(subtree_q(path_field, own_root), then=Substr(path_field, 1, lengths.pop())))
        else:
            whens.extend(When(subtree_q(path_field, c.path), then=Value(c.path)) for c in self.children)
        grouped: dict[str, list[str]] = defaultdict(list)
        for commune, child in self.attributed.items():
            if child:
                grouped[child].append(commune)
        whens.extend(
            When(**{f"{path_field}__in": sorted(paths)}, then=Value(child))
            for child, paths in grouped.items()
        )
        return Case(*whens, default=Value(""))


def _principal(rows: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
    """For each key commune (path, code), the one other-edition commune it belongs to: the one with the same
    code, else the lowest code. ``rows`` are (key path, key code, other path, other code)."""
    options: dict[str, list[tuple[str, str]]] = defaultdict(list)
    codes: dict[str, str] = {}
    for key_path, key_code, other_path, other_code in rows:
        options[key_path].append((other_code, other_path))
        codes[key_path] = key_code
    chosen = {}
    for key_path, others in options.items():
        same = [path for code, path in others if code == codes[key_path]]
        chosen[key_path] = same[0] if same else min(others)[1]
    return chosen


def _attributed_communes(unit: AdminUnit) -> dict[str, str]:
    """The other-edition communes that belong to ``unit`` → the commune of ``unit``'s edition they belong
    through. One query."""
    inside = subtree_q("path", unit.path)
    if unit.edition == Edition.CURRENT:
        touching = AdminUnitSuccession.objects.filter(successor__in=AdminUnit.objects.filter(inside))
        rows = AdminUnitSuccession.objects.filter(
            predecessor__in=touching.values("predecessor_id")
        ).values_list("predecessor__path", "predecessor__code", "successor__path", "successor__code")
    else:
        touching = AdminUnitSuccession.objects.filter(predecessor__in=AdminUnit.objects.filter(inside))
        rows = AdminUnitSuccession.objects.filter(successor__in=touching.values("successor_id")).values_list(
            "successor__path", "successor__code", "predecessor__path", "predecessor__code"
        )
    return {key: own for key, own in _principal(rows).items() if own.startswith(unit.path)}


def _ancestors(path: str) -> list[str]:
    """``/l/20/185/06325/`` → ``["/l/20/", "/l/20/185/"]`` (the edition root left out)."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[:depth]) + "/" for depth in range(2, len(parts))]


def _wholly_included(communes: Iterable[str], edition: str) -> tuple[list[str], list[str]]:
    """Split other-edition communes into the largest units all of whose communes are among them, and the
    communes left over. One query (the communes of the provinces concerned)."""
    communes = set(communes)
    if not communes:
        return [], []
    provinces = sorted({_ancestors(path)[0] for path in communes if _ancestors(path)})
    condition = Q()
    for province in provinces:
        condition |= subtree_q("path", province)
    totals: dict[str, int] = defaultdict(int)
    for path in AdminUnit.objects.filter(condition, edition=edition, tier=Tier.COMMUNE).values_list(
        "path", flat=True
    ):
        for ancestor in _ancestors(path):
            totals[ancestor] += 1
    present: dict[str, int] = defaultdict(int)
    for path in communes:
        for ancestor in _ancestors(path):
            present[ancestor] += 1
    whole = {ancestor for ancestor, count in present.items() if count == totals.get(ancestor)}
    largest = sorted(a for a in whole if not any(a != b and a.startswith(b) for b in whole))
    rest = sorted(path for path in communes if not any(path.startswith(prefix) for prefix in largest))
    return largest, rest


def _children(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(parent=unit).order_by("path")


def area_of(unit: AdminUnit) -> Area:
    """The area of ``unit`` with the rows of the other edition that belong to it (module docstring). Three
    or four queries, whatever the size of the unit."""
    attributed = _attributed_communes(unit)
    other = Edition.LEGACY if unit.edition == Edition.CURRENT else Edition.CURRENT
    prefixes, leaves = _wholly_included(attributed, other)
    children = tuple(Child(child.code, child.name, child.path) for child in _children(unit))
    child_paths = [child.path for child in children]

    def child_of(own_commune: str) -> str:
        return next((path for path in child_paths if own_commune.startswith(path)), "")

    return Area(
        unit=unit,
        prefixes=(unit.path, *prefixes),
        leaves=tuple(leaves),
        children=children,
        attributed={commune: child_of(own) for commune, own in attributed.items()},
    )


def _common_prefix(paths: Iterable[str]) -> str:
    split = [[part for part in path.split("/") if part] for path in paths]
    if not split:
        return ""
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/" + "/".join(common) + "/" if len(common) > 1 else ""


def current_area_path(unit: AdminUnit | None) -> str:
    """The deepest current unit covering ``unit``'s area: the unit itself when current; for a former
    unit, the current unit covering every current commune that belongs to it — or, for a former commune
    whose successor kept another's code, its successors ("" if they lie in several provinces). Plans keep
    it so that scope, made of current units, reaches them."""
    if unit is None:
        return ""
    if unit.edition == Edition.CURRENT:
        return unit.path
    attributed = _attributed_communes(unit)
    if attributed:
        return _common_prefix(attributed)
    successors = AdminUnitSuccession.objects.filter(
        predecessor__in=AdminUnit.objects.filter(subtree_q("path", unit.path))
    ).values_list("successor__path", flat=True)
    return _common_prefix(successors)
