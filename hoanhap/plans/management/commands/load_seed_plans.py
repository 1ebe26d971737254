from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hoanhap.core.request_context import RequestContext, request_context
from hoanhap.plans.seed import seed_plans_load


class Command(BaseCommand):
    help = (
        "Enter the indicators and the plans of seeds 000 and 002 (objectives, targets, tasks, agencies) "
        "from hoanhap/plans/data; what is already there is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context(RequestContext(channel="command")):
            report = seed_plans_load(actor=None)
        self.stdout.write(
            f"indicators: {report.indicators_created} added, {report.indicators_updated} updated; "
            f"agencies: {report.agencies_created} added; "
            f"plans: {', '.join(report.plans_created) or 'none'} added"
        )
