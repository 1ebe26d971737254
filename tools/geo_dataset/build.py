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
import ast
import collections
import csv
import hashlib
import io
import json
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

MIT_WHEEL = "vietnamadminunits-1.0.4-py3-none-any.whl"
GPL_WHEEL = "vietnam_provinces-2026.9.0-py3-none-any.whl"
EXPECTED_SHA256 = {
    MIT_WHEEL: "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
    GPL_WHEEL: "b5f3540a98937d38b9bebcbdb792fa4f5b9712737d41b05c7254beb2308ebcd1",
}

# Code typos in the official NSO conversion table (and therefore in vietnam-provinces).
# In each of these rows the legacy commune *name* is right but its *code* is the code of
# a neighbouring commune of the same district (which is listed, correctly, in another
# row).  Verified against the rows of BangChuyendoiĐVHCmoi_cu_khong_merge.csv and
# confirmed by the name-based mapping of vietnamadminunits; the build asserts both.
# (current commune, code printed in the table, correct legacy code, name in the table)
OFFICIAL_TABLE_CODE_FIXES = [
    ("00562", "00553", "00556", "Xã Đặng Xá"),  # Xã Thuận An (Hà Nội); 00553 = Xã Cổ Bi
    ("01648", "01615", "01651", "Xã Mỹ Hưng"),  # Xã Phục Hòa (Cao Bằng); 01615 = Xã Hồng Quang
    ("02494", "02485", "02482", "Xã Phú Thịnh"),  # Xã Thái Bình (Tuyên Quang); 02485 = Xã Công Đa
]

Row = tuple[str, str, str, str, str, str]  # code, name, type, parent_code, latitude, longitude

HEADER_UNITS = ["code", "name", "type", "parent_code", "latitude", "longitude"]

CURRENT_COMMUNE_TYPES = {"Xã": "commune", "Phường": "ward", "Đặc khu": "special_zone"}
LEGACY_COMMUNE_TYPES = {"Xã": "commune", "Phường": "ward", "Thị trấn": "township"}
LEGACY_DISTRICT_TYPES = {
    "Quận": "urban_district",
    "Huyện": "rural_district",
    "Thị xã": "town",
    "Thành phố": "provincial_city",
}
PROVINCE_TYPES = {"Tỉnh": "province", "Thành phố": "municipality"}
VP_TYPE_WORD = {  # vietnam-provinces VietNamDivisionType member -> official type word
    "XA": "Xã",
    "PHUONG": "Phường",
    "DAC_KHU": "Đặc khu",
    "THI_TRAN": "Thị trấn",
    "QUAN": "Quận",
    "HUYEN": "Huyện",
    "THI_XA": "Thị xã",
    "THANH_PHO": "Thành phố",
    "THANH_PHO_TRUNG_UONG": "Thành phố",
    "TINH": "Tỉnh",
}


# --------------------------------------------------------------------------- helpers


def fail(msg: str) -> NoReturn:
    sys.exit(f"build.py: error: {msg}")


def check(cond: bool, msg: str) -> None:
    if not cond:
        fail(msg)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", s).strip())


def split_type(name: str, type_words: dict[str, str]) -> tuple[str, str]:
    """Return (official type word, name with the type word spelled canonically)."""
    name = nfc(name)
    for word in sorted(type_words, key=len, reverse=True):
        if name.lower().startswith(word.lower() + " "):
            return word, word + name[len(word) :]
    fail(f"unit name without a known type word {sorted(type_words)}: {name!r}")


def fmt_coord(v: float | str | None) -> str:
    if v is None or v == "":
        return ""
    return repr(round(float(v), 6))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_member(wheel: zipfile.ZipFile, name: str) -> bytes:
    try:
        return wheel.read(name)
    except KeyError:
        fail(f"{wheel.filename} has no member {name}")


def call_name(node: Any) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr


def const(node: Any) -> Any:
    """Value of a literal or of an enum member reference such as WardCode.W_00004."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -const(node.operand)
    raise ValueError(ast.dump(node))


def code(node: Any, width: int) -> str:
    """An integer literal of the source as a zero-padded official code."""
    value = const(node)
    check(isinstance(value, int), f"not a code: {value!r}")
    return str(value).zfill(width)


def module_dict(source: bytes, var: str) -> list[tuple[Any, Any]]:
    """(key node, value node) pairs of the module-level dict literal ``var``."""
    tree = ast.parse(source)
    for stmt in tree.body:
        targets: list[ast.expr]
        value: ast.expr | None
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            targets, value = [stmt.target], stmt.value
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Name) and t.id == var and isinstance(value, ast.Dict):
                return list(zip(value.keys, value.values, strict=True))
    fail(f"dict {var} not found")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    text = buf.getvalue()
    check(unicodedata.is_normalized("NFC", text), f"{path.name} is not NFC")
    path.write_text(text, encoding="utf-8", newline="")


# --------------------------------------------------------------------------- sources


def load_mit(
    wheel_path: Path, tmp: Path
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any], str]:
    with zipfile.ZipFile(wheel_path) as whl:
        db_path = tmp / "dataset.db"
        db_path.write_bytes(read_member(whl, "vietnamadminunits/data/dataset.db"))
        conv = json.loads(read_member(whl, "vietnamadminunits/data/converter_2025.json"))
        lic = read_member(whl, "vietnamadminunits-1.0.4.dist-info/licenses/LICENSE").decode()
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    cur_rows = [dict(r) for r in con.execute("SELECT * FROM admin_units")]
    leg_rows = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy")]
    con.close()
    return cur_rows, leg_rows, conv, lic


def load_vp(wheel_path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(wheel_path) as whl:
        ward_conv = read_member(whl, "vietnam_provinces/_ward_conversion_2025.py")
        prov_conv = read_member(whl, "vietnam_provinces/_province_conversion_2025.py")
        lookup = read_member(whl, "vietnam_provinces/_lookup.py")
        legacy_lookup = read_member(whl, "vietnam_provinces/legacy/_lookup.py")
        meta = read_member(whl, "vietnam_provinces-2026.9.0.dist-info/METADATA").decode()
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

    def units(src: bytes, var: str) -> dict[int, tuple[str, str]]:
        out = {}
        for k, v in module_dict(src, var):
            args = [const(a) for a in v.args]
            out[const(k)] = (nfc(args[0]), VP_TYPE_WORD[args[2]])
        return out

    vp = {
        "pairs": pairs,
        "prov_pairs": prov_pairs,
        "cur_provinces": units(lookup, "PROVINCE_MAPPING"),
        "cur_communes": units(lookup, "WARD_MAPPING"),
        "leg_provinces": units(legacy_lookup, "PROVINCE_MAPPING"),
        "leg_districts": units(legacy_lookup, "DISTRICT_MAPPING"),
        "leg_communes": units(legacy_lookup, "WARD_MAPPING"),
    }
    return vp


# --------------------------------------------------------------------------- build


def build(src: Path, out: Path, verify: bool) -> None:
    mit_whl, gpl_whl = src / MIT_WHEEL, src / GPL_WHEEL
    for p in (mit_whl, gpl_whl):
        check(p.is_file(), f"{p} not found - run the pip download commands in the docstring")
        if verify:
            check(
                sha256(p) == EXPECTED_SHA256[p.name],
                f"{p.name}: SHA-256 differs from the pinned one (use --no-verify to override)",
            )

    with tempfile.TemporaryDirectory() as tmp:
        cur_rows, leg_rows, conv, mit_licence = load_mit(mit_whl, Path(tmp))
    vp = load_vp(gpl_whl)
    notes: dict[str, Any] = {}  # facts for SOURCE.md

    # ---------------------------------------------------------------- current edition
    cur_prov: dict[str, Row] = {}
    cur_comm: dict[str, Row] = {}
    for r in cur_rows:
        pc = r["provinceCode"]
        check(re.fullmatch(r"\d\d", pc or "") is not None, f"bad province code {pc!r}")
        word, pname = split_type(r["province"], PROVINCE_TYPES)
        prow = (pc, pname, PROVINCE_TYPES[word], "", fmt_coord(r["provinceLat"]), fmt_coord(r["provinceLon"]))
        check(cur_prov.setdefault(pc, prow) == prow, f"inconsistent current province {pc}")
        cc = r["wardCode"]
        check(re.fullmatch(r"\d{5}", cc or "") is not None, f"bad commune code {cc!r}")
        check(cc not in cur_comm, f"duplicate current commune {cc}")
        # the type is taken from the official name; the source's wardType column has
        # 4 swapped values (checked against vietnam-provinces below)
        word, cname = split_type(r["ward"], CURRENT_COMMUNE_TYPES)
        if nfc(r["wardType"] or "") != word:
            notes.setdefault("cur_type_fixed", []).append((cc, cname, r["wardType"]))
        cur_comm[cc] = (
            cc,
            cname,
            CURRENT_COMMUNE_TYPES[word],
            pc,
            fmt_coord(r["wardLat"]),
            fmt_coord(r["wardLon"]),
        )

    # cross-check with vietnam-provinces
    check({f"{k:02d}" for k in vp["cur_provinces"]} == set(cur_prov), "current province codes differ")
    check({f"{k:05d}" for k in vp["cur_communes"]} == set(cur_comm), "current commune codes differ")
    for k, (vname, vword) in vp["cur_communes"].items():
        row = cur_comm[f"{k:05d}"]
        check(row[2] == CURRENT_COMMUNE_TYPES[vword], f"type of current commune {k:05d} differs")
        if vname != row[1]:
            notes.setdefault("cur_name_diff", []).append((row[0], row[1], vname))
    for k, (vname, vword) in vp["cur_provinces"].items():
        row = cur_prov[f"{k:02d}"]
        if (vname, PROVINCE_TYPES[vword]) != (row[1], row[2]):
            notes.setdefault("cur_prov_diff", []).append((row[0], row[1], vname))

    # ---------------------------------------------------------------- legacy edition
    leg_prov: dict[str, Row] = {}
    leg_dist: dict[str, Row] = {}
    leg_comm: dict[str, Row] = {}
    for r in leg_rows:
        pc, dc, cc = r["provinceCode"], r["districtCode"], r["wardCode"]
        check(re.fullmatch(r"\d\d", pc or "") is not None, f"bad legacy province {pc!r}")
        check(re.fullmatch(r"\d{3}", dc or "") is not None, f"bad legacy district {dc!r}")
        word, pname = split_type(r["province"], PROVINCE_TYPES)
        prow = (pc, pname, PROVINCE_TYPES[word], "", fmt_coord(r["provinceLat"]), fmt_coord(r["provinceLon"]))
        check(leg_prov.setdefault(pc, prow) == prow, f"inconsistent legacy province {pc}")
        word, dname = split_type(r["district"], LEGACY_DISTRICT_TYPES)
        drow = (
            dc,
            dname,
            LEGACY_DISTRICT_TYPES[word],
            pc,
            fmt_coord(r["districtLat"]),
            fmt_coord(r["districtLon"]),
        )
        check(leg_dist.setdefault(dc, drow) == drow, f"inconsistent legacy district {dc}")
        if cc is None:  # island district without communes
            notes.setdefault("no_commune_districts", []).append(drow)
            continue
        check(re.fullmatch(r"\d{5}", cc) is not None, f"bad legacy commune {cc!r}")
        check(cc not in leg_comm, f"duplicate legacy commune {cc}")
        word, cname = split_type(r["ward"], LEGACY_COMMUNE_TYPES)
        if nfc(r["wardType"] or "") != word:
            notes.setdefault("leg_type_fixed", []).append((cc, cname, r["wardType"]))
        leg_comm[cc] = (
            cc,
            cname,
            LEGACY_COMMUNE_TYPES[word],
            dc,
            fmt_coord(r["wardLat"]),
            fmt_coord(r["wardLon"]),
        )

    vp_leg = {f"{k:05d}": v for k, v in vp["leg_communes"].items()}
    notes["vp_leg_only"] = sorted(set(vp_leg) - set(leg_comm))
    notes["mit_leg_only"] = sorted(set(leg_comm) - set(vp_leg))
    notes["vp_leg_counts"] = (len(vp["leg_provinces"]), len(vp["leg_districts"]), len(vp_leg))
    notes["vp_leg_only_rows"] = [(c, vp_leg[c][0]) for c in notes["vp_leg_only"]]
    for c in sorted(set(vp_leg) & set(leg_comm)):
        if LEGACY_COMMUNE_TYPES[vp_leg[c][1]] != leg_comm[c][2]:
            notes.setdefault("leg_type_vs_vp", []).append((c, leg_comm[c][1], vp_leg[c][0]))
        if vp_leg[c][0] != leg_comm[c][1]:
            notes.setdefault("leg_name_diff", []).append(c)

    # ---------------------------------------------------------------- commune succession
    pairs = set(vp["pairs"])
    for cur, wrong, right, name in OFFICIAL_TABLE_CODE_FIXES:
        check((wrong, cur) in pairs, f"expected official-table pair {wrong}->{cur} not found")
        check(leg_comm[right][1] == name, f"legacy {right} is not {name}")
        pairs.discard((wrong, cur))
        pairs.add((right, cur))
    check(all(a in leg_comm for a, _ in pairs), "succession refers to unknown legacy communes")
    check(all(b in cur_comm for _, b in pairs), "succession refers to unknown current communes")

    # MIT name-based mapping, resolved to codes, for the cross-check
    leg_key = {}
    for r in leg_rows:
        leg_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"] = r["wardCode"]
    cur_key = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in cur_rows}
    mit_pairs = set()
    for pk, m in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nk, olds in m.items():
            for o in olds:
                if leg_key[o] is not None:
                    mit_pairs.add((leg_key[o], cur_key[(pk, nk)]))
    for pk, m in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, news in m.items():
            for n in news:
                mit_pairs.add((leg_key[o], cur_key[(pk, n["newWardKey"])]))
    for cur, wrong, right, _name in OFFICIAL_TABLE_CODE_FIXES:
        check(
            (right, cur) in mit_pairs and (wrong, cur) not in mit_pairs,
            f"vietnamadminunits does not confirm the fix {wrong}->{right} for {cur}",
        )
    notes["mit_only"] = sorted(mit_pairs - pairs)
    notes["final_only"] = sorted(pairs - mit_pairs)
    notes["vp_split_raw"] = sum(1 for n in collections.Counter(a for a, _ in vp["pairs"]).values() if n > 1)
    notes["mit_split_raw"] = sum(1 for n in collections.Counter(a for a, _ in mit_pairs).values() if n > 1)

    succ = collections.defaultdict(set)
    for a, b in pairs:
        succ[a].add(b)
    notes["no_successor"] = sorted(set(leg_comm) - set(succ))
    notes["no_predecessor"] = sorted(set(cur_comm) - {b for _, b in pairs})
    succ_rows = sorted((a, b, "1" if len(succ[a]) > 1 else "0") for a, b in pairs)

    # ---------------------------------------------------------------- province succession
    leg_pkey = {r["provinceKey"]: r["provinceCode"] for r in leg_rows}
    cur_pkey = {r["provinceKey"]: r["provinceCode"] for r in cur_rows}
    prov_pairs = set()
    for nk, olds in conv["DICT_PROVINCE"].items():
        for o in olds:
            prov_pairs.add((leg_pkey[o], cur_pkey[nk]))
    check({a for a, _ in prov_pairs} == set(leg_prov), "province succession incomplete")
    check(len({a for a, _ in prov_pairs}) == len(prov_pairs), "a legacy province has 2 successors")
    check({b for _, b in prov_pairs} == set(cur_prov), "a current province has no predecessor")
    notes["vp_prov_extra"] = sorted(vp["prov_pairs"] - prov_pairs)
    check(not (prov_pairs - vp["prov_pairs"]), "province succession disagrees with vietnam-provinces")
    prov_of = dict(prov_pairs)

    # communes whose successor lies outside the successor of their legacy province
    notes["cross_province"] = sorted(
        (a, b) for a, b in pairs if cur_comm[b][3] != prov_of[leg_dist[leg_comm[a][3]][3]]
    )

    # ---------------------------------------------------------------- write
    out.mkdir(parents=True, exist_ok=True)
    write_csv(
        out / "units_current.csv",
        HEADER_UNITS,
        [cur_prov[k] for k in sorted(cur_prov)] + [cur_comm[k] for k in sorted(cur_comm)],
    )
    write_csv(
        out / "units_legacy.csv",
        HEADER_UNITS,
        [leg_prov[k] for k in sorted(leg_prov)]
        + [leg_dist[k] for k in sorted(leg_dist)]
        + [leg_comm[k] for k in sorted(leg_comm)],
    )
    write_csv(out / "succession.csv", ["legacy_code", "current_code", "is_split"], succ_rows)
    write_csv(out / "succession_provinces.csv", ["legacy_code", "current_code"], sorted(prov_pairs))
    (out / "LICENSE-SOURCE.txt").write_text(licence_text(mit_licence), encoding="utf-8")
    (out / "SOURCE.md").write_text(
        source_md(cur_prov, cur_comm, leg_prov, leg_dist, leg_comm, succ, succ_rows, prov_pairs, notes),
        encoding="utf-8",
    )
    print(
        f"wrote {out}: current {len(cur_prov)}+{len(cur_comm)}, legacy "
        f"{len(leg_prov)}+{len(leg_dist)}+{len(leg_comm)}, succession {len(succ_rows)} rows, "
        f"split {sum(1 for v in succ.values() if len(v) > 1)}, "
        f"no successor {len(notes['no_successor'])}"
    )


# --------------------------------------------------------------------------- documents


def licence_text(mit_licence: str) -> str:
    return f"""Licences of the sources of the data files in this directory
=============================================================

The files units_current.csv, units_legacy.csv, succession.csv and
succession_provinces.csv are generated by tools/geo_dataset/build.py from the two
PyPI packages below.  The facts themselves (names and codes of administrative units
and which unit became which) come from the Vietnamese government's administrative
unit list (danhmuchanhchinh.nso.gov.vn, Decision 124/2004/QĐ-TTg as amended and
Decision 19/2025/QĐ-TTg) and the resolutions of the Standing Committee of the
National Assembly on the 2025 rearrangement; see SOURCE.md.

-----------------------------------------------------------------------------
1. vietnamadminunits 1.0.4 (https://github.com/tranngocminhhieu/vietnamadminunits)
   Used for: unit lists of both editions, coordinates, province succession.
   Licence (verbatim from the package):
-----------------------------------------------------------------------------

{mit_licence.strip()}

-----------------------------------------------------------------------------
2. vietnam-provinces 2026.9.0 (https://github.com/sunshine-tech/VietnamProvinces)
   Copyright (C) Nguyễn Hồng Quân <ng.hong.quan@gmail.com>
   Used for: the commune succession (legacy commune code -> current commune code
   pairs of the official NSO conversion table, as encoded in
   vietnam_provinces/_ward_conversion_2025.py) and for cross-checks.
   Licence: GPL-3.0-or-later (package metadata "License-Expression").
-----------------------------------------------------------------------------

Only code pairs (facts of the official conversion table) are taken from this
package; no program code of it is copied or linked.  To the extent that this
selection is protected at all, it is used under the GNU General Public License,
version 3 or (at your option) any later version.  Section 13 of GPL-3.0 and of
AGPL-3.0 expressly permits combining such material with a work licensed under the
GNU Affero General Public License version 3, as hoanhap is (AGPL-3.0-or-later); the
GPL terms continue to apply to that part.  The full GPL-3.0 text is available at
https://www.gnu.org/licenses/gpl-3.0.txt (on Debian systems also in
/usr/share/common-licenses/GPL-3).
"""


def source_md(
    cur_prov: dict[str, Row],
    cur_comm: dict[str, Row],
    leg_prov: dict[str, Row],
    leg_dist: dict[str, Row],
    leg_comm: dict[str, Row],
    succ: dict[str, set[str]],
    succ_rows: list[tuple[str, str, str]],
    prov_pairs: set[tuple[str, str]],
    notes: dict[str, Any],
) -> str:
    C = collections.Counter
    cpt = C(r[2] for r in cur_prov.values())
    cct = C(r[2] for r in cur_comm.values())
    lpt = C(r[2] for r in leg_prov.values())
    ldt = C(r[2] for r in leg_dist.values())
    lct = C(r[2] for r in leg_comm.values())
    n_split = sum(1 for v in succ.values() if len(v) > 1)
    n_split_rows = sum(1 for r in succ_rows if r[2] == "1")

    def with_coord(rows: Iterable[Row]) -> int:
        return sum(1 for r in rows if r[4] != "")

    def comm(c: str) -> str:
        r = leg_comm[c]
        d = leg_dist[r[3]]
        return f"{c} {r[1]} ({d[1]}, {leg_prov[d[3]][1]})"

    def ccomm(c: str) -> str:
        r = cur_comm[c]
        return f"{c} {r[1]} ({cur_prov[r[3]][1]})"

    L: list[str] = []
    a = L.append
    a("# Administrative-unit dataset: provenance\n")
    a("Generated by `tools/geo_dataset/build.py` - do not edit the CSV files by hand.\n")
    a("## Files\n")
    a("| file | content |\n|---|---|")
    a(
        "| `units_current.csv` | edition valid from 2025-07-01: provinces and communes "
        "(2 levels, no districts) |"
    )
    a("| `units_legacy.csv` | edition valid until 2025-06-30: provinces, districts, communes (3 levels) |")
    a(
        "| `succession.csv` | one row per (legacy commune, current commune) pair; `is_split` = 1 "
        "when the legacy commune has more than one current successor |"
    )
    a(
        "| `succession_provinces.csv` | legacy province -> current province "
        "(each legacy province has exactly one successor) |"
    )
    a("| `LICENSE-SOURCE.txt` | licence notices of the source packages |")
    a("")
    a("Columns of the unit files: `code,name,type,parent_code,latitude,longitude`. Codes are")
    a("the official statistical codes (province 2 digits, district 3, commune 5) and are kept")
    a("as strings with leading zeros. Codes are reused between editions (e.g. province `20`,")
    a("commune `06325`), so a unit is identified by (edition, code). Names are NFC-normalised")
    a("Vietnamese official names including the type word. Types: `province`/`municipality`")
    a("(tỉnh / thành phố trực thuộc trung ương); current communes `commune` (xã), `ward` (phường),")
    a("`special_zone` (đặc khu); legacy districts `urban_district` (quận), `rural_district` (huyện),")
    a("`town` (thị xã), `provincial_city` (thành phố thuộc tỉnh - also used for the two cities")
    a("under a municipality, Thành phố Thủ Đức and Thành phố Thủy Nguyên); legacy communes")
    a("`commune` (xã), `ward` (phường), `township` (thị trấn). Parent of a current commune is its")
    a("province; of a legacy district its province; of a legacy commune its district.\n")

    a("## Sources\n")
    a("1. **vietnamadminunits 1.0.4** (PyPI, MIT licence, (c) 2025 Tran Ngoc Minh Hieu),")
    a(f"   wheel `{MIT_WHEEL}`, SHA-256 `{EXPECTED_SHA256[MIT_WHEEL]}`.")
    a("   Its SQLite database `vietnamadminunits/data/dataset.db` (tables `admin_units` and")
    a("   `admin_units_legacy`) is the source of both unit lists, of all coordinates and")
    a("   (`data/converter_2025.json`, `DICT_PROVINCE`) of the province succession. Upstream, its")
    a("   lists come from danhmuchanhchinh.gso.gov.vn / nso.gov.vn (downloaded 2025-07-18) and")
    a("   its merger data from sapnhap.bando.com.vn; the coordinates were geocoded by the")
    a("   package author (approximate points, not official centroids).")
    a("2. **vietnam-provinces 2026.9.0** (PyPI, GPL-3.0-or-later, (c) Nguyễn Hồng Quân),")
    a(f"   wheel `{GPL_WHEEL}`, SHA-256 `{EXPECTED_SHA256[GPL_WHEEL]}`.")
    a("   `vietnam_provinces/_ward_conversion_2025.py` is generated from the official conversion")
    a('   table of the National Statistics Office ("BangChuyendoiĐVHCmoi_cu_khong_merge.csv") and')
    a("   is the source of `succession.csv`. Its other lists are used only for cross-checks. Only")
    a("   its data files are read (the package needs Python >= 3.12 and is not installed).")
    a("")
    a("Upstream authority: the national list of administrative units (Danh mục các đơn vị hành")
    a("chính Việt Nam, danhmuchanhchinh.nso.gov.vn): Decision 124/2004/QĐ-TTg and its updates for")
    a("the legacy edition, Decision 19/2025/QĐ-TTg for the current edition, and the 2025")
    a("resolutions of the Standing Committee of the National Assembly on the rearrangement of")
    a("commune-level units (Resolution 202/2025/QH15 for the provinces).\n")
    a("Why not one source only: the mapping of vietnamadminunits is joined by *names*, and in")
    a('merged provinces it confuses communes of the same name (e.g. the two "Xã Hòa Bình" of')
    a('Hải Dương and Hải Phòng, the "Phường 4" of several cities); the official table used by')
    a("vietnam-provinces is keyed by *codes* but has three code typos (corrected, see below).\n")

    a("## Licence and compatibility with AGPL-3.0-or-later\n")
    a("The data are facts from the government's administrative-unit list and conversion table;")
    a('Vietnamese law excludes legal/administrative documents and data ("số liệu") from')
    a("copyright (Law on Intellectual Property, art. 15). The packages' own licences are")
    a("nevertheless respected: MIT (vietnamadminunits) is permissive and compatible with")
    a("AGPL-3.0-or-later, its notice is reproduced in `LICENSE-SOURCE.txt`; GPL-3.0-or-later")
    a("(vietnam-provinces, only code pairs taken) may be combined with AGPL-3.0 code under")
    a("section 13 of both licences, its notice is also in `LICENSE-SOURCE.txt`. Neither package")
    a("is a runtime dependency of hoanhap; they are only inputs of the build script.\n")

    a("## Build\n")
    a("```sh")
    a("pip download --no-deps --dest /tmp/geo_src vietnamadminunits==1.0.4")
    a("pip download --no-deps --only-binary=:all: --python-version 3.12 \\")
    a("    --dest /tmp/geo_src vietnam-provinces==2026.9.0")
    a("python3 tools/geo_dataset/build.py --src /tmp/geo_src   # writes hoanhap/geo/data/")
    a("```\n")
    a("The output is deterministic (rows sorted by level, then code; `\\n` line ends; UTF-8, NFC).\n")

    a("## Row counts\n")
    a("| edition | level | type | rows |\n|---|---|---|---:|")
    for t in ("municipality", "province"):
        a(f"| current | province | {t} | {cpt[t]} |")
    for t in ("commune", "ward", "special_zone"):
        a(f"| current | commune | {t} | {cct[t]} |")
    a(f"| current | **total** | | **{len(cur_prov)} provinces, {len(cur_comm)} communes** |")
    for t in ("municipality", "province"):
        a(f"| legacy | province | {t} | {lpt[t]} |")
    for t in ("urban_district", "rural_district", "town", "provincial_city"):
        a(f"| legacy | district | {t} | {ldt[t]} |")
    for t in ("commune", "ward", "township"):
        a(f"| legacy | commune | {t} | {lct[t]} |")
    a(
        f"| legacy | **total** | | **{len(leg_prov)} provinces, {len(leg_dist)} districts, "
        f"{len(leg_comm)} communes** |"
    )
    a("")
    a(
        f"- `succession.csv`: {len(succ_rows)} rows covering {len(succ)} legacy communes and "
        f"{len({r[1] for r in succ_rows})} current communes; **{n_split} legacy communes are split** "
        f"(is_split = 1, {n_split_rows} rows)."
    )
    a(f"- `succession_provinces.csv`: {len(prov_pairs)} rows (63 legacy -> 34 current provinces).")
    a(
        f"- Coordinates: current {with_coord(cur_prov.values())}/{len(cur_prov)} provinces, "
        f"{with_coord(cur_comm.values())}/{len(cur_comm)} communes; legacy "
        f"{with_coord(leg_prov.values())}/{len(leg_prov)} provinces, "
        f"{with_coord(leg_dist.values())}/{len(leg_dist)} districts, "
        f"{with_coord(leg_comm.values())}/{len(leg_comm)} communes. They are the source's geocoded"
    )
    a("  points (WGS84 decimal degrees, rounded to 6 decimals), good for maps, not for boundaries;")
    a("  a few legacy points are geocoder fall-backs (e.g. Huyện Hoàng Sa is placed in Đà Nẵng).\n")

    a("## Legacy communes without a successor\n")
    if notes["no_successor"]:
        for c in notes["no_successor"]:
            a(f"- {comm(c)}")
    else:
        a("**None**: every one of the legacy communes has at least one current successor.")
    a("")
    a("Related facts:")
    a("- Five legacy districts had no commune-level units at all, so they have no rows in")
    a("  `succession.csv`; each became the special zone (đặc khu) of the same name, which")
    a("  therefore has no legacy predecessor commune:")
    for d in sorted(notes["no_commune_districts"]):
        a(f"  - district {d[0]} {d[1]} ({leg_prov[d[3]][1]})")
    a(
        "  Current communes without a legacy predecessor commune: "
        + ", ".join(ccomm(c) for c in notes["no_predecessor"])
        + "."
    )
    a("- Without the corrections below, the official table (and vietnam-provinces) would leave")
    a("  01651 Xã Mỹ Hưng and 02482 Xã Phú Thịnh without a successor.\n")

    a("## Known discrepancies and how they were handled\n")
    a(f"- **Legacy commune count: {len(leg_comm)}, not ~10,050.** 10,035 is the number of")
    a("  commune-level units that existed on 2025-06-30 (after the 2023-2025 rearrangements).")
    a(f"  vietnam-provinces' legacy list is an older snapshot ({notes['vp_leg_counts'][0]} provinces,")
    a(
        f"  {notes['vp_leg_counts'][1]} districts, {notes['vp_leg_counts'][2]} communes): it still contains "
        f"{len(notes['vp_leg_only'])} communes abolished or re-coded by early-2025 resolutions"
    )
    a(
        f"  and lacks {len(notes['mit_leg_only'])} created by them. Those "
        f"{len(notes['vp_leg_only'])} communes are **not** included here (no unit abolished before"
    )
    a("  2025-06-30 is in `units_legacy.csv`); the official conversion table does not refer to any of them:")
    a("  " + "; ".join(f"{c} {n}" for c, n in notes["vp_leg_only_rows"]) + ".")
    a("  Created in 2025 and present here: " + "; ".join(comm(c) for c in notes["mit_leg_only"]) + ".")
    a(f"- **Districts: {len(leg_dist)}** (the usual figure of 696 district-level units).")
    a(
        f"- **Split count: {n_split}, not 441.** Taken as-is, the official table gives "
        f"{notes['vp_split_raw']} split communes, but"
    )
    a("  three of its rows carry a wrong legacy code (the name in the row is right, the code is that")
    a("  of a neighbouring commune listed in another row). The build corrects them (constant")
    a("  `OFFICIAL_TABLE_CODE_FIXES`, each asserted against the name and against vietnamadminunits):")
    for cur, wrong, right, name in OFFICIAL_TABLE_CODE_FIXES:
        a(f'  - row of current {ccomm(cur)}: "{name}" coded {wrong} ({leg_comm[wrong][1]}) -> {right}')
    a("  This makes 01615 Xã Hồng Quang and 02485 Xã Công Đa non-split (each was listed as merged")
    a("  *entirely* into two communes, an impossibility) and 00556 Xã Đặng Xá split (partly into Xã")
    a(f"  Phù Đổng and Xã Thuận An), hence {notes['vp_split_raw']} - 2 + 1 = {n_split}.")
    a(f"- The name-based mapping of vietnamadminunits (which would give {notes['mit_split_raw']} split")
    a(
        f"  communes) differs from the final succession in {len(notes['mit_only'])} pairs it has and "
        f"{len(notes['final_only'])} it lacks. The extra pairs are errors of its name join: in all"
    )
    a("  but a few cases the legacy commune has a namesake in the same merged province (e.g. Xã Hồng")
    a('  Phong of Huyện Bình Gia vs Huyện Cao Lộc in Lạng Sơn; the "Phường 4" of Mỹ Tho, Cai Lậy and')
    a("  Sa Đéc sent to Phường Cao Lãnh), the others involve namesakes among the new units (e.g.")
    a("  Xã Hòa Thắng/Xã Hồng Phong of Bắc Bình; spot-checked against the official table rows, which")
    a("  map 23053 Xã Hòa Thắng to 23053 only). The missing pair is a genuine partial transfer listed")
    a("  in the official table (Xã Văn Khê, Mê Linh, partly into Xã Ô Diên). Pairs only in")
    a("  vietnamadminunits (not used):")
    a("  " + "; ".join(f"{x}->{y}" for x, y in notes["mit_only"]) + ".")
    a(
        "  Pairs missing from vietnamadminunits (used): "
        + "; ".join(f"{x}->{y}" for x, y in notes["final_only"])
        + "."
    )
    if notes.get("cross_province"):
        a(
            "- Legacy communes whose successor lies outside the successor of their legacy province: "
            + "; ".join(f"{x}->{y}" for x, y in notes["cross_province"])
            + "."
        )
    else:
        a("- Every succession pair is consistent with `succession_provinces.csv` (the successor of a")
        a("  legacy commune always lies in the successor of its legacy province).")
    if notes["vp_prov_extra"]:
        a(
            "- vietnam-provinces' province table additionally lists "
            + ", ".join(f"{x}->{y}" for x, y in notes["vp_prov_extra"])
            + "; it is an artefact of a wrong province column for commune 27691 (Phường 4, Thành phố"
        )
        a("  Tân An, Long An) in the official table, and is not used.")
    a("- Current edition: the source has exactly 34 provinces (6 municipalities) and 3,321 communes")
    a("  (2,621 xã, 687 phường, 13 đặc khu), matching Decision 19/2025/QĐ-TTg. The type is derived")
    a(
        "  from the official name; the source's `wardType` column is wrong for "
        + ", ".join(f"{c} {n} (says {t})" for c, n, t in notes.get("cur_type_fixed", []))
        + "."
    )
    a("  All current types agree with vietnam-provinces.")
    if notes.get("cur_prov_diff"):
        a(
            "- vietnam-provinces 2026.9.0 already reflects later changes of province status: "
            + "; ".join(f'{c} {n} -> "{v}"' for c, n, v in notes["cur_prov_diff"])
            + ". This dataset is the edition as of 2025-07-01 and keeps the original names and types;"
        )
        a("  later changes would need a further edition.")
    if notes.get("cur_name_diff"):
        a(
            f"- {len(notes['cur_name_diff'])} current commune names are spelled differently in "
            "vietnam-provinces"
            " (tone-mark placement such as Hòa/Hoà, Thủy/Thuỷ, or letter case); the vietnamadminunits"
            " spelling is used: " + "; ".join(f"{c} {n} / {v}" for c, n, v in notes["cur_name_diff"]) + "."
        )
    a(
        f"- {len(notes.get('leg_name_diff', []))} legacy commune names differ in spelling between the "
        "two packages (mostly"
    )
    a('  tone-mark placement, also hyphens as in "Văn Miếu - Quốc Tử Giám"); the vietnamadminunits')
    a('  spelling is used. Type words at the start of names are spelled canonically ("Thị xã",')
    a('  "Thành phố", "Thị trấn"), which fixes a few capitalised variants of the source.')
    if notes.get("leg_type_fixed"):
        a("- Legacy commune types are derived from the official name; the source's `wardType` column")
        a(
            "  is wrong for "
            + ", ".join(
                f"{c} {n} (says {t})"
                for c, n, t in notes["leg_type_fixed"]
                if nfc(t or "") not in ("Thị Trấn",)
            )
            + "."
        )
    if notes.get("leg_type_vs_vp"):
        a(
            "- Legacy type differences with vietnam-provinces' older snapshot (units re-classified in 2025): "
            + "; ".join(f"{c} {n} / {v}" for c, n, v in notes["leg_type_vs_vp"])
            + "."
        )
    a("")
    return "\n".join(L)


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
