"""Deterministic CSV writing.

The data files are committed, so their bytes must depend only on the inputs: fixed
``\\n`` line ends on every platform, UTF-8 and NFC (the same name in two Unicode forms
would not compare equal when the application loads the files).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from .checks import check

HEADER_UNITS = ["code", "name", "type", "parent_code", "latitude", "longitude"]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    text = buf.getvalue()
    check(unicodedata.is_normalized("NFC", text), f"{path.name} is not NFC")
    # newline="" so that Python does not translate "\n" into the platform's line end
    path.write_text(text, encoding="utf-8", newline="")
