from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hoanhap.people.identity.delivery import DEFAULT_LIMIT, population_events_send


class Command(BaseCommand):
    help = (
        "Send the deaths and moves waiting to be reported to the national population database. Each change "
        "is sent as soon as it is saved; run this every few minutes (cron or a systemd timer) to retry those "
        "the database could not take."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=DEFAULT_LIMIT, help="most reports to send in this run"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        counts = population_events_send(limit=options["limit"])
        self.stdout.write(
            f"{counts.sent} report(s) sent, {counts.failed} failed, {counts.pending} still waiting"
        )
