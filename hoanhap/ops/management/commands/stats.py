from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hoanhap.ops.inventory import inventory


class Command(BaseCommand):
    help = "Print an inventory of the database: units per edition and type, successions, agencies, users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        data = inventory()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
            return
        self._print("", data)

    def _print(self, indent: str, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if isinstance(value, dict):
                self.stdout.write(f"{indent}{key}:")
                self._print(indent + "  ", value)
            else:
                self.stdout.write(f"{indent}{key}: {value}")
