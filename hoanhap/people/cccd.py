"""The citizen identification number (CCCD, personal identification number): a structural check.

Twelve digits: 1–3 the province where the birth was registered (001–096, the codes of the legacy
provinces) or a country code for a birth registered abroad; 4 the century and sex (0/1 = 1900s
male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 1800s); 5–6 the last two digits of the birth
year; 7–12 a random number. There is no check digit, so a number is valid when its structure holds and it
agrees with the recorded sex and birth year (DOMAIN.md; the rule is from Circular 59/2021/TT-BCA, ◐).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data"
CENTURY_OF_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}


@dataclass(frozen=True)
class CccdProblem:
    code: str
    message: str | Promise


@cache
def abroad_country_codes() -> frozenset[str]:
    with (DATA_DIR / "cccd_country_codes.csv").open(encoding="utf-8") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle))


def normalize_cccd(raw: str) -> str:
    """Digits only: officers type spaces and dots ("001 203 004 567"), spreadsheets drop nothing else."""
    return "".join(raw.split()).replace(".", "").replace("-", "")


def cccd_problems(
    number: str, *, sex: str, birth_year: int | None, province_codes: frozenset[str]
) -> list[CccdProblem]:
    """What is wrong with ``number`` for a person of ``sex`` ("male"/"female") born in ``birth_year``.

    ``province_codes`` are the two-digit codes of the legacy provinces (from the administrative units).
    An empty list means the number is acceptable.
    """
    if not number.isdigit():
        return [CccdProblem("not_digits", _("The citizen ID may contain digits only."))]
    if len(number) != 12:
        return [
            CccdProblem(
                "length", _("The citizen ID has 12 digits; this one has %(count)d.") % {"count": len(number)}
            )
        ]
    problems = []
    place = number[:3]
    in_vietnam = place.startswith("0") and place[1:] in province_codes
    if not in_vietnam and place not in abroad_country_codes():
        problems.append(
            CccdProblem(
                "place",
                _("The first three digits (%(code)s) are neither a province code nor a country code.")
                % {"code": place},
            )
        )
    century_sex = int(number[3])
    is_female = century_sex % 2 == 1
    if sex in {"male", "female"} and is_female != (sex == "female"):
        problems.append(
            CccdProblem(
                "sex",
                _("The fourth digit says the person is %(sex)s, but the record says otherwise.")
                % {"sex": _("female") if is_female else _("male")},
            )
        )
    year = CENTURY_OF_DIGIT[century_sex] + int(number[4:6])
    if birth_year is not None and year != birth_year:
        problems.append(
            CccdProblem(
                "birth_year",
                _("Digits 4 to 6 give the birth year %(year)d, but the record says %(recorded)d.")
                % {"year": year, "recorded": birth_year},
            )
        )
    return problems
