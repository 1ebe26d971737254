"""Documented corrections of the official NSO conversion table.

The commune succession is taken from the official table because it is keyed by codes,
but the table has a few wrong codes.  Each correction is listed here, asserted against
the table itself (the wrong row must still be there), against the legacy unit list
(the correct code must carry the name printed in the row) and against the independent
name-based mapping of vietnamadminunits, so that a fixed upstream makes the build stop
instead of silently "correcting" good data.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from .checks import check

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


def apply_code_fixes(
    official_pairs: Set[tuple[str, str]], leg_comm: Mapping[str, tuple[str, ...]]
) -> set[tuple[str, str]]:
    """The (legacy, current) pairs of the official table with the code typos corrected.

    ``leg_comm`` maps legacy commune codes to unit rows (code, name, ...).
    """
    pairs = set(official_pairs)
    for cur, wrong, right, name in OFFICIAL_TABLE_CODE_FIXES:
        check((wrong, cur) in pairs, f"expected official-table pair {wrong}->{cur} not found")
        check(leg_comm[right][1] == name, f"legacy {right} is not {name}")
        pairs.discard((wrong, cur))
        pairs.add((right, cur))
    return pairs


def check_fixes_confirmed(mit_pairs: Set[tuple[str, str]]) -> None:
    """Stop unless vietnamadminunits has every corrected pair and none of the typos."""
    for cur, wrong, right, _name in OFFICIAL_TABLE_CODE_FIXES:
        check(
            (right, cur) in mit_pairs and (wrong, cur) not in mit_pairs,
            f"vietnamadminunits does not confirm the fix {wrong}->{right} for {cur}",
        )
