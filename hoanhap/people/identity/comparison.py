"""Comparing a person's record with the population database's, field by field."""

from __future__ import annotations

import unicodedata
from typing import Any

from hoanhap.people.identity.registry import CitizenRecord
from hoanhap.people.models import Person, PersonStatus

# The five tone marks of Vietnamese (grave, acute, tilde, hook above, dot below); the other diacritics
# (circumflex, breve, horn) and đ make different letters.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def name_key(name: str) -> tuple[tuple[str, str], ...]:
    """A name as compared: case, spacing, Unicode form and where the tone mark sits are ignored ("Hòa" =
    "Hoà", "Thủy" = "Thuỷ"), the letters and tones are not ("Ánh" ≠ "Anh", "Vi" ≠ "Vy").

    The search key (``core.text.fold``) drops every diacritic, which is right for finding a person and
    too lenient for checking an identity: each syllable keeps its letters and its tone here.
    """
    key = []
    for syllable in unicodedata.normalize("NFD", name).casefold().split():
        tones = "".join(sorted(mark for mark in syllable if mark in TONE_MARKS))
        letters = unicodedata.normalize("NFC", "".join(ch for ch in syllable if ch not in TONE_MARKS))
        key.append((letters, tones))
    return tuple(key)


def _pair(registry: Any, recorded: Any) -> dict[str, Any]:
    return {"registry": registry, "recorded": recorded}


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def record_differences(person: Person, record: CitizenRecord) -> dict[str, dict[str, Any]]:
    """field → {"registry": value in the database, "recorded": value here}; empty when they agree.

    Birth dates are compared when both sides have one, else the years; the commune when the database
    knows it; death both ways (the database knows of a death the registry has not recorded, or the
    reverse).
    """
    differences: dict[str, dict[str, Any]] = {}
    if name_key(record.full_name) != name_key(person.full_name):
        differences["full_name"] = _pair(record.full_name, person.full_name)
    if record.birth_date is not None and person.birth_date is not None:
        if record.birth_date != person.birth_date:
            differences["birth_date"] = _pair(_iso(record.birth_date), _iso(person.birth_date))
    elif record.birth_year != person.birth_year:
        differences["birth_year"] = _pair(record.birth_year, person.birth_year)
    if record.sex != person.sex:
        differences["sex"] = _pair(record.sex, person.sex)
    if record.commune_code and record.commune_code != person.commune.code:
        differences["commune"] = _pair(record.commune_code, person.commune.code)
    recorded_death = person.status_date if person.status == PersonStatus.DECEASED else None
    if record.death_date != recorded_death:
        differences["death_date"] = _pair(_iso(record.death_date), _iso(recorded_death))
    return differences
