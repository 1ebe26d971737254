"""Vietnamese text typed in the legacy fonts TCVN3 (ABC) and VNI Windows, turned into Unicode.

Before Unicode, communes typed with fonts that put Vietnamese letters on the code points of other
characters. Read today, such a cell is a string of the legacy bytes seen through the Windows code page:
"NguyÔn V¨n Hïng" (TCVN3, fonts .VnTime/.VnTimeH) or "Nguyeãn Vaên Huøng" (VNI Windows, fonts VNI-Times)
for "Nguyễn Văn Hùng". ``to_unicode`` decides cell by cell whether a string is such legacy text and
returns it as NFC Unicode; everything else comes back unchanged (NFC-normalised).

The decision compares the words of the cell with the words of each candidate decoding: a candidate is
taken only when at least one word becomes a valid Vietnamese syllable (initial consonant, vowel nucleus,
final consonant, at most one tone mark, written in lower, title or upper case) and no word gets worse.
Real Unicode Vietnamese is already made of valid syllables, so no decoding can improve it; a "©", a "½",
a curly quote, French or German words do not become Vietnamese syllables either. A cell holding any
character that neither legacy encoding can produce (ư, ạ, a combining accent...) is Unicode: that fast
path, and the one for plain ASCII, is what nearly every cell of a file takes.

Some legacy cells read as valid syllables both ways: TCVN3 "Léc Phóc" is "Lộc Phúc", but "Léc Phóc" is
also two syllables. Alone such a cell stays as it is; ``prevailing_encoding`` finds the encoding of a
column or file, and passing it as ``prefer`` settles these cells.

The encodings:

- TCVN3 is the VN3 level of TCVN 5712:1993: all lower-case letters, and of the upper-case ones only
  Ă Â Ê Ô Ơ Ư Đ (the plain capitals are ASCII). Capitals with a tone do not exist: text in all capitals
  was typed with the lower-case codes in a capitals-only font (.VnTimeH), so it converts to lower-case
  letters. A cell, or else a word, with at least two capitals and no small ASCII letter ("NGUYÔN V¡N
  HïNG", "HïNG") is therefore put in capitals after conversion ("NGUYỄN VĂN HÙNG"); a word with one
  capital only ("Hï") cannot be told from title case and stays "Hù", and text typed in small letters in
  .VnTimeH stays in small letters.
- VNI Windows writes most letters as an ASCII vowel followed by a mark character ("a" + "ù" = "á",
  "a" + "ê" = "ă", "o" + "á" = "ố"), and đ, ơ, ư, ỵ and the toned i as single characters. It has
  distinct upper-case codes for every letter.

The tables below give the codes as the characters cp1252 shows for them; every code of both encodings lies
in the Latin-1 range, where cp1252 and Latin-1 agree. The TCVN3 codes are those of the TCVN5712-1 table of
the GNU C library's iconv (a test compares them), the VNI codes those the public converters tabulate.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)

# Tone marks in the order the tables list them: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# TCVN3: for each vowel, its code without a tone, then its codes with each tone in _TONES order.
_TCVN3_VOWELS = {
    "a": ("a", "µ¶·¸¹"),
    "ă": ("¨", "»¼½¾Æ"),
    "â": ("©", "ÇÈÉÊË"),
    "e": ("e", "ÌÎÏÐÑ"),
    "ê": ("ª", "ÒÓÔÕÖ"),
    "i": ("i", "×ØÜÝÞ"),
    "o": ("o", "ßáâãä"),
    "ô": ("«", "åæçèé"),
    "ơ": ("¬", "êëìíî"),
    "u": ("u", "ïñòóô"),
    "ư": ("\xad", "õö÷øù"),  # ư is the soft hyphen's code point
    "y": ("y", "úûüýþ"),
}
_TCVN3_OTHERS = {"đ": "®", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

# VNI Windows: lower-case and upper-case code of each mark written after a vowel.
_VNI_TONE_MARKS = ("øûõùï", "ØÛÕÙÏ")  # in _TONES order
_VNI_CIRCUMFLEX = ("â" + "àåãáä", "Â" + "ÀÅÃÁÄ")  # â, then â with each tone (after a, e, o)
_VNI_BREVE = ("ê" + "èúüéë", "Ê" + "ÈÚÜÉË")  # ă, then ă with each tone (after a)
# Letters VNI writes with one character of their own.
_VNI_SINGLE = {
    "đ": "ñ",
    "ơ": "ô",
    "ư": "ö",
    "ỵ": "î",
    **{"i" + tone: code for tone, code in zip(_TONES, "ìæóíò", strict=True)},
}


def _compose(base: str, tone: str = "") -> str:
    return unicodedata.normalize("NFC", base + tone)


def _tcvn3_table() -> dict[str, str]:
    table = {code: letter for letter, code in _TCVN3_OTHERS.items()}
    for vowel, (bare, toned) in _TCVN3_VOWELS.items():
        if bare != vowel:
            table[bare] = vowel
        for tone, code in zip(_TONES, toned, strict=True):
            table[code] = _compose(vowel, tone)
    return table


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for case in (0, 1):
        cased = str.upper if case else str.lower
        for letter, code in _VNI_SINGLE.items():
            table[cased(code)] = _compose(cased(letter))
        # ơ and ư take the tone marks after their own single code, as the plain vowels do.
        vowel_codes = {**{vowel: vowel for vowel in "aeouy"}, "ơ": _VNI_SINGLE["ơ"], "ư": _VNI_SINGLE["ư"]}
        for vowel, code in vowel_codes.items():
            for tone, mark in zip(_TONES, _VNI_TONE_MARKS[case], strict=True):
                if vowel == "y" and tone == "\u0323":
                    continue  # ỵ has a single code
                table[cased(code) + mark] = _compose(cased(vowel), tone)
        for vowel in ("a", "e", "o"):
            marks = _VNI_CIRCUMFLEX[case]
            table[cased(vowel) + marks[0]] = _compose(cased(vowel), "\u0302")
            for tone, mark in zip(_TONES, marks[1:], strict=True):
                table[cased(vowel) + mark] = _compose(cased(vowel), "\u0302" + tone)
        marks = _VNI_BREVE[case]
        table[cased("a") + marks[0]] = _compose(cased("a"), "\u0306")
        for tone, mark in zip(_TONES, marks[1:], strict=True):
            table[cased("a") + mark] = _compose(cased("a"), "\u0306" + tone)
    return table


TCVN3_TO_UNICODE: Mapping[str, str] = MappingProxyType(_tcvn3_table())
VNI_TO_UNICODE: Mapping[str, str] = MappingProxyType(_vni_table())

_TCVN3_TRANSLATION = str.maketrans(dict(TCVN3_TO_UNICODE))
# Characters that are not letters in Unicode but stand for one in a legacy font ("§" is Đ in TCVN3): a
# name typed in .VnTime may start with one.
LEGACY_LETTER_CODES = frozenset(
    code
    for table in (TCVN3_TO_UNICODE, VNI_TO_UNICODE)
    for code, letter in table.items()
    if len(code) == 1 and not code.isalpha() and letter.isalpha()
)
# Longest codes first, so "ôù" (ớ) wins over "ô" (ơ).
_VNI_CODE = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))
# Capitals as typed in TCVN3: ASCII ones and the seven the encoding has (Ă Â Ê Ô Ơ Ư Đ).
_TCVN3_CAPITAL_CODES = "".join(code for letter, code in _TCVN3_OTHERS.items() if letter.isupper())
_CAPITALS = re.compile(f"[A-Z{_TCVN3_CAPITAL_CODES}]")
_SMALL_ASCII = re.compile("[a-z]")
_WORD_WITHOUT_SMALL_ASCII = re.compile(r"(?<!\S)[^\sa-z]+(?!\S)")


def decode_legacy(text: str, *, encoding: str) -> str:
    """``text`` read as ``encoding`` (``TCVN3`` or ``VNI``), whatever it holds; NFC.

    For a caller that knows the encoding (the officer said so); ``to_unicode`` decides by itself.
    """
    if encoding == TCVN3:
        return _restore_tcvn3_capitals(text, text.translate(_TCVN3_TRANSLATION))
    if encoding == VNI:
        return _VNI_CODE.sub(lambda match: VNI_TO_UNICODE[match.group()], text)
    raise ValueError(f"Unknown legacy encoding: {encoding!r}")


def _restore_tcvn3_capitals(legacy: str, converted: str) -> str:
    """Put in capitals what was typed in capitals with the lower-case codes of .VnTimeH (see above).

    TCVN3 maps each character to one character, so positions in ``legacy`` and ``converted`` agree.
    """
    if _SMALL_ASCII.search(legacy) is None:
        return converted.upper() if len(_CAPITALS.findall(legacy)) >= 2 else converted
    pieces = []
    done = 0
    for word in _WORD_WITHOUT_SMALL_ASCII.finditer(legacy):
        if len(_CAPITALS.findall(word.group())) >= 2:
            pieces += [converted[done : word.start()], converted[word.start() : word.end()].upper()]
            done = word.end()
    return "".join([*pieces, converted[done:]]) if pieces else converted


# Characters a legacy cell can hold: Latin-1 and the characters cp1252 puts on 0x80–0x9F.
_CP1252_EXTRAS = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_NOT_LEGACY = re.compile("[^\x00-\xff" + re.escape(_CP1252_EXTRAS) + "]")
_TCVN3_CODES = frozenset(TCVN3_TO_UNICODE)
_VNI_CODE_CHARS = frozenset("".join(VNI_TO_UNICODE)) - frozenset("aeouyAEOUY")


def to_unicode(text: str, *, prefer: str | None = None) -> str:
    """``text`` as NFC Unicode, converted from TCVN3 or VNI when it is clearly such legacy text.

    ``prefer`` (``TCVN3`` or ``VNI``) is the encoding the caller found in the rest of the column or file:
    it settles the cells that read as well either way ("Phóc" is a syllable, and "Phúc" in TCVN3), at
    the price of converting a Unicode cell of that kind ("Nùng" would become "Nựng"). It applies only
    when every word it changes becomes a syllable, and never to a cell holding characters no legacy
    encoding has. Without ``prefer`` the conversion is idempotent; with it, convert each cell once.
    """
    if text.isascii():
        return text
    if _NOT_LEGACY.search(text):
        return unicodedata.normalize("NFC", text)
    encoding = _decide(text, prefer)
    if encoding is None:
        return unicodedata.normalize("NFC", text)
    return decode_legacy(text, encoding=encoding)


def detect_legacy_encoding(text: str, *, prefer: str | None = None) -> str | None:
    """``TCVN3`` or ``VNI`` when ``to_unicode`` would convert ``text`` from that encoding, else ``None``."""
    if text.isascii() or _NOT_LEGACY.search(text):
        return None
    return _decide(text, prefer)


def prevailing_encoding(texts: Iterable[str]) -> str | None:
    """The legacy encoding of most of ``texts`` (the cells of a column or a file), to pass as ``prefer``.

    ``None`` unless the cells detected in one legacy encoding outnumber those in the other together with
    those that are certainly Unicode (holding characters no legacy encoding has), so that a column typed
    in Unicode never gets a preference.
    """
    votes: Counter[str | None] = Counter()
    for text in texts:
        if text.isascii():
            continue
        if _NOT_LEGACY.search(text):
            votes[None] += 1
        else:
            encoding = _decide(text, None)
            if encoding is not None:  # cells that read well either way do not vote
                votes[encoding] += 1
    leading = max(ENCODINGS, key=lambda encoding: votes[encoding])
    others = sum(count for encoding, count in votes.items() if encoding != leading)
    return leading if votes[leading] > others else None


@lru_cache(maxsize=65_536)  # lists repeat their villages, ethnicities and disability words
def _decide(text: str, prefer: str | None) -> str | None:
    gained = dict.fromkeys(ENCODINGS, 0)
    worse: set[str] = set()
    # The preferred encoding settles a cell only if every word it changes becomes a syllable.
    preferred_changes = False
    preferred_reads_well = True
    for word in _SEPARATORS.split(text):
        if not word:
            continue
        readings = _readings(word)
        if readings.original == _SYMBOLS:
            continue
        for encoding, after in ((TCVN3, readings.tcvn3), (VNI, readings.vni)):
            if after < readings.original:
                worse.add(encoding)
            elif after == _SYLLABLE and readings.original != _SYLLABLE and len(word) > 1:
                # A lone letter does not count: "ü" alone is a Wingdings tick far more often than "ỹ".
                gained[encoding] += 1
        if prefer in readings.changed_by:
            preferred_changes = True
            preferred_after = readings.tcvn3 if prefer == TCVN3 else readings.vni
            preferred_reads_well = preferred_reads_well and preferred_after == _SYLLABLE
    usable = sorted(
        ((count, encoding) for encoding, count in gained.items() if encoding not in worse), reverse=True
    )
    if usable and usable[0][0] > 0 and (len(usable) == 1 or usable[0][0] > usable[1][0]):
        return usable[0][1]
    if preferred_changes and preferred_reads_well and prefer not in worse:
        return prefer
    # Neither encoding reads it better, or both equally well: the cell stays as typed.
    return None


# Word classes: a word with a character that is no Vietnamese letter, a word of Vietnamese letters that
# is no syllable (an abbreviation, a foreign or minority-language word), a valid syllable.
_GARBAGE, _LETTERS, _SYLLABLE = 0, 1, 2
_SYMBOLS = -1  # no letter at all ("×", "©"): left out of the comparison

# Words are separated by spaces, digits and punctuation; none of these is a code of either encoding, so
# a word decodes on its own to the same letters as within its cell.
_SEPARATORS = re.compile(r"[\s\d!-/:-@\[-`{-~\x80-\x9f\xa0“”‘’„‚–—…•′″]+")


class _Readings(NamedTuple):
    original: int
    tcvn3: int
    vni: int
    changed_by: frozenset[str]  # the encodings that have codes in the word


@lru_cache(maxsize=131_072)
def _readings(word: str) -> _Readings:
    original = _word_class(word)
    has_tcvn3 = not _TCVN3_CODES.isdisjoint(word)
    has_vni = not _VNI_CODE_CHARS.isdisjoint(word)
    return _Readings(
        original,
        _word_class(decode_legacy(word, encoding=TCVN3)) if has_tcvn3 else original,
        _word_class(decode_legacy(word, encoding=VNI)) if has_vni else original,
        frozenset(encoding for encoding, has in ((TCVN3, has_tcvn3), (VNI, has_vni)) if has),
    )


_VIETNAMESE_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzđ"
    + "".join(
        _compose(base, tone)
        for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
        for tone in ("", *_TONES)
    )
)


@lru_cache(maxsize=131_072)
def _word_class(word: str) -> int:
    word = unicodedata.normalize("NFC", word)
    lowered = word.lower()
    if not any(unicodedata.category(ch).startswith("L") for ch in lowered):
        return _SYMBOLS
    if not _VIETNAMESE_LETTERS.issuperset(lowered):
        return _GARBAGE
    # A capital inside a word ("TuÊn", "NguyÔn") is how TCVN3 looks when its codes are read as Latin-1.
    well_cased = word.islower() or word.isupper() or word.istitle()
    return _SYLLABLE if well_cased and is_vietnamese_syllable(lowered) else _LETTERS


# The syllable: an optional initial consonant, then a rhyme. Open rhymes are listed and closed ones built
# from the nuclei with the finals each admits, so that impossible ones ("ing", "êng", a bare "ă") are refused.
_INITIALS = ["ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu"]
_INITIALS += list("bcdđghklmnprstvx")
# Clusters of the Central Highlands languages, written in Vietnamese letters in names such as "Y Hlơn",
# "Siu Hlim", "A Krông", "Y Blúp": without them such a name in a legacy font would not read as better.
_INITIALS += ["bl", "br", "dr", "gl", "gr", "hl", "hm", "hn", "hr", "kl", "kp", "kr", "ks", "ml", "mn", "mr"]
_INITIALS += ["pl", "pr", "sr", "tl"]
_OPEN_RHYMES = ["a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo"]
_OPEN_RHYMES += ["êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu", "oa", "oe", "uê", "uy"]
_OPEN_RHYMES += ["uơ", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "iêu", "yêu", "uya", "uyu"]
_OPEN_RHYMES += ["iê"]  # not in Vietnamese words, but in Ê Đê names (Niê)
_CLOSED_NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "iê", "yê", "uô", "ươ", "oa", "oă"]
_CLOSED_NUCLEI += ["oe", "uâ", "uê", "uy", "uyê", "y"]  # y after qu: quýt, quỳnh
_PALATAL_NUCLEI = {"a", "ê", "i", "y", "oa", "uê", "uy"}  # the only ones before -ch and -nh
_NO_VELAR_NUCLEI = {"ê", "i", "y", "uy", "uê"}  # never before -c and -ng
_STOP_FINALS = ("c", "ch", "p", "t")
_SONORANT_FINALS = ("m", "n", "ng", "nh")


def _closed_rhymes(finals: tuple[str, ...]) -> list[str]:
    rhymes = []
    for nucleus in _CLOSED_NUCLEI:
        for final in finals:
            if final in ("ch", "nh") and nucleus not in _PALATAL_NUCLEI:
                continue
            if final in ("c", "ng") and nucleus in _NO_VELAR_NUCLEI:
                continue
            rhymes.append(nucleus + final)
    return rhymes


def _alternatives(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE_PATTERN = re.compile(
    f"(?:{_alternatives(_INITIALS)})?"
    f"(?:(?P<stop>{_alternatives(_closed_rhymes(_STOP_FINALS))})"
    f"|{_alternatives(_closed_rhymes(_SONORANT_FINALS) + _OPEN_RHYMES)})"
)
# A syllable ending in a stop consonant only takes the sắc or the nặng tone.
_STOP_TONES = frozenset(("\u0301", "\u0323"))


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` (one word, any case and normal form) is a well-formed Vietnamese syllable."""
    if not _VIETNAMESE_LETTERS.issuperset(unicodedata.normalize("NFC", word.lower())):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    match = _SYLLABLE_PATTERN.fullmatch(bare)
    if match is None:
        return False
    return not (match.group("stop") and tones and tones[0] not in _STOP_TONES)
