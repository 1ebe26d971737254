from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hoanhap.accounts.roles import Role
from hoanhap.accounts.services.users import user_create
from hoanhap.agencies.models import Agency
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.request_context import RequestContext, request_context
from hoanhap.geo.models import AdminUnit, Edition


class Command(BaseCommand):
    help = (
        "Create an account, for provisioning from scripts. The password is read from standard input "
        "so that it never appears in the process list or the shell history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--unit",
            action="append",
            default=[],
            metavar="CODE",
            help="code of a current administrative unit; repeat for several",
        )
        parser.add_argument("--agency", type=int, metavar="ID", help="id of the agency (agency reporters)")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            required=True,
            help="read the password from the first line of standard input",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("no password on standard input / không có mật khẩu ở đầu vào chuẩn")
        units = []
        for code in options["unit"]:
            unit = AdminUnit.objects.filter(edition=Edition.CURRENT, code=code).first()
            if unit is None:
                raise CommandError(f"unknown current unit code {code} / không có đơn vị hành chính mã {code}")
            units.append(unit)
        agency = None
        if options["agency"] is not None:
            agency = Agency.objects.filter(pk=options["agency"]).first()
            if agency is None:
                raise CommandError(
                    f"unknown agency {options['agency']} / không có cơ quan {options['agency']}"
                )
        try:
            with request_context(RequestContext(channel="command")):
                user = user_create(
                    actor=None,
                    username=options["username"],
                    password=password,
                    role=options["role"],
                    units=units,
                    agency=agency,
                    full_name=options["full_name"],
                    email=options["email"],
                )
        except ApplicationError as error:
            raise CommandError(f"{error.field or 'error'}: {error.message}") from None
        self.stdout.write(f"created {user.username} ({user.role})")
