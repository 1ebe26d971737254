"""Sums of money in Vietnamese words, as finance documents write them under the figures ("Bằng chữ: …").

Read in groups of three digits from the left: nghìn (thousand), triệu (million), tỷ (billion), and above
a billion the reading starts again before "tỷ" (một nghìn tỷ). Every group after the first is read in full,
hundreds included, so that no digit is lost when the words are checked against the figures:
1,005,000 is "một triệu không trăm linh năm nghìn", not "một triệu năm nghìn". A group of three zeros is
left out. The northern forms used in state finance are chosen: "linh" for a zero ten (not the southern
"lẻ"), "mốt" for a one after twenty and more, "tư" for a four after twenty and more, "lăm" for a five
after ten and more. ``num2words`` was tried and left out: it drops the "không trăm" of inner groups.
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUP_NAMES = ("", "nghìn", "triệu")
BILLION = 1_000_000_000


def _tens_and_units(tens: int, units: int, *, after_hundreds: bool) -> list[str]:
    if tens == 0:
        if units == 0:
            return []
        return ["linh", DIGITS[units]] if after_hundreds else [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(number: int, *, full: bool) -> list[str]:
    """A group of three digits (1–999); ``full`` reads the hundreds even when zero ("không trăm")."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    words += _tens_and_units(tens, units, after_hundreds=bool(words))
    return words


def _below_billion(number: int, *, leading: bool) -> list[str]:
    """Words of ``number`` (0 – 999,999,999); ``leading`` when nothing is read before it."""
    groups = [(number // 1_000_000) % 1000, (number // 1000) % 1000, number % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        words += _group(group, full=bool(words) or not leading)
        name = GROUP_NAMES[2 - index]
        if name:
            words.append(name)
    return words


def _words(number: int, *, leading: bool) -> list[str]:
    billions, rest = divmod(number, BILLION)
    if not billions:
        return _below_billion(rest, leading=leading)
    words = [*_words(billions, leading=leading), "tỷ"]
    return words + _below_billion(rest, leading=False)


def number_in_words(number: int) -> str:
    """``1_005_000`` → ``"một triệu không trăm linh năm nghìn"``; ``0`` → ``"không"``; negative: "âm …"."""
    if number == 0:
        return DIGITS[0]
    words = _words(abs(number), leading=True)
    return " ".join(["âm", *words] if number < 0 else words)


def dong_in_words(dong: int) -> str:
    """The sum as written after "Bằng chữ:", capitalised: ``500_000`` → ``"Năm trăm nghìn đồng"``."""
    text = f"{number_in_words(dong)} đồng"
    return text[0].upper() + text[1:]
