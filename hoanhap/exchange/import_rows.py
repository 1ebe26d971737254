"""One source row of a commune's list → the values the import would write, with every problem found.

The mapping says which column holds which field (``reading.fields``); each cell is parsed by
``reading.values`` and the person's record then passes ``person_data_problems``, the same rules as the
person form. Nothing here reads the registry (the classification does that, for all rows at once).

What the import writes besides the person, when the row says it:
- a disability determination, when a type or a severity is given (both are then needed). Lists rarely
  record the date of the council's decision; without one, the date of the certificate is used, and
  failing that the date of the import, and the determination's basis says so;
- a certificate, when its number is given, issued by the import's commune, dated as written or else as
  the determination.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.core.text import normalize_name
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.encoding import to_unicode
from hoanhap.exchange.reading.identifiers import parse_cccd, parse_phone
from hoanhap.exchange.reading.values import parse_birth, parse_text
from hoanhap.exchange.reading.words import (
    parse_disability_types,
    parse_ethnicity,
    parse_household,
    parse_mark,
    parse_severity,
    parse_sex,
)
from hoanhap.exchange.reading.workbook import CellValue
from hoanhap.geo.models import AdminUnit
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Sex
from hoanhap.people.validation import person_data_problems

UNKNOWN_ETHNICITY = "99"
# Read once: Django's ``Choices.values`` builds a new list at every call, and these are read for every row.
_TYPE_VALUES = tuple(DisabilityType.values)
_SEVERITY_VALUES = tuple(Severity.values)
_SEX_VALUES = tuple(Sex.values)
# A person rule broken because a cell could not be read is reported once, for the cell: "Enter the date of
# birth" says nothing more after "31/02/1980 is not a date".
SAME_CELLS = {
    "birth_year": "birth",
    "birth_date": "birth",
    f.BIRTH_MALE: "birth",
    f.BIRTH_FEMALE: "birth",
}


@dataclass(frozen=True)
class RowContext:
    """What converting a row needs besides the row: the same for every row of a file."""

    commune: AdminUnit | None  # None for an attendance list: its persons are of the activity's unit
    ethnicities: Mapping[str, str]  # code → official name
    province_codes: frozenset[str]  # legacy province codes, for the citizen-ID check
    today: date
    # Per column: the legacy encoding most of its cells are in (None: Unicode), so that a cell which
    # reads as valid Vietnamese both ways is converted like its neighbours.
    column_encodings: Mapping[int, str | None] = field(default_factory=dict)


@dataclass
class Problem:
    field: str
    message: str | Promise

    def as_json(self) -> dict[str, str]:
        """The message in both languages, so the preview and the error workbook show it in either."""
        with translation.override("vi"):
            vi = str(self.message)
        with translation.override("en"):
            en = str(self.message)
        return {"field": self.field, "vi": vi, "en": en}


@dataclass
class RowValues:
    """What one source row would write; ``problems`` empty when it can be written."""

    person: PersonData
    types: tuple[str, ...] = ()
    severity: str = ""
    determination_date: date | None = None
    certificate_number: str = ""
    certificate_date: date | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_disability(self) -> bool:
        return bool(self.types or self.severity)

    def as_json(self) -> dict[str, Any]:
        """The normalised values, as the preview and ``import-persons --json`` show them."""
        person = self.person
        return {
            "full_name": person.full_name,
            "birth_date": person.birth_date.isoformat() if person.birth_date else None,
            "birth_year": person.birth_year,
            "sex": person.sex,
            "ethnicity": person.ethnicity,
            "cccd": person.cccd,
            "village": person.village,
            "phone": person.phone,
            "household": person.household,
            "carer_name": person.carer_name,
            "carer_relation": person.carer_relation,
            "types": list(self.types),
            "severity": self.severity,
            "determination_date": self.determination_date.isoformat() if self.determination_date else None,
            "certificate_number": self.certificate_number,
            "certificate_date": self.certificate_date.isoformat() if self.certificate_date else None,
        }


def row_values(
    cells: Sequence[CellValue], mapping: Mapping[int, str], *, section: str, context: RowContext
) -> RowValues:
    """Convert one row. ``mapping``: column index → field, ``fields.IGNORE`` columns left out."""
    reader = RowReader(cells, mapping, context)
    if context.commune is None:
        raise ValueError("A list of persons is the list of a commune.")
    person = PersonData(full_name=reader.text(f.FULL_NAME), sex="", commune=context.commune)
    values = RowValues(person=person)
    read_birth_and_sex(reader, values.person)
    values.person.ethnicity = reader.ethnicity()
    values.person.cccd = reader.cccd()
    values.person.village = (
        reader.text(f.VILLAGE) or _village_from(section, context) or reader.text(f.ADDRESS)
    )
    values.person.phone = reader.parsed(f.PHONE, parse_phone) or ""
    values.person.household = reader.household()
    values.person.carer_name = reader.text(f.CARER_NAME)
    values.person.carer_relation = reader.text(f.CARER_RELATION)[:50]
    values.types = reader.types()
    values.severity = reader.severity()
    values.determination_date = reader.date(f.DETERMINATION_DATE)
    values.certificate_number = reader.text(f.CERTIFICATE_NUMBER)[:50]
    values.certificate_date = reader.date(f.CERTIFICATE_DATE)
    values.problems = reader.problems
    _check_disability(values)
    reported = {SAME_CELLS.get(problem.field, problem.field) for problem in values.problems}
    for problem in person_data_problems(values.person, today=context.today):
        field_name = problem.field or ""
        if SAME_CELLS.get(field_name, field_name) not in reported:
            values.problems.append(Problem(field_name, problem.message))
    return values


class RowReader:
    """Reads the mapped cells of one row, collecting each cell's problem under its field."""

    def __init__(self, cells: Sequence[CellValue], mapping: Mapping[int, str], context: RowContext) -> None:
        self.cells = cells
        self.context = context
        self.columns = {name: index for index, name in mapping.items() if name != f.IGNORE}
        self.problems: list[Problem] = []

    def cell(self, name: str) -> CellValue:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def has(self, name: str) -> bool:
        return self.cell(name) not in (None, "")

    def parsed(self, name: str, parser: Any, **options: Any) -> Any:
        result = parser(self.cell(name), **options)
        if result.problem is not None:
            self.problems.append(Problem(name, result.problem))
        return result.value

    def marked(self, name: str) -> bool:
        """Whether the mark column ``name`` is ticked. A column the list does not have is not: looked up
        first, as most lists have none of the dozen mark columns a row is asked about."""
        return name in self.columns and bool(self.parsed(name, parse_mark))

    def text(self, name: str) -> str:
        value = self.cell(name)
        if isinstance(value, str):
            encoding = self.context.column_encodings.get(self.columns[name])
            return normalize_name(to_unicode(value, prefer=encoding)) if encoding else parse_text(value).value
        return parse_text(value).value

    def date(self, name: str) -> date | None:
        birth = self.parsed(name, parse_birth, today=self.context.today)
        return birth.birth_date if birth is not None else None

    def ethnicity(self) -> str:
        if not self.has(f.ETHNICITY):
            return UNKNOWN_ETHNICITY
        return (
            self.parsed(f.ETHNICITY, parse_ethnicity, ethnicities=self.context.ethnicities)
            or UNKNOWN_ETHNICITY
        )

    def cccd(self) -> str:
        return self.parsed(f.CCCD, parse_cccd, province_codes=self.context.province_codes) or ""

    def household(self) -> str:
        if f.HOUSEHOLD in self.columns:
            return self.parsed(f.HOUSEHOLD, parse_household) or ""
        for household in ("poor", "near_poor"):
            if self.marked(f.household_mark(household)):
                return household
        return ""

    def types(self) -> tuple[str, ...]:
        found = list(self.parsed(f.DISABILITY_TYPES, parse_disability_types) or ())
        for value in _TYPE_VALUES:
            if self.marked(f.type_mark(value)) and value not in found:
                found.append(value)
        return tuple(value for value in _TYPE_VALUES if value in found)

    def severity(self) -> str:
        severity = self.parsed(f.SEVERITY, parse_severity) or ""
        marked = [value for value in _SEVERITY_VALUES if self.marked(f.severity_mark(value))]
        if len(marked) > 1 or (marked and severity and marked[0] != severity):
            self.problems.append(Problem(f.SEVERITY, _("More than one severity is marked: keep one.")))
            return ""
        return severity or (marked[0] if marked else "")


def read_birth_and_sex(reader: RowReader, person: PersonData) -> None:
    """The birth date or year, and the sex: from their own columns, or from the Nam/Nữ birth columns."""
    sex = reader.parsed(f.SEX, parse_sex) if reader.has(f.SEX) else None
    marked = [value for value in _SEX_VALUES if reader.marked(f.sex_mark(value))]
    male, female = reader.has(f.BIRTH_MALE), reader.has(f.BIRTH_FEMALE)
    if male and female:
        reader.problems.append(
            Problem(f.BIRTH, _("A date of birth is written under both Nam and Nữ: keep the right one."))
        )
        return
    birth_field = f.BIRTH_MALE if male else f.BIRTH_FEMALE if female else f.BIRTH
    birth = reader.parsed(birth_field, parse_birth, today=reader.context.today)
    if birth is not None:
        person.birth_date, person.birth_year = birth.birth_date, birth.birth_year
    from_layout = Sex.MALE if male else Sex.FEMALE if female else None
    candidates = {value for value in (sex, from_layout, *marked) if value}
    if len(candidates) > 1:
        reader.problems.append(Problem(f.SEX, _("The row gives two different sexes: keep the right one.")))
    elif candidates:
        person.sex = candidates.pop()


def _village_from(section: str, context: RowContext) -> str:
    """A section heading names the village of the rows under it ("Thôn Nà Lầu", "Bản Khuổi Slay")."""
    return normalize_name(to_unicode(section)) if section else ""


def _check_disability(values: RowValues) -> None:
    if values.types and not values.severity and not any(p.field == f.SEVERITY for p in values.problems):
        values.problems.append(
            Problem(f.SEVERITY, _("The disability types are given but not the severity: add it."))
        )
    if (
        values.severity
        and not values.types
        and not any(p.field == f.DISABILITY_TYPES for p in values.problems)
    ):
        values.problems.append(
            Problem(f.DISABILITY_TYPES, _("The severity is given but not the disability types: add them."))
        )
    if values.certificate_number and not values.has_disability:
        values.problems.append(
            Problem(
                f.CERTIFICATE_NUMBER,
                _("A certificate number is given without the disability types and severity: add them."),
            )
        )
