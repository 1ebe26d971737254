"""Words in commune lists — sex, severity, disability types, marks, household, ethnicity — as the registry's
values (see ``values`` for the parsers' contract). Words are matched on their folded form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.core.text import fold
from hoanhap.exchange.reading.values import (
    CellValue,
    Parsed,
    cell_text,
    folded_words,
    once_per_text,
    refuse,
)
from hoanhap.people.models import Household, Sex

# --- Words ------------------------------------------------------------------------------------------

_FILLER = "filler"  # a word that says nothing by itself ("KT" for khuyết tật, "và")


def _phrases(meanings: Mapping[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Each meaning's phrases ("đặc biệt nặng"), folded into word tuples, for ``_match``."""
    # str() turns the choices (Sex.MALE) into their plain values ("male").
    return {
        tuple(folded_words(phrase)): str(meaning)
        for meaning, phrases in meanings.items()
        for phrase in phrases
    }


def _match(words: list[str], phrases: Mapping[tuple[str, ...], str]) -> tuple[list[str], list[int]]:
    """The meanings of the phrases found in ``words``, longest first, and the positions of unknown words."""
    longest = max(map(len, phrases))
    meanings: list[str] = []
    unknown: list[int] = []
    start = 0
    while start < len(words):
        for length in range(min(longest, len(words) - start), 0, -1):
            meaning = phrases.get(tuple(words[start : start + length]))
            if meaning is not None:
                if meaning != _FILLER:
                    meanings.append(meaning)
                start += length
                break
        else:
            unknown.append(start)
            start += 1
    return meanings, unknown


def _cell_words(value: CellValue) -> str | None:
    """The cell's text for word matching; ``None`` for a cell that cannot hold words (a date, a bool)."""
    if isinstance(value, bool | date):
        return None
    return cell_text(value)


_SEXES = _phrases(
    {
        Sex.MALE: ("nam", "nam giới", "trai", "con trai", "m", "male"),
        Sex.FEMALE: ("nữ", "nữ giới", "gái", "con gái", "f", "female"),
    }
)


@once_per_text
def parse_sex(value: CellValue) -> Parsed[str | None]:
    """Nam, nữ and their variants ("NAM", "nu", "Nữ giới", "M", "F", "trai", "gái") → a ``Sex`` value."""
    text = _cell_words(value)
    if text == "":
        return Parsed(None)
    sex = None if text is None else _SEXES.get(tuple(folded_words(text)))
    if sex is None:
        return refuse(None, _("“{value}” is not a sex: write Nam or Nữ."), value)
    return Parsed(sex)


_SEVERITIES = _phrases(
    {
        Severity.PARTICULARLY_SEVERE: ("đặc biệt nặng", "đặc biệt", "ĐBN", "ĐB nặng"),
        Severity.SEVERE: ("nặng",),
        Severity.MILD: ("nhẹ",),
        _FILLER: ("KT", "khuyết tật", "mức độ", "mức"),
    }
)


@once_per_text
def parse_severity(value: CellValue) -> Parsed[str | None]:
    """A ``Severity`` value from "Đặc biệt nặng", "ĐBN", "dac biet nang", "KT nặng", "mức độ nhẹ"…

    A cell naming two severities ("nặng, nhẹ") is a problem, as is one naming none.
    """
    text = _cell_words(value)
    if text == "":
        return Parsed(None)
    severities, unknown = ([], [0]) if text is None else _match(folded_words(text), _SEVERITIES)
    if unknown or len(set(severities)) != 1:
        return refuse(None, _("“{value}” is not a severity: write Đặc biệt nặng (ĐBN), Nặng or Nhẹ."), value)
    return Parsed(severities[0])


_MULTIPLE = "multiple"
_TYPE_VALUES = tuple(DisabilityType.values)  # read once: ``Choices.values`` is rebuilt at every call
_TYPES = _phrases(
    {
        DisabilityType.MOBILITY: ("vận động", "VĐ", "liệt", "bại liệt", "cụt chân", "cụt tay"),
        DisabilityType.HEARING_SPEECH: ("nghe nói", "nghe", "nói", "câm điếc", "câm", "điếc", "khiếm thính"),
        DisabilityType.VISION: ("nhìn", "mù", "mù lòa", "khiếm thị", "thị lực"),
        DisabilityType.PSYCHOSOCIAL: (
            *("thần kinh tâm thần", "thần kinh", "tâm thần", "TK TT", "TKTT", "TK", "động kinh"),
            *("tâm thần phân liệt", "rối loạn tâm thần"),
        ),
        DisabilityType.INTELLECTUAL: (
            *("trí tuệ", "chậm phát triển trí tuệ", "chậm phát triển", "thiểu năng trí tuệ", "thiểu năng"),
        ),
        DisabilityType.OTHER: ("khác",),
        _MULTIPLE: ("đa tật",),
        _FILLER: ("KT", "khuyết tật", "dạng tật", "dạng", "tật", "và"),
    }
)


@once_per_text
def parse_disability_types(value: CellValue) -> Parsed[tuple[str, ...]]:
    """One cell naming one or several types → ``DisabilityType`` values, each once, in the legal order.

    Known phrases are matched first, longest first, on the folded words, so "Nghe, nói" is one type and
    the separators ("," ";" "+" "/" "-" "và", new lines) need no rule of their own. "Đa tật" (several
    disabilities) names no type: next to types it adds nothing, alone it is a problem for the officer.
    """
    text = _cell_words(value)
    if text == "":
        return Parsed(())
    found: list[str] = []
    unknown = [cell_text(value)]  # a date or a bool, or only words such as "KT" or "khuyết tật"
    if text is not None:
        # Matched on the folded words, named to the officer as written.
        written = [word for word in re.findall(r"\w+", text) for _piece in folded_words(word)]
        found, unknown_at = _match(folded_words(text), _TYPES)
        if found or unknown_at:
            unknown = list(dict.fromkeys(written[position] for position in unknown_at))
    if unknown:
        message = _(
            "“{value}”: “{words}” is not a disability type. Write vận động, nghe nói, nhìn, "
            "thần kinh tâm thần, trí tuệ or khác."
        )
        return refuse((), message, value, words=" ".join(unknown))
    types = tuple(kind for kind in _TYPE_VALUES if kind in found)
    if not types:
        message = _("“{value}” does not say which disabilities: write the types, as in “vận động, nghe nói”.")
        return refuse((), message, value)
    return Parsed(types)


_TICKS = frozenset({"x", "v", "1", "co", "✓", "✔", "√", "☑", "☒"})
_BLANKS = frozenset({"", "0", "khong", "-", "–", "—"})


@once_per_text
def parse_mark(value: CellValue) -> Parsed[bool]:
    """Whether a cell of a "mark" column is ticked.

    "x", "✓", "√", "v", "1", "có", TRUE and "ü" (the tick of the Wingdings font, read as text) are yes;
    empty, "0", "-" and "không" are no; anything else is a problem.
    """
    if value is None or value is False or value == 0:
        return Parsed(False)
    if value is True or value == 1:
        return Parsed(True)
    if isinstance(value, str):
        raw = value.strip()
        if raw == "ü":  # the tick of the Wingdings font, read as text
            return Parsed(True)
        word = fold(cell_text(raw))
        if word in _TICKS:
            return Parsed(True)
        if word in _BLANKS:
            return Parsed(False)
    return refuse(
        False, _("“{value}” is not a mark: write x for yes and leave the cell empty for no."), value
    )


_HOUSEHOLDS = _phrases(
    {
        Household.POOR: ("hộ nghèo", "nghèo", "HN"),
        Household.NEAR_POOR: ("hộ cận nghèo", "cận nghèo", "cận", "HCN", "CN"),
        Household.NONE: ("không", "không nghèo", "thoát nghèo", "hộ thoát nghèo", "bình thường"),
        _FILLER: ("năm",),  # "Hộ nghèo năm 2024"
    }
)


@once_per_text
def parse_household(value: CellValue) -> Parsed[str]:
    """A ``Household`` value: poor, near-poor, or neither (``Household.NONE``, the empty string).

    "Hộ nghèo", "nghèo", "HN" are poor; "Cận nghèo", "hộ cận nghèo", "HCN", "CN" near-poor; "không",
    "thoát nghèo", "0", "-" and an empty cell neither. A year next to the words ("HN 2024") is ignored.
    HN, HCN and CN are the abbreviations of the household lists of the poverty reviews; in a household
    column they mean nothing else.
    """
    text = _cell_words(value)
    if text is None:
        return _not_a_household(value)
    words = folded_words(text)
    if words in ([], ["0"]):
        return Parsed(Household.NONE.value)  # empty, a dash, a zero
    words = [word for word in words if not (word.isdigit() and len(word) == 4)]  # "HN 2024"
    found, unknown = _match(words, _HOUSEHOLDS) if words else ([], [0])
    if unknown or len(set(found)) != 1:
        return _not_a_household(value)
    return Parsed(found[0])


def _not_a_household(value: object) -> Parsed[str]:
    message = _("“{value}” is not a household situation: write Hộ nghèo or Cận nghèo, or leave it empty.")
    return refuse(Household.NONE.value, message, value)


# Other names of the groups of Lạng Sơn, the Central Highlands and their neighbours, as people write them,
# mapped to the official name (as in people/data/ethnicities.csv).
_ETHNICITY_ALIASES = {
    "Kinh": ("Việt",),
    "Mông": ("H'Mông", "Mèo"),
    "Dao": ("Mán",),
    "Sán Chay": ("Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ"),
    "Sán Dìu": ("Sán Dẻo",),
    "Ba Na": ("Bahnar",),
    "Xơ Đăng": ("Xê Đăng", "Sedang", "Ca Dong"),
    "Ê Đê": ("Rhade", "Rađê"),
    "Gia Rai": ("Jrai", "Jarai"),
    "Cơ Ho": ("Kơ Ho", "K'Ho", "Koho"),
    "Xtiêng": ("Stiêng",),
    "Mnông": ("M'Nông",),
    "Khmer": ("Khơ Me",),
    "Cơ Tu": ("Katu",),
    "Bru - Vân Kiều": ("Vân Kiều", "Bru"),
    "Tà Ôi": ("Pa Cô",),
    "Giẻ Triêng": ("Giẻ", "Triêng", "Gié Triêng"),
}
# Groups often written with their branch: "Nùng Phàn Slình", "Dao Đỏ", "Mông Hoa", "Thái Đen".
_GROUPS_WITH_BRANCHES = ("Nùng", "Dao", "Mông", "H'Mông", "Mèo", "Thái")
_ETHNICITY_PREFIXES = (("dan", "toc"), ("dt",), ("nguoi",))


def _ethnicity_key(text: str) -> str:
    """Folded with spaces, hyphens and apostrophes dropped: "Ê Đê", "Êđê" and "E-de" meet at "ede"."""
    return "".join(folded_words(text))


def parse_ethnicity(value: CellValue, *, ethnicities: Mapping[str, str]) -> Parsed[str | None]:
    """The code of the ethnic group written in the cell; ``ethnicities`` maps each code to its official name.

    Official and other names, with or without diacritics, spaces and hyphens ("Tày", "Tay", "H'Mông",
    "Mèo", "Bahnar", "Êđê"), after "dân tộc", "DT" or "người", or with the group's branch ("Nùng Phàn
    Slình", "Dao Đỏ"). A number or a text of digits is taken as the code itself ("1" or "01" for Kinh).
    """
    text = _cell_words(value)
    if text == "":
        return Parsed(None)
    by_key = _ethnicity_index(tuple(ethnicities.items()))
    code = _ethnicity_code(text, by_key=by_key, codes=ethnicities) if text is not None else None
    if code is None:
        message = _("“{value}” is not one of the ethnic groups of Việt Nam: write the group's name.")
        return refuse(None, message, value)
    return Parsed(code)


@lru_cache(maxsize=8)
def _ethnicity_index(ethnicities: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Folded key of each official name and of each other name → code."""
    by_key = {_ethnicity_key(name): code for code, name in ethnicities}
    for official, aliases in _ETHNICITY_ALIASES.items():
        code = by_key.get(_ethnicity_key(official))
        if code is not None:
            for alias in aliases:
                by_key.setdefault(_ethnicity_key(alias), code)
    return by_key


def _ethnicity_code(text: str, *, by_key: Mapping[str, str], codes: Mapping[str, str]) -> str | None:
    if text.isdigit():
        code = text.zfill(2)
        return code if code in codes else None
    words = folded_words(text)
    for prefix in ((), *_ETHNICITY_PREFIXES):
        if tuple(words[: len(prefix)]) != prefix or len(words) == len(prefix):
            continue
        key = "".join(words[len(prefix) :])
        if key in by_key:
            return by_key[key]
        for group in _GROUPS_WITH_BRANCHES:
            group_key = _ethnicity_key(group)
            if key.startswith(group_key) and group_key in by_key:
                return by_key[group_key]
    return None
