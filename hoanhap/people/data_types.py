"""What a form, the API or an import hands to the person services: plain values, already shaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hoanhap.geo.models import AdminUnit


@dataclass
class PersonData:
    full_name: str
    sex: str
    commune: AdminUnit
    birth_date: date | None = None
    birth_year: int | None = None
    ethnicity: str = "99"
    cccd: str = ""
    village: str = ""
    phone: str = ""
    carer_id: int | None = None
    carer_name: str = ""
    carer_relation: str = ""
    household: str = ""
    special_groups: list[str] = field(default_factory=list)
    # The commune chosen among the successors of a legacy commune that was split.
    successor_choice: AdminUnit | None = None


PERSON_FIELDS = [
    "full_name",
    "sex",
    "birth_date",
    "birth_year",
    "ethnicity",
    "cccd",
    "village",
    "phone",
    "carer_id",
    "carer_name",
    "carer_relation",
    "household",
]
