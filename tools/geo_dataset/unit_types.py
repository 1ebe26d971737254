"""Official type words of administrative units and the normalisation of unit names.

Both sources store the unit type separately from the name, and both are occasionally
wrong about it, so the build derives the type from the type word at the start of the
official name (e.g. "Xã Thuận An" -> commune) instead.
"""

from __future__ import annotations

import re
import unicodedata

from .checks import fail

# type word at the start of an official name -> type written to the CSV files
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


def nfc(s: str) -> str:
    """Collapse whitespace and NFC-normalise, so that equal names compare equal."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", s).strip())


def split_type(name: str, type_words: dict[str, str]) -> tuple[str, str]:
    """Return (official type word, name with the type word spelled canonically)."""
    name = nfc(name)
    # longest first, so that "Thị xã" is not taken for a shorter word it starts with
    for word in sorted(type_words, key=len, reverse=True):
        if name.lower().startswith(word.lower() + " "):
            return word, word + name[len(word) :]
    fail(f"unit name without a known type word {sorted(type_words)}: {name!r}")
