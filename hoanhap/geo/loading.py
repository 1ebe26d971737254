"""Loading the administrative units from the dataset versioned in ``hoanhap/geo/data``.

Idempotent: a unit is matched on (edition, code); only what differs is written, so a second run with the
same files changes nothing. Units missing from the files are kept (records may refer to them) and
reported. Everything happens in one transaction: a failed load leaves the previous tree intact.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from hoanhap.audit.services import Actor, audit_record
from hoanhap.core.text import fold, normalize_name
from hoanhap.geo.models import (
    EDITION_PATH_PREFIX,
    TIER_OF_TYPE,
    AdminUnit,
    AdminUnitSuccession,
    Edition,
    UnitType,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
UNIT_FILES = {Edition.LEGACY: "units_legacy.csv", Edition.CURRENT: "units_current.csv"}
SUCCESSION_FILES = ("succession_provinces.csv", "succession.csv")
UNIT_FIELDS = [
    "name",
    "name_folded",
    "type",
    "tier",
    "level",
    "parent_id",
    "path",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
]


class DatasetError(Exception):
    pass


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    not_in_dataset: dict[str, int] = field(default_factory=dict)
    successions_created: int = 0
    successions_updated: int = 0
    successions_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values())
            or sum(self.updated.values())
            or self.successions_created
            or self.successions_updated
            or self.successions_removed
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "not_in_dataset": self.not_in_dataset,
            "successions_created": self.successions_created,
            "successions_updated": self.successions_updated,
            "successions_removed": self.successions_removed,
        }


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise DatasetError(f"missing dataset file {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _edition_dates(data_dir: Path) -> dict[str, tuple[date | None, date | None]]:
    dates = {}
    for row in _read_csv(data_dir / "editions.csv"):
        start = date.fromisoformat(row["valid_from"]) if row["valid_from"] else None
        end = date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        dates[row["edition"]] = (start, end)
    return dates


def _coordinate(raw: str) -> Decimal | None:
    return Decimal(raw).quantize(Decimal("0.000001")) if raw.strip() else None


def _ordered_with_paths(edition: str, rows: list[dict[str, str]]) -> list[tuple[dict[str, str], str, int]]:
    """Rows with their path and level, parents before children; checks the tree is well-formed."""
    by_code = {row["code"]: row for row in rows}
    if len(by_code) != len(rows):
        raise DatasetError(f"{edition}: duplicate codes")
    paths: dict[str, tuple[str, int]] = {}

    def resolve(code: str, seen: frozenset[str] = frozenset()) -> tuple[str, int]:
        if code in paths:
            return paths[code]
        if code in seen:
            raise DatasetError(f"{edition}: cycle at unit {code}")
        parent = by_code[code]["parent_code"]
        if not parent:
            result = (f"/{EDITION_PATH_PREFIX[Edition(edition)]}/{code}/", 1)
        elif parent not in by_code:
            raise DatasetError(f"{edition}: unit {code} has unknown parent {parent}")
        else:
            parent_path, parent_level = resolve(parent, seen | {code})
            result = (f"{parent_path}{code}/", parent_level + 1)
        paths[code] = result
        return result

    ordered = [(row, *resolve(row["code"])) for row in rows]
    ordered.sort(key=lambda item: (item[2], item[1]))
    return ordered


def _load_edition(
    edition: str, rows: list[dict[str, str]], dates: tuple[date | None, date | None], report: LoadReport
) -> dict[str, int]:
    existing = {unit.code: unit for unit in AdminUnit.objects.filter(edition=edition)}
    ids = {code: unit.pk for code, unit in existing.items()}
    created = updated = unchanged = 0
    valid_from, valid_to = dates
    ordered = _ordered_with_paths(edition, rows)
    for level in sorted({level for _, _, level in ordered}):
        to_create: list[AdminUnit] = []
        to_update: list[AdminUnit] = []
        for row, path, row_level in ordered:
            if row_level != level:
                continue
            unit_type = UnitType(row["type"])
            name = normalize_name(row["name"])
            values = {
                "name": name,
                "name_folded": fold(name),
                "type": unit_type.value,
                "tier": TIER_OF_TYPE[unit_type].value,
                "level": row_level,
                "parent_id": ids[row["parent_code"]] if row["parent_code"] else None,
                "path": path,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "latitude": _coordinate(row.get("latitude", "")),
                "longitude": _coordinate(row.get("longitude", "")),
            }
            unit = existing.get(row["code"])
            if unit is None:
                to_create.append(AdminUnit(edition=edition, code=row["code"], **values))
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                to_update.append(unit)
            else:
                unchanged += 1
        for unit in AdminUnit.objects.bulk_create(to_create, batch_size=1000):
            ids[unit.code] = unit.pk
        AdminUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=1000)
        created += len(to_create)
        updated += len(to_update)
    report.created[edition] = created
    report.updated[edition] = updated
    report.unchanged[edition] = unchanged
    report.not_in_dataset[edition] = len(set(existing) - {row["code"] for row in rows})
    return ids


def _load_successions(
    data_dir: Path,
    legacy_ids: dict[str, int],
    current_ids: dict[str, int],
    effective: date,
    report: LoadReport,
) -> None:
    wanted: dict[tuple[int, int], bool] = {}
    for filename in SUCCESSION_FILES:
        path = data_dir / filename
        if not path.exists():
            continue
        for row in _read_csv(path):
            try:
                pair = (legacy_ids[row["legacy_code"]], current_ids[row["current_code"]])
            except KeyError as missing:
                raise DatasetError(f"{filename}: unknown unit {missing}") from None
            wanted[pair] = row.get("is_split", "0") == "1"
    existing = {(s.predecessor_id, s.successor_id): s for s in AdminUnitSuccession.objects.all()}
    to_create = [
        AdminUnitSuccession(predecessor_id=old, successor_id=new, is_split=split, effective_date=effective)
        for (old, new), split in wanted.items()
        if (old, new) not in existing
    ]
    to_update = []
    for pair, succession in existing.items():
        if pair in wanted and (succession.is_split != wanted[pair] or succession.effective_date != effective):
            succession.is_split = wanted[pair]
            succession.effective_date = effective
            to_update.append(succession)
    stale = [succession.pk for pair, succession in existing.items() if pair not in wanted]
    AdminUnitSuccession.objects.bulk_create(to_create, batch_size=2000)
    AdminUnitSuccession.objects.bulk_update(to_update, ["is_split", "effective_date"], batch_size=2000)
    AdminUnitSuccession.objects.filter(pk__in=stale).delete()
    report.successions_created = len(to_create)
    report.successions_updated = len(to_update)
    report.successions_removed = len(stale)


@transaction.atomic
def geo_load_units(
    *, actor: Actor | None, data_dir: Path = DATA_DIR, progress: Callable[[int, int, str], None] | None = None
) -> LoadReport:
    """Bring the unit tables in line with the dataset; audited when anything changed."""
    dates = _edition_dates(data_dir)
    report = LoadReport()
    steps = 3
    ids: dict[str, dict[str, int]] = {}
    for step, edition in enumerate((Edition.LEGACY, Edition.CURRENT), start=1):
        if progress:
            progress(step - 1, steps, str(edition.label))
        ids[edition] = _load_edition(
            edition, _read_csv(data_dir / UNIT_FILES[edition]), dates[edition], report
        )
    if progress:
        progress(2, steps, "successions")
    effective = dates[Edition.CURRENT][0]
    if effective is None:
        raise DatasetError("editions.csv: the current edition needs a valid_from date")
    _load_successions(data_dir, ids[Edition.LEGACY], ids[Edition.CURRENT], effective, report)
    if progress:
        progress(steps, steps, "")
    if report.changed:
        audit_record(
            actor=actor,
            action="geo.units.loaded",
            object_type="geo.adminunit",
            object_repr="administrative units",
            new=report.as_dict(),
        )
    return report
