"""Loading the data of the two source packages into plain Python structures.

* vietnamadminunits (MIT): unit lists, coordinates, name-keyed old->new mapping.
* vietnam-provinces (GPL): the code-keyed official conversion table, plus its own unit
  lists, which the build uses only to cross-check the MIT ones.

Nothing here interprets the data; that happens in ``editions`` and ``succession``.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import check
from .python_literals import call_name, code, const, module_dict
from .unit_types import VP_TYPE_WORD, nfc
from .wheels import read_member

# vietnam-provinces unit lists: numeric code -> (NFC name, official type word)
VpUnits = dict[int, tuple[str, str]]


@dataclass(frozen=True)
class MitSource:
    """vietnamadminunits 1.0.4: rows of its SQLite tables and its JSON converter."""

    current_rows: list[dict[str, Any]]  # table admin_units
    legacy_rows: list[dict[str, Any]]  # table admin_units_legacy
    converter: dict[str, Any]  # converter_2025.json, keyed by normalised names
    licence: str  # verbatim LICENSE, reproduced in LICENSE-SOURCE.txt


@dataclass(frozen=True)
class VpSource:
    """vietnam-provinces 2026.9.0: the official conversion table and its unit lists."""

    pairs: set[tuple[str, str]]  # (old commune code, new commune code), as published
    prov_pairs: set[tuple[str, str]]  # (old province code, new province code)
    cur_provinces: VpUnits
    cur_communes: VpUnits
    leg_provinces: VpUnits
    leg_districts: VpUnits
    leg_communes: VpUnits


def load_mit(wheel_path: Path) -> MitSource:
    # sqlite3 cannot open a database inside a zip, so extract it to a scratch directory.
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel_path) as whl:
        db_path = Path(tmp) / "dataset.db"
        db_path.write_bytes(read_member(whl, "vietnamadminunits/data/dataset.db"))
        conv = json.loads(read_member(whl, "vietnamadminunits/data/converter_2025.json"))
        lic = read_member(whl, "vietnamadminunits-1.0.4.dist-info/licenses/LICENSE").decode()
        con = sqlite3.connect(db_path)
        con.row_factory = sqlite3.Row
        cur_rows = [dict(r) for r in con.execute("SELECT * FROM admin_units")]
        leg_rows = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy")]
        con.close()
    return MitSource(cur_rows, leg_rows, conv, lic)


def _vp_units(src: bytes, var: str) -> VpUnits:
    out = {}
    for k, v in module_dict(src, var):
        args = [const(a) for a in v.args]
        out[const(k)] = (nfc(args[0]), VP_TYPE_WORD[args[2]])
    return out


def load_vp(wheel_path: Path) -> VpSource:
    with zipfile.ZipFile(wheel_path) as whl:
        ward_conv = read_member(whl, "vietnam_provinces/_ward_conversion_2025.py")
        prov_conv = read_member(whl, "vietnam_provinces/_province_conversion_2025.py")
        lookup = read_member(whl, "vietnam_provinces/_lookup.py")
        legacy_lookup = read_member(whl, "vietnam_provinces/legacy/_lookup.py")
        meta = read_member(whl, "vietnam_provinces-2026.9.0.dist-info/METADATA").decode()
    # LICENSE-SOURCE.txt states this licence; refuse to build if upstream changed it.
    check("License-Expression: GPL-3.0-or-later" in meta, "unexpected vietnam-provinces licence")

    # (old commune code, new commune code) pairs of the official conversion table
    pairs: set[tuple[str, str]] = set()
    for k, v in module_dict(ward_conv, "OLD_TO_NEW"):
        check(call_name(v) == "OldToNewEntry", "unexpected OLD_TO_NEW entry")
        old_ref, new_refs = v.args
        old_code = code(old_ref.args[0], 5)
        check(old_code == code(k, 5), "OLD_TO_NEW key/code mismatch")
        for n in new_refs.elts:
            pairs.add((old_code, code(n.args[0], 5)))

    prov_pairs: set[tuple[str, str]] = set()
    for k, v in module_dict(prov_conv, "OLD_TO_NEW"):
        for n in v.args[1].elts:
            prov_pairs.add((code(k, 2), code(n.args[0], 2)))

    return VpSource(
        pairs=pairs,
        prov_pairs=prov_pairs,
        cur_provinces=_vp_units(lookup, "PROVINCE_MAPPING"),
        cur_communes=_vp_units(lookup, "WARD_MAPPING"),
        leg_provinces=_vp_units(legacy_lookup, "PROVINCE_MAPPING"),
        leg_districts=_vp_units(legacy_lookup, "DISTRICT_MAPPING"),
        leg_communes=_vp_units(legacy_lookup, "WARD_MAPPING"),
    )
