from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.request_context import RequestContext, request_context
from hoanhap.ops.generator import generation_communes, persons_generate


class Command(BaseCommand):
    help = (
        "Add plausible generated persons with disabilities (test, demo or benchmark data, never real "
        "people) to the communes named, the communes of the provinces named, or the whole country."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="how many persons to add")
        parser.add_argument(
            "--province",
            nargs="+",
            action="extend",
            default=[],
            metavar="CODE",
            help="current province codes",
        )
        parser.add_argument(
            "--communes", action="append", default=[], metavar="CODE,...", help="current commune codes"
        )
        parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same persons")
        parser.add_argument(
            "--with-determinations",
            action="store_true",
            help="one or two disability determinations per person, most with a certificate",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["count"] < 1:
            raise CommandError("--count must be at least 1")
        communes = [
            code.strip() for group in options["communes"] for code in group.split(",") if code.strip()
        ]
        try:
            units = generation_communes(provinces=options["province"], communes=communes)
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        verbosity = options["verbosity"]

        def progress(done: int, total: int) -> None:
            if verbosity > 1:
                self.stderr.write(f"{done}/{total}")

        with request_context(RequestContext(channel="command")):
            report = persons_generate(
                actor=None,
                count=options["count"],
                communes=units,
                seed=options["seed"],
                with_determinations=options["with_determinations"],
                units_named=[*options["province"], *communes],
                progress=progress,
            )
        self.stdout.write(
            f"added {report.persons} persons in {report.communes} communes, {report.determinations} "
            f"determinations, {report.certificates} certificates in {report.seconds:.1f} s"
        )
