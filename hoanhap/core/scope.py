"""The reach of a user: the admin-unit subtrees whose data they may see.

Every admin unit carries a materialised path (``/c/20/05977/``); a unit's subtree is every path that starts
with its own. The test is written as a range (``path >= p AND path < p + "~"``) rather than ``LIKE 'p%'`` so
that both SQLite and PostgreSQL answer it from the plain B-tree index on the path column: "~" sorts after
every character a path can contain (digits, lower-case letters and "/").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q

PATH_UPPER_BOUND = "~"


def subtree_q(field: str, path: str) -> Q:
    """Rows whose ``field`` holds ``path`` itself or any path below it."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": path + PATH_UPPER_BOUND})


@dataclass(frozen=True)
class Scope:
    """Subtrees a user may reach; ``everything`` for system administrators."""

    paths: tuple[str, ...] = ()
    everything: bool = False

    def covers(self, path: str | None) -> bool:
        if self.everything:
            return True
        if not path:
            return False
        return any(path.startswith(root) for root in self.paths)

    def q(self, field: str) -> Q:
        """A filter keeping the rows whose ``field`` (a path) lies inside the scope."""
        if self.everything:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        condition = Q()
        for root in self.paths:
            condition |= subtree_q(field, root)
        return condition


class Viewer(Protocol):
    """What lower layers need of a signed-in user, without importing the accounts app."""

    @property
    def pk(self) -> Any: ...

    @property
    def scope(self) -> Scope: ...

    def has_capability(self, capability: str) -> bool: ...

    def get_username(self) -> str: ...
