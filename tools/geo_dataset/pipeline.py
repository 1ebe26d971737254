"""The build from start to end: read the wheels, build and check everything, write.

Every check of the data runs before the first file is written (only the NFC check of
each file happens while writing), so a failed build normally leaves the committed
dataset untouched.
"""

from __future__ import annotations

from pathlib import Path

from .csv_output import HEADER_UNITS, write_csv
from .editions import Editions, Notes, build_editions
from .licence_notice import licence_text
from .source_md import source_md
from .sources import load_mit, load_vp
from .succession import Succession, build_succession
from .wheels import locate_wheels


def build(src: Path, out: Path, verify: bool) -> None:
    mit_whl, gpl_whl = locate_wheels(src, verify)
    mit = load_mit(mit_whl)
    vp = load_vp(gpl_whl)
    notes: Notes = {}  # facts for SOURCE.md, filled in by the steps below
    ed = build_editions(mit, vp, notes)
    sc = build_succession(mit, vp, ed, notes)
    write_outputs(out, ed, sc, mit.licence, notes)
    print(
        f"wrote {out}: current {len(ed.cur_prov)}+{len(ed.cur_comm)}, legacy "
        f"{len(ed.leg_prov)}+{len(ed.leg_dist)}+{len(ed.leg_comm)}, succession {len(sc.rows)} rows, "
        f"split {sc.n_split}, "
        f"no successor {len(notes['no_successor'])}"
    )


def write_outputs(out: Path, ed: Editions, sc: Succession, mit_licence: str, notes: Notes) -> None:
    # rows sorted by level, then code: the order SOURCE.md promises
    out.mkdir(parents=True, exist_ok=True)
    write_csv(
        out / "units_current.csv",
        HEADER_UNITS,
        [ed.cur_prov[k] for k in sorted(ed.cur_prov)] + [ed.cur_comm[k] for k in sorted(ed.cur_comm)],
    )
    write_csv(
        out / "units_legacy.csv",
        HEADER_UNITS,
        [ed.leg_prov[k] for k in sorted(ed.leg_prov)]
        + [ed.leg_dist[k] for k in sorted(ed.leg_dist)]
        + [ed.leg_comm[k] for k in sorted(ed.leg_comm)],
    )
    write_csv(out / "succession.csv", ["legacy_code", "current_code", "is_split"], sc.rows)
    write_csv(out / "succession_provinces.csv", ["legacy_code", "current_code"], sorted(sc.prov_pairs))
    (out / "LICENSE-SOURCE.txt").write_text(licence_text(mit_licence), encoding="utf-8")
    (out / "SOURCE.md").write_text(source_md(ed, sc, notes), encoding="utf-8")
