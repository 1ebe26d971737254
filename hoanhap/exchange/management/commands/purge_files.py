from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from hoanhap.exchange.retention import expired_files_purge


class Command(BaseCommand):
    help = (
        "Delete generated files with personal data (exports) older than HOANHAP_FILE_RETENTION_HOURS. "
        "Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = expired_files_purge()
        self.stdout.write(f"{deleted} file(s) older than {settings.FILE_RETENTION_HOURS} hours deleted")
