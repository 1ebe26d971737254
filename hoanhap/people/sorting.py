"""Sorting names the Vietnamese way.

Lists of persons are ordered by given name (the last word), then by the rest of the name, with the letters
in Vietnamese order (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) and the tones as a tie-break
in dictionary order (ngang, huyền, hỏi, ngã, sắc, nặng). Databases cannot collate that, so each person
stores a key that sorts correctly as plain bytes on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import unicodedata

VIETNAMESE_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z"
LETTERS = VIETNAMESE_ALPHABET.split(" ")
# Each letter becomes one character from "A" upwards, so byte order is Vietnamese letter order.
LETTER_KEY = {letter: chr(ord("A") + index) for index, letter in enumerate(LETTERS)}
TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}  # huyền hỏi ngã sắc nặng
SHAPES = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
WORD_SEPARATOR = "!"  # sorts before every letter key, so "An" comes before "Anh"
PART_SEPARATOR = " "  # sorts before every key character: "An" ends before "Anh" goes on


def _letters(word: str) -> tuple[str, str]:
    """The primary key (letters) and the secondary key (tones) of one word."""
    primary, tones = [], []
    for char in unicodedata.normalize("NFC", word.casefold()):
        if char == "đ":
            base, marks = "đ", ""
        else:
            decomposed = unicodedata.normalize("NFD", char)
            base, marks = decomposed[0], decomposed[1:]
        tone = "0"
        for mark in marks:
            if (base, mark) in SHAPES:
                base = SHAPES[(base, mark)]
            elif mark in TONES:
                tone = TONES[mark]
        if base in LETTER_KEY:
            primary.append(LETTER_KEY[base])
            tones.append(tone)
        elif base.isdigit():
            primary.append(base)  # digits sort before letters, as in a dictionary
            tones.append("0")
    return "".join(primary), "".join(tones)


def vietnamese_sort_key(full_name: str) -> str:
    """given name (letters, then tones) · rest of the name (letters, then tones), as one sortable string."""
    words = full_name.split()
    if not words:
        return ""
    given_letters, given_tones = _letters(words[-1])
    rest = [_letters(word) for word in words[:-1]]
    rest_letters = WORD_SEPARATOR.join(letters for letters, _tones in rest)
    rest_tones = "".join(tones for _letters_, tones in rest)
    return PART_SEPARATOR.join([given_letters, given_tones, rest_letters, rest_tones])
