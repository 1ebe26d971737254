"""Paging long ordered lists in two steps: the ids of one page, then those rows in full.

``OFFSET … LIMIT 50`` over a list ordered by a key has to walk the order and test each row against the
filters. Asking for the ids only lets PostgreSQL walk a covering index (the key plus the filtered columns,
``hoanhap/people/migrations/0008``) without reading the table; the 50 rows are then read by primary key,
with every join and annotation the page shows. SQLite answers both steps the same way as before.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def rows_by_ids_first(ordered: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """``list(ordered[start:stop])``, read as the ids of that slice, then those rows by primary key."""
    ids = list(ordered.values_list("pk", flat=True)[start:stop])
    rows = {row.pk: row for row in ordered.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class IdsFirstPaginator(Paginator):
    """A ``Paginator`` over an ordered queryset that reads each page's ids first (same pages, same order)."""

    object_list: QuerySet[Any]

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(rows_by_ids_first(self.object_list, bottom, top), number, self)
