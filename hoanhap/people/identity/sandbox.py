"""A stand-in for the population database, for the demo, the tests and any machine without access.

It answers from ``sandbox_citizens.json`` (thirty invented citizens with structurally valid citizen IDs,
most in Lạng Sơn). Some differ on purpose from what a commune would record: a name spelled otherwise, a
birth date with day and month swapped, a person who died or moved; each such entry has a ``note``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hoanhap.people.cccd import normalize_cccd
from hoanhap.people.identity.registry import EVENT_KINDS, CitizenRecord, EventKind

FIXTURE = Path(__file__).resolve().parent / "sandbox_citizens.json"


@dataclass(frozen=True)
class ReportedEvent:
    kind: EventKind
    cccd: str
    date: dt.date
    details: dict[str, str]


@cache
def sandbox_citizens() -> tuple[CitizenRecord, ...]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return tuple(CitizenRecord.from_json(item) for item in json.load(handle))


class SandboxPopulationRegistry:
    source = "sandbox"

    def __init__(self, citizens: Iterable[CitizenRecord] | None = None) -> None:
        records = sandbox_citizens() if citizens is None else tuple(citizens)
        self._by_cccd = {record.cccd: record for record in records}
        #: Events reported through this instance, kept in memory only (nothing leaves the machine).
        self.reported: list[ReportedEvent] = []

    def lookup(self, cccd: str) -> CitizenRecord | None:
        return self._by_cccd.get(normalize_cccd(cccd))

    def report_event(self, kind: EventKind, cccd: str, date: dt.date, details: Mapping[str, str]) -> None:
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        self.reported.append(ReportedEvent(kind, normalize_cccd(cccd), date, dict(details)))
