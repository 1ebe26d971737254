"""``hoanhap import-persons FILE --commune CODE [--dry-run] [--json] [--user NAME]``: the web import's
pipeline from the command line, for scripted migrations and checks. Without ``--dry-run`` the rows that
create or update persons are written (rows that need a decision are left out: decide them on the web page);
the summary says what was, or would be, written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_commit import person_import_commit
from hoanhap.exchange.import_services import person_import_upload
from hoanhap.exchange.models import ImportRow, RowClass
from hoanhap.geo.models import AdminUnit
from hoanhap.geo.selectors import unit_by_code


class Command(BaseCommand):
    help = "Import a commune's list of persons with disabilities (XLSX, XLS, ODS or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--commune", required=True, help="code of today's commune the list belongs to")
        parser.add_argument("--dry-run", action="store_true", help="check and classify only; write nothing")
        parser.add_argument("--json", action="store_true", help="machine-readable summary, row by row")
        parser.add_argument(
            "--user", default="", help="account recorded as the importer (default: the first administrator)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = self._actor(options["user"])
        try:
            commune = unit_by_code(code=options["commune"])
        except AdminUnit.DoesNotExist as error:
            raise CommandError(f"no unit with code {options['commune']}") from error
        try:
            person_import = person_import_upload(
                actor=actor, commune=commune, file_name=path.name, content=path.read_bytes()
            )
            counts = person_import_analyse(actor=actor, person_import=person_import)
            applied = (
                {} if options["dry_run"] else person_import_commit(actor=actor, person_import=person_import)
            )
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        rows = ImportRow.objects.filter(person_import=person_import).order_by("id")
        if options["json"]:
            self.stdout.write(
                json.dumps(_summary(person_import.pk, counts, applied, rows), ensure_ascii=False, indent=1)
            )
            return
        self.stdout.write(f"import {person_import.pk}: {person_import.file_name}")
        for row_class, label in RowClass.choices:
            if counts.get(row_class):
                self.stdout.write(f"  {label}: {counts[row_class]}")
        if not options["dry_run"]:
            self.stdout.write(
                f"  written: {applied.get('created', 0)} created, {applied.get('updated', 0)} updated"
            )

    def _actor(self, username: str) -> User:
        users = User.objects.filter(is_active=True)
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(role=Role.ADMIN).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(
                "no such active account" if username else "create an administrator first (user-add)"
            )
        return actor


def _summary(import_id: Any, counts: dict[str, int], applied: dict[str, int], rows: Any) -> dict[str, Any]:
    with translation.override("en"):
        return {
            "import": str(import_id),
            "counts": counts,
            "written": applied,
            "rows": [
                {
                    "sheet": row.sheet,
                    "row": row.row_number,
                    "kind": row.kind,
                    "class": row.row_class,
                    "reasons": row.reasons,
                    "values": row.values,
                    "person": row.person_id,
                    "match": row.match_id,
                }
                for row in rows.iterator()
            ],
        }
