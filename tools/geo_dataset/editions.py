"""The two editions of the unit lists, built from vietnamadminunits and cross-checked.

* current edition (valid from 2025-07-01): provinces and communes, 2 levels;
* legacy edition (valid until 2025-06-30): provinces, districts and communes.

vietnamadminunits is the primary source of both lists; every check against
vietnam-provinces either stops the build or is recorded in ``notes`` so that SOURCE.md
documents the difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .checks import check
from .sources import MitSource, VpSource
from .unit_types import (
    CURRENT_COMMUNE_TYPES,
    LEGACY_COMMUNE_TYPES,
    LEGACY_DISTRICT_TYPES,
    PROVINCE_TYPES,
    nfc,
    split_type,
)

Row = tuple[str, str, str, str, str, str]  # code, name, type, parent_code, latitude, longitude
Units = dict[str, Row]  # code -> row

# facts gathered for SOURCE.md, by key (a key is absent when there is nothing to report)
Notes = dict[str, Any]


@dataclass(frozen=True)
class Editions:
    cur_prov: Units
    cur_comm: Units
    leg_prov: Units
    leg_dist: Units
    leg_comm: Units

    # how SOURCE.md refers to a commune: code, name and where it is, since names repeat
    def legacy_commune_label(self, c: str) -> str:
        r = self.leg_comm[c]
        d = self.leg_dist[r[3]]
        return f"{c} {r[1]} ({d[1]}, {self.leg_prov[d[3]][1]})"

    def current_commune_label(self, c: str) -> str:
        r = self.cur_comm[c]
        return f"{c} {r[1]} ({self.cur_prov[r[3]][1]})"


def fmt_coord(v: float | str | None) -> str:
    # 6 decimals (~0.1 m) is far finer than these geocoded points; it keeps diffs stable.
    if v is None or v == "":
        return ""
    return repr(round(float(v), 6))


def build_current(mit: MitSource, vp: VpSource, notes: Notes) -> tuple[Units, Units]:
    """(provinces, communes) of the current edition."""
    cur_prov: Units = {}
    cur_comm: Units = {}
    for r in mit.current_rows:
        # the table is denormalised: each commune row repeats its province
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

    # cross-check with vietnam-provinces: same units and types; names may differ in spelling
    check({f"{k:02d}" for k in vp.cur_provinces} == set(cur_prov), "current province codes differ")
    check({f"{k:05d}" for k in vp.cur_communes} == set(cur_comm), "current commune codes differ")
    for k, (vname, vword) in vp.cur_communes.items():
        row = cur_comm[f"{k:05d}"]
        check(row[2] == CURRENT_COMMUNE_TYPES[vword], f"type of current commune {k:05d} differs")
        if vname != row[1]:
            notes.setdefault("cur_name_diff", []).append((row[0], row[1], vname))
    for k, (vname, vword) in vp.cur_provinces.items():
        row = cur_prov[f"{k:02d}"]
        if (vname, PROVINCE_TYPES[vword]) != (row[1], row[2]):
            notes.setdefault("cur_prov_diff", []).append((row[0], row[1], vname))
    return cur_prov, cur_comm


def build_legacy(mit: MitSource, vp: VpSource, notes: Notes) -> tuple[Units, Units, Units]:
    """(provinces, districts, communes) of the legacy edition."""
    leg_prov: Units = {}
    leg_dist: Units = {}
    leg_comm: Units = {}
    for r in mit.legacy_rows:
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

    # vietnam-provinces' legacy list is an older snapshot, so differences are expected:
    # they are documented in SOURCE.md, not treated as errors
    vp_leg = {f"{k:05d}": v for k, v in vp.leg_communes.items()}
    notes["vp_leg_only"] = sorted(set(vp_leg) - set(leg_comm))
    notes["mit_leg_only"] = sorted(set(leg_comm) - set(vp_leg))
    notes["vp_leg_counts"] = (len(vp.leg_provinces), len(vp.leg_districts), len(vp_leg))
    notes["vp_leg_only_rows"] = [(c, vp_leg[c][0]) for c in notes["vp_leg_only"]]
    for c in sorted(set(vp_leg) & set(leg_comm)):
        if LEGACY_COMMUNE_TYPES[vp_leg[c][1]] != leg_comm[c][2]:
            notes.setdefault("leg_type_vs_vp", []).append((c, leg_comm[c][1], vp_leg[c][0]))
        if vp_leg[c][0] != leg_comm[c][1]:
            notes.setdefault("leg_name_diff", []).append(c)
    return leg_prov, leg_dist, leg_comm


def build_editions(mit: MitSource, vp: VpSource, notes: Notes) -> Editions:
    cur_prov, cur_comm = build_current(mit, vp, notes)
    leg_prov, leg_dist, leg_comm = build_legacy(mit, vp, notes)
    return Editions(cur_prov, cur_comm, leg_prov, leg_dist, leg_comm)
