"""What the registry needs from the national population database, whichever adapter provides it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

EventKind = Literal["death", "moved"]
EVENT_KINDS: tuple[EventKind, ...] = ("death", "moved")
SEXES = ("male", "female")


class RegistryUnavailable(Exception):
    """The database could not answer (network, timeout, refused credentials, an answer not understood).

    The message says what happened in general terms and never carries the citizen ID.
    """


@dataclass(frozen=True)
class CitizenRecord:
    """A citizen as the population database knows them."""

    cccd: str
    full_name: str
    sex: str  # "male" or "female"
    birth_year: int
    birth_date: dt.date | None = None  # None when the database knows the year only
    residence: str = ""  # the permanent residence as text
    commune_code: str = ""  # the current (2025) five-digit commune code of the residence, "" when unknown
    death_date: dt.date | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CitizenRecord:
        """One citizen object of the JSON contract (see ``http_registry``); ``ValueError`` if malformed."""
        try:
            cccd = str(data["cccd"])
            full_name = str(data["full_name"]).strip()
            sex = str(data["sex"])
            birth_date = _date_or_none(data.get("birth_date"))
            birth_year = int(data.get("birth_year") or (birth_date.year if birth_date else 0))
        except (KeyError, TypeError) as error:
            raise ValueError(f"citizen record lacks {error}") from error
        if not full_name or sex not in SEXES or not birth_year:
            raise ValueError("citizen record has no name, sex or year of birth")
        if birth_date is not None and birth_date.year != birth_year:
            raise ValueError("citizen record has a birth date and a birth year that disagree")
        return cls(
            cccd=cccd,
            full_name=full_name,
            sex=sex,
            birth_year=birth_year,
            birth_date=birth_date,
            residence=str(data.get("residence") or "").strip(),
            commune_code=str(data.get("commune_code") or "").strip(),
            death_date=_date_or_none(data.get("death_date")),
        )


def _date_or_none(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return dt.date.fromisoformat(str(value))


class PopulationRegistry(Protocol):
    """An adapter to the national population database."""

    #: What the adapter is, as stored on each check: "sandbox" or "http".
    source: str

    def lookup(self, cccd: str) -> CitizenRecord | None:
        """The citizen with this 12-digit citizen ID, or None if the database has none.

        Raises ``RegistryUnavailable`` when the database cannot answer.
        """
        ...

    def report_event(self, kind: EventKind, cccd: str, date: dt.date, details: Mapping[str, str]) -> None:
        """Tell the database that the citizen died or moved on ``date``; ``details`` are short free texts
        (e.g. {"commune_code": "06184"} for a move). Raises ``RegistryUnavailable`` when it cannot."""
        ...


def population_registry() -> PopulationRegistry:
    """The adapter the settings choose (``HOANHAP_POPULATION_REGISTRY``), by default the sandbox."""
    from hoanhap.people.identity.http_registry import HttpPopulationRegistry
    from hoanhap.people.identity.sandbox import SandboxPopulationRegistry

    kind = settings.POPULATION_REGISTRY
    if kind == "sandbox":
        return SandboxPopulationRegistry()
    if kind == "http":
        return HttpPopulationRegistry(
            url=settings.POPULATION_URL,
            token_file=settings.POPULATION_TOKEN_FILE,
            timeout=settings.POPULATION_TIMEOUT_SECONDS,
        )
    raise ImproperlyConfigured(f'HOANHAP_POPULATION_REGISTRY must be "sandbox" or "http", not {kind!r}.')
