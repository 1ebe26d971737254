"""Whether a figure is read from the indicator facts, which are brought up to date first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from hoanhap.plans.facts.build import LAYOUT, facts_refresh
from hoanhap.plans.facts.models import FactYear
from hoanhap.plans.models import PeriodType
from hoanhap.plans.periods import Period
from hoanhap.plans.tasks import build_figures_year_task

_enabled = True


def facts_cover(period: Period) -> bool:
    """True for a whole year whose facts are built, after rewriting the rows of the persons changed since
    (``facts_refresh``); False otherwise, and the figure is counted from the records — and a year not built
    yet is built in the background (``FIGURES_FIRST_YEAR`` to this year), so that the next figures are
    quick: on 1 January, the new year."""
    if not _enabled or period.type != PeriodType.YEAR:
        return False
    if not FactYear.objects.filter(year=period.year, layout=LAYOUT).exists():
        _request_build(period.year)
        return False
    facts_refresh()
    return True


def _request_build(year: int) -> None:
    if not settings.FIGURES_FIRST_YEAR <= year <= timezone.localdate().year:
        return
    # Asked once an hour at most by this process: the build itself takes a minute at most.
    if cache.add(f"hoanhap:figures-year-requested:{year}", True, timeout=3600):
        transaction.on_commit(lambda: build_figures_year_task.enqueue(year=year))


@contextmanager
def from_records() -> Iterator[None]:
    """Count every figure from the records inside the block: what the tests and the benchmark compare the
    facts with."""
    global _enabled
    before, _enabled = _enabled, False
    try:
        yield
    finally:
        _enabled = before
