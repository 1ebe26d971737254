from __future__ import annotations

import re
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hoanhap.plans.facts.build import facts_rebuild


def _years(text: str) -> list[int]:
    """``2024`` → [2024]; ``2020-2024`` → the five years."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text.strip())
    if not match:
        raise CommandError(f"not a year or a span of years: {text!r} (2024, 2020-2024)")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise CommandError(f"the span ends before it starts: {text!r}")
    return list(range(first, last + 1))


class Command(BaseCommand):
    help = (
        "Build the indicator facts (hoanhap.plans.facts) of the years given, from scratch, and drop those of "
        "other years: after a restore or a bulk load that bypassed the database's triggers. By default the "
        "current year and the four before it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", help="years or spans: 2024, 2020-2024")

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        years = sorted({y for text in options["years"] for y in _years(text)}) or list(
            range(this_year - 4, this_year + 1)
        )
        started = time.perf_counter()
        built = facts_rebuild(years)
        self.stdout.write(
            f"indicator facts built for {', '.join(map(str, built))} in {time.perf_counter() - started:.1f} s"
        )
