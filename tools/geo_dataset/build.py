#!/usr/bin/env python3
"""Build the versioned Vietnamese administrative-unit dataset of hoanhap.

Regenerates, deterministically, the files in ``hoanhap/geo/data/``:

* ``units_current.csv``   - edition valid from 2025-07-01 (34 provinces, 3,321 communes)
* ``units_legacy.csv``    - edition valid until 2025-06-30 (63 provinces, districts, communes)
* ``succession.csv``      - legacy commune -> current commune(s), with the split flag
* ``succession_provinces.csv`` - legacy province -> current province
* ``SOURCE.md`` and ``LICENSE-SOURCE.txt`` - provenance, licences, counts, discrepancies

The two source packages are build inputs only (never runtime dependencies) and are
read straight from their wheel files; nothing from them is imported or executed.

How to run (Python >= 3.10, stdlib only; network access to PyPI only for the download)::

    pip download --no-deps --dest /tmp/geo_src vietnamadminunits==1.0.4
    pip download --no-deps --only-binary=:all: --python-version 3.12 \\
        --dest /tmp/geo_src vietnam-provinces==2026.9.0
    python3 tools/geo_dataset/build.py --src /tmp/geo_src

(``--python-version 3.12`` is needed because vietnam-provinces >= 2026 declares
Requires-Python >= 3.12; we only read its data files.)  By default the output goes
to ``hoanhap/geo/data`` relative to the repository root; use ``--out`` to change it.
The wheels are checked against pinned SHA-256 digests (``--no-verify`` skips that,
e.g. to try a newer release; then review the diff of the generated files).

Sources
-------
* ``vietnamadminunits`` 1.0.4 (MIT, (c) 2025 Tran Ngoc Minh Hieu): SQLite database
  ``vietnamadminunits/data/dataset.db`` with both unit lists (names, codes, coordinates)
  and ``vietnamadminunits/data/converter_2025.json`` (old->new mapping keyed by
  normalised names).  Primary source for both unit lists, the coordinates and the
  province succession.
* ``vietnam-provinces`` 2026.9.0 (GPL-3.0-or-later, (c) Nguyễn Hồng Quân):
  ``vietnam_provinces/_ward_conversion_2025.py``, generated from the official NSO
  conversion table "BangChuyendoiĐVHCmoi_cu" and keyed by codes.  Primary source of
  the commune succession (the MIT mapping is joined by names and mixes up homonymous
  communes of merged provinces); also used to cross-check names, types and counts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The build's modules form the package ``geo_dataset`` (this directory).  Run as a script,
# Python puts this directory itself first on sys.path, so add its parent to make the
# package importable by name (and thus keep its relative imports working).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo_dataset.pipeline import build


def main() -> None:
    here = Path(__file__).resolve()
    repo = here.parents[2]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--src", type=Path, required=True, help="directory with the downloaded wheels (e.g. /tmp/geo_src)"
    )
    ap.add_argument("--out", type=Path, default=repo / "hoanhap" / "geo" / "data")
    ap.add_argument("--no-verify", action="store_true", help="skip the SHA-256 check")
    args = ap.parse_args()
    build(args.src, args.out, not args.no_verify)


if __name__ == "__main__":
    main()
