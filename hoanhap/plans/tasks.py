"""Background work of the plans: building a year of indicator facts when figures for it are first asked."""

from __future__ import annotations

from django_tasks import task

from hoanhap.plans.facts.build import facts_build_year


@task()
def build_figures_year_task(year: int) -> None:
    """Build the indicator facts of ``year``; until then its figures are counted from the records."""
    facts_build_year(year)
