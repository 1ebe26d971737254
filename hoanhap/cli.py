"""The ``hoanhap`` console command: Django's ``manage.py`` with the project's settings preselected.

Operations commands are spelt with hyphens on the command line (``hoanhap load-units``); Django's command
modules cannot contain hyphens, so the first argument is translated to the module name.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoanhap.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
