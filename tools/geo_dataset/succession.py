"""Successions: which current unit(s) each legacy unit became.

* communes: the official conversion table (codes, via vietnam-provinces) with the
  corrections of ``corrections``, cross-checked against the name-based mapping of
  vietnamadminunits, which is not used for the output because its name join confuses
  homonymous communes of merged provinces;
* provinces: the mapping of vietnamadminunits (one successor per legacy province),
  cross-checked against vietnam-provinces.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

from .checks import check
from .corrections import apply_code_fixes, check_fixes_confirmed
from .editions import Editions, Notes
from .sources import MitSource, VpSource

Pair = tuple[str, str]  # (legacy code, current code)


@dataclass(frozen=True)
class Succession:
    pairs: set[Pair]  # commune pairs
    successors: dict[str, set[str]]  # legacy commune -> its current communes
    rows: list[tuple[str, str, str]]  # rows of succession.csv: legacy, current, is_split
    prov_pairs: set[Pair]  # province pairs

    @property
    def n_split(self) -> int:
        """Number of legacy communes with more than one current successor."""
        return sum(1 for v in self.successors.values() if len(v) > 1)


def mit_commune_pairs(mit: MitSource) -> set[Pair]:
    """The name-keyed mapping of vietnamadminunits, resolved to codes (for the cross-check)."""
    leg_key = {}
    for r in mit.legacy_rows:
        leg_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"] = r["wardCode"]
    cur_key = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in mit.current_rows}
    mit_pairs = set()
    conv = mit.converter
    for pk, m in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nk, olds in m.items():
            for o in olds:
                # keys of districts without communes resolve to no commune code
                if leg_key[o] is not None:
                    mit_pairs.add((leg_key[o], cur_key[(pk, nk)]))
    for pk, m in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, news in m.items():
            for n in news:
                mit_pairs.add((leg_key[o], cur_key[(pk, n["newWardKey"])]))
    return mit_pairs


def _split_count(pairs: set[Pair]) -> int:
    """Number of legacy units with more than one successor."""
    return sum(1 for n in collections.Counter(a for a, _ in pairs).values() if n > 1)


def commune_succession(
    mit: MitSource, vp: VpSource, ed: Editions, notes: Notes
) -> tuple[set[Pair], dict[str, set[str]], list[tuple[str, str, str]]]:
    """(pairs, successors by legacy commune, rows of succession.csv)."""
    pairs = apply_code_fixes(vp.pairs, ed.leg_comm)
    check(all(a in ed.leg_comm for a, _ in pairs), "succession refers to unknown legacy communes")
    check(all(b in ed.cur_comm for _, b in pairs), "succession refers to unknown current communes")

    mit_pairs = mit_commune_pairs(mit)
    check_fixes_confirmed(mit_pairs)
    notes["mit_only"] = sorted(mit_pairs - pairs)
    notes["final_only"] = sorted(pairs - mit_pairs)
    notes["vp_split_raw"] = _split_count(vp.pairs)
    notes["mit_split_raw"] = _split_count(mit_pairs)

    succ = collections.defaultdict(set)
    for a, b in pairs:
        succ[a].add(b)
    notes["no_successor"] = sorted(set(ed.leg_comm) - set(succ))
    notes["no_predecessor"] = sorted(set(ed.cur_comm) - {b for _, b in pairs})
    succ_rows = sorted((a, b, "1" if len(succ[a]) > 1 else "0") for a, b in pairs)
    return pairs, succ, succ_rows


def province_succession(mit: MitSource, vp: VpSource, ed: Editions, notes: Notes) -> set[Pair]:
    leg_pkey = {r["provinceKey"]: r["provinceCode"] for r in mit.legacy_rows}
    cur_pkey = {r["provinceKey"]: r["provinceCode"] for r in mit.current_rows}
    prov_pairs = set()
    for nk, olds in mit.converter["DICT_PROVINCE"].items():
        for o in olds:
            prov_pairs.add((leg_pkey[o], cur_pkey[nk]))
    check({a for a, _ in prov_pairs} == set(ed.leg_prov), "province succession incomplete")
    check(len({a for a, _ in prov_pairs}) == len(prov_pairs), "a legacy province has 2 successors")
    check({b for _, b in prov_pairs} == set(ed.cur_prov), "a current province has no predecessor")
    # extra pairs of vietnam-provinces are documented; missing ones would be an error
    notes["vp_prov_extra"] = sorted(vp.prov_pairs - prov_pairs)
    check(not (prov_pairs - vp.prov_pairs), "province succession disagrees with vietnam-provinces")
    return prov_pairs


def build_succession(mit: MitSource, vp: VpSource, ed: Editions, notes: Notes) -> Succession:
    pairs, succ, succ_rows = commune_succession(mit, vp, ed, notes)
    prov_pairs = province_succession(mit, vp, ed, notes)
    prov_of = dict(prov_pairs)

    # communes whose successor lies outside the successor of their legacy province
    notes["cross_province"] = sorted(
        (a, b) for a, b in pairs if ed.cur_comm[b][3] != prov_of[ed.leg_dist[ed.leg_comm[a][3]][3]]
    )
    return Succession(pairs, succ, succ_rows, prov_pairs)
