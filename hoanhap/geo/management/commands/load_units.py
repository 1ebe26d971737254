from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from hoanhap.core.request_context import RequestContext, request_context
from hoanhap.geo.loading import geo_load_units


class Command(BaseCommand):
    help = "Load or update the administrative units (both editions) and their successions from the dataset."

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context(RequestContext(channel="command")):
            report = geo_load_units(actor=None)
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True))
