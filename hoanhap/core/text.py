"""Vietnamese text: normal form and the folded search key.

Names are stored in Unicode NFC (what Vietnamese keyboards and most files produce, while some produce
NFD or precomposed/combining mixtures). Searching uses a folded key: lower case, diacritics removed,
đ → d, whitespace collapsed, so "bac son" finds "Bắc Sơn" and "dak lak" finds "Đắk Lắk".
"""

from __future__ import annotations

import re
import unicodedata

_D_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})
# The combining diacritics Vietnamese uses (and the rest of their block): one regular expression removes
# them faster than a test of every character, and an import folds several texts per row.
_COMMON_MARKS = re.compile("[\u0300-\u036f]+")


def normalize_name(text: str) -> str:
    """NFC with single spaces between words and none at the ends."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """The search key of ``text``: lower-case ASCII letters and digits with single spaces."""
    if not text.isascii():
        text = _COMMON_MARKS.sub("", unicodedata.normalize("NFD", text.translate(_D_LETTERS)))
        if not text.isascii():  # other scripts' marks, rare: the general rule
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def search_terms(query: str) -> list[str]:
    """The folded words of a query; each must occur in the folded key of a match."""
    return fold(query).split()


def grouped_number(value: int) -> str:
    """A whole number with its thousands grouped as Vietnamese documents write them: 1500000 → "1.500.000"."""
    return f"{value:,}".replace(",", ".")
