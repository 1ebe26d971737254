from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from hoanhap.core.request_context import RequestContext, request_context
from hoanhap.geo.loading import geo_load_units
from hoanhap.ops.demo import demo_prepare
from hoanhap.ops.demo_list import demo_list_write


class Command(BaseCommand):
    help = (
        "Prepare the demo database (migrate, load units, demo agencies and accounts) and, unless "
        "--no-serve, start the web server and a background worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        with request_context(RequestContext(channel="command")):
            geo_load_units(actor=None)
            logins = demo_prepare()
        sample = demo_list_write(Path(settings.DATA_DIR))
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS("hoanhap demo is ready / bản trình diễn đã sẵn sàng"))
        self.stdout.write(f"  URL: {url}")
        self.stdout.write("  Logins / Tài khoản (user name / password — role):")
        for account, password in logins:
            self.stdout.write(f"    {account.username:<16} {password:<16} {account.role.label}")
        self.stdout.write(f"  A commune list to try the import with / danh sách mẫu để thử nhập: {sample}")
        self.stdout.write("  demo-admin sets up two-step verification (TOTP) at first sign-in.")
        self.stdout.write("  demo-admin cài đặt xác thực hai bước (TOTP) khi đăng nhập lần đầu.")
        if not options["no_serve"]:
            self._serve(options["host"], options["port"])

    def _serve(self, host: str, port: int) -> None:
        """The web server (gunicorn) and one worker, until interrupted."""
        env = dict(os.environ)
        # The demo is served over plain HTTP on this machine; with the production default (HTTPS only) the
        # browser would never send the session cookie back. An explicit HOANHAP_HTTPS is respected.
        env.setdefault("HOANHAP_HTTPS", "false")
        command = [sys.executable, "-m", "hoanhap"]
        worker = subprocess.Popen([*command, "db_worker"], env=env)  # noqa: S603
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "hoanhap.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
            env=env,
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (server, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
