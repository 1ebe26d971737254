"""One source row of a service list or an attendance list → what the import would record, with every
problem found (``import_rows`` does the same for a list of persons).

A service list names persons of the commune who received the import's service: each row needs what
finds the person in the registry (the name, and the year of birth or the citizen ID) and the details the
service type requires; a cell left empty takes the value given for the whole list at the upload (the
date, the provider, the funding source, the cost). An attendance list names participants of the
import's activity: a person with disabilities is found in the registry like a service's person; a family
member or carer gives their name, their sex and the person with disabilities they care for; a staff
member their name, sex, and position or workplace. Nothing here reads the registry: the classification
(``import_records_match``) does, for all rows at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from hoanhap.agencies.models import Agency
from hoanhap.core.text import normalize_name
from hoanhap.exchange.import_rows import Problem, RowReader, read_birth_and_sex
from hoanhap.exchange.models import ImportTarget, PersonImport
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.identifiers import parse_cccd
from hoanhap.exchange.reading.record_values import (
    parse_amount,
    parse_full_date,
    parse_funding_source,
    parse_participant_kind,
)
from hoanhap.exchange.reading.workbook import CellValue
from hoanhap.people.data_types import PersonData
from hoanhap.provision.models import ParticipantKind, ServiceType
from hoanhap.provision.services import ServiceData, service_data_problems

# "Nguyễn Văn A (1985)": the person cared for, with their year of birth to tell namesakes apart.
_NAME_AND_YEAR = re.compile(r"(.+?)\s*\(\s*(\d{4})\s*\)")
# The service rules name the form's fields; on a list they are the cells of these columns.
_SERVICE_FIELD_COLUMNS = {
    "delivered_on": f.DELIVERED_ON,
    "cost": f.COST,
    "funding_source": f.FUNDING_SOURCE,
    "outcome": f.OUTCOME,
    "follow_up_on": f.FOLLOW_UP_ON,
    "provider": "provider",
    "service_type": "",
}


@dataclass(frozen=True)
class RecordContext:
    """What converting a row needs besides the row: the same for every row of a list."""

    person_import: PersonImport
    reader_context: Any  # import_rows.RowContext
    service_type: ServiceType | None
    provider: Agency | None
    today: date


def list_provider(person_import: PersonImport) -> Agency | None:
    """The provider agency chosen for the whole of a service list, if any."""
    provider_id = person_import.defaults.get("provider")
    return Agency.objects.filter(pk=provider_id).first() if provider_id else None


@dataclass
class RecordValues:
    """What one row of a service or attendance list would record; ``problems`` empty when it can be."""

    person: PersonData  # the person named: found in the registry, or a participant's own particulars
    delivered_on: date | None = None
    cost: int | None = None
    funding_source: str = ""
    outcome: str = ""
    follow_up_on: date | None = None
    notes: str = ""
    participant_kind: str = ""
    position: str = ""
    cared_for_name: str = ""
    cared_for_year: int | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def finds_person(self) -> bool:
        """Whether the row's person is looked up in the registry (a service's, or a PWD participant)."""
        return self.participant_kind in ("", ParticipantKind.PWD)

    def as_json(self) -> dict[str, Any]:
        person = self.person
        return {
            "full_name": person.full_name,
            "birth_date": person.birth_date.isoformat() if person.birth_date else None,
            "birth_year": person.birth_year,
            "sex": person.sex,
            "cccd": person.cccd,
            "delivered_on": self.delivered_on.isoformat() if self.delivered_on else None,
            "cost": self.cost,
            "funding_source": self.funding_source,
            "outcome": self.outcome,
            "follow_up_on": self.follow_up_on.isoformat() if self.follow_up_on else None,
            "notes": self.notes,
            "participant_kind": self.participant_kind,
            "position": self.position,
            "cared_for_name": self.cared_for_name,
            "cared_for_year": self.cared_for_year,
        }

    @classmethod
    def from_json(cls, stored: Mapping[str, Any], person_import: PersonImport) -> RecordValues:
        """The values the analysis stored, back (they passed its checks)."""

        def day(name: str) -> date | None:
            return date.fromisoformat(stored[name]) if stored.get(name) else None

        person = PersonData(
            full_name=stored["full_name"],
            sex=stored["sex"],
            commune=person_import.commune,  # type: ignore[arg-type]
            birth_date=day("birth_date"),
            birth_year=stored["birth_year"],
            cccd=stored["cccd"],
        )
        return cls(
            person=person,
            delivered_on=day("delivered_on"),
            cost=stored["cost"],
            funding_source=stored["funding_source"],
            outcome=stored["outcome"],
            follow_up_on=day("follow_up_on"),
            notes=stored["notes"],
            participant_kind=stored["participant_kind"],
            position=stored["position"],
            cared_for_name=stored["cared_for_name"],
            cared_for_year=stored["cared_for_year"],
        )

    def service_data(self, context: RecordContext) -> ServiceData:
        if context.service_type is None or self.delivered_on is None:
            raise ValueError("A service is recorded with its type and its date.")
        return ServiceData(
            service_type=context.service_type,
            delivered_on=self.delivered_on,
            provider=context.provider,
            cost=self.cost,
            funding_source=self.funding_source,
            outcome=self.outcome,
            follow_up_on=self.follow_up_on,
            notes=self.notes,
        )


def record_row_values(
    cells: Sequence[CellValue], mapping: Mapping[int, str], *, context: RecordContext
) -> RecordValues:
    """Convert one row of a service or attendance list."""
    reader = RowReader(cells, mapping, context.reader_context)
    # The row's particulars only: PersonData's commune is never read here (an attendance list has none).
    person = PersonData(
        full_name=reader.text(f.FULL_NAME),
        sex="",
        commune=context.person_import.commune,  # type: ignore[arg-type]
    )
    read_birth_and_sex(reader, person)
    person.cccd = (
        reader.parsed(f.CCCD, parse_cccd, province_codes=context.reader_context.province_codes) or ""
    )
    values = RecordValues(person=person, notes=reader.text(f.NOTES))
    if not person.full_name:
        reader.problems.append(Problem(f.FULL_NAME, _("Enter the full name.")))
    if context.person_import.target == ImportTarget.SERVICES:
        _read_service(reader, values, context)
    else:
        _read_participant(reader, values, context)
    found_by = (f.BIRTH, f.CCCD)
    if (
        values.finds_person
        and person.birth_year is None
        and not person.cccd
        and not any(problem.field in found_by for problem in reader.problems)
    ):
        reader.problems.append(
            Problem(
                f.BIRTH,
                _("Give the year of birth or the citizen ID: without one the person cannot be found."),
            )
        )
    values.problems = reader.problems
    return values


def _read_service(reader: RowReader, values: RecordValues, context: RecordContext) -> None:
    defaults = context.person_import.defaults
    values.delivered_on = reader.parsed(f.DELIVERED_ON, parse_full_date, today=context.today) or (
        date.fromisoformat(defaults["delivered_on"]) if defaults.get("delivered_on") else None
    )
    cost = reader.parsed(f.COST, parse_amount)
    values.cost = cost if cost is not None else defaults.get("cost")
    values.funding_source = reader.parsed(f.FUNDING_SOURCE, parse_funding_source) or defaults.get(
        "funding_source", ""
    )
    values.outcome = reader.text(f.OUTCOME)[:300]
    values.follow_up_on = reader.parsed(f.FOLLOW_UP_ON, parse_full_date, today=date.max)
    reported = {problem.field for problem in reader.problems}
    if values.delivered_on is None:
        if f.DELIVERED_ON not in reported:
            reader.problems.append(
                Problem(
                    f.DELIVERED_ON,
                    _(
                        "Enter the date of the service, in its column or for the whole list when "
                        "uploading it."
                    ),
                )
            )
        return
    for problem in service_data_problems(values.service_data(context)):
        column = _SERVICE_FIELD_COLUMNS.get(problem.field or "", problem.field or "")
        if column not in reported:
            reader.problems.append(Problem(column, problem.message))


def _read_participant(reader: RowReader, values: RecordValues, context: RecordContext) -> None:
    kind = reader.parsed(f.PARTICIPANT_KIND, parse_participant_kind) or context.person_import.defaults.get(
        "participant_kind", ""
    )
    if not kind and not any(problem.field == f.PARTICIPANT_KIND for problem in reader.problems):
        reader.problems.append(
            Problem(
                f.PARTICIPANT_KIND,
                _(
                    "Say who the participant is (NKT, Người nhà or Cán bộ) in a column, or for the "
                    "whole list."
                ),
            )
        )
    values.participant_kind = kind
    values.position = ", ".join(text for text in (reader.text(f.POSITION), reader.text(f.WORKPLACE)) if text)[
        :150
    ]
    sex_read = not any(problem.field in (f.SEX, f.BIRTH) for problem in reader.problems)
    if kind in (ParticipantKind.FAMILY, ParticipantKind.STAFF) and not values.person.sex and sex_read:
        reader.problems.append(Problem(f.SEX, _("Give the participant's sex: it is counted by sex.")))
    if kind == ParticipantKind.FAMILY:
        cared_for = normalize_name(reader.text(f.CARED_FOR))
        match = _NAME_AND_YEAR.fullmatch(cared_for)
        values.cared_for_name = match.group(1) if match else cared_for
        values.cared_for_year = int(match.group(2)) if match else None
        if not values.cared_for_name:
            reader.problems.append(
                Problem(f.CARED_FOR, _("Name the person with disabilities this family member cares for."))
            )
