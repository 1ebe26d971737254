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
from django.utils.functional import cached_property


def rows_by_ids_first(ordered: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """``list(ordered[start:stop])``, read as the ids of that slice, then those rows by primary key."""
    ids = list(ordered.values_list("pk", flat=True)[start:stop])
    rows = {row.pk: row for row in ordered.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class IdsFirstPaginator(Paginator):
    """A ``Paginator`` over an ordered queryset that reads each page's ids first (same pages, same order).

    With ``count_limit``, counting stops there: a national list of a million persons is not counted row
    by row on every page view (a full count took 150-200 ms at 1M persons); ``count_capped`` then says the
    list is longer than the pages reach, and the page asks the user to narrow it.
    """

    object_list: QuerySet[Any]

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count_limit: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.count_limit = count_limit
        self.count_capped = False

    @cached_property
    def count(self) -> int:
        if self.count_limit is None:
            return self.object_list.count()
        counted = self.object_list.order_by()[: self.count_limit + 1].count()
        self.count_capped = counted > self.count_limit
        return min(counted, self.count_limit)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(rows_by_ids_first(self.object_list, bottom, top), number, self)
