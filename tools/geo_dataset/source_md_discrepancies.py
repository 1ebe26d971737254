"""The "Known discrepancies" section of ``SOURCE.md``.

Every way in which the published dataset differs from one of its sources, or in which
the sources differ from each other, is listed here with the affected codes, so that a
reader can check each decision against the upstream data.
"""

from __future__ import annotations

from .corrections import OFFICIAL_TABLE_CODE_FIXES
from .editions import Editions, Notes
from .succession import Succession
from .unit_types import nfc


def discrepancies_section(ed: Editions, sc: Succession, notes: Notes) -> list[str]:
    # short local names keep the long f-strings below readable
    leg_dist, leg_comm = ed.leg_dist, ed.leg_comm
    comm, ccomm = ed.legacy_commune_label, ed.current_commune_label
    n_split = sc.n_split

    L: list[str] = []
    a = L.append
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
    return L
