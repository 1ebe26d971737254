"""The fields a column of a commune's list can be mapped to.

A column maps to one field; "mark" fields are the layout where each disability type or severity has its
own column and the person's row carries an "x" under the ones that apply. ``BIRTH_MALE`` and
``BIRTH_FEMALE`` are the layout where the birth date is written under a "Nam" or a "Nữ" column, which
gives the sex as well.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.people.models import Sex

IGNORE = ""  # a column that is not imported
SEQUENCE = "sequence"  # STT: recognised so it is not mistaken for data, never imported
FULL_NAME = "full_name"
BIRTH = "birth"  # a date, a "dd/mm/yyyy" text or a year alone
BIRTH_MALE = "birth_male"
BIRTH_FEMALE = "birth_female"
SEX = "sex"
ETHNICITY = "ethnicity"
CCCD = "cccd"
VILLAGE = "village"
ADDRESS = "address"  # "Địa chỉ", "Nơi ở": the village is taken from it when there is no village column
PHONE = "phone"
DISABILITY_TYPES = "disability_types"  # one cell naming one or several types
SEVERITY = "severity"
HOUSEHOLD = "household"
SPECIAL_GROUPS = "special_groups"
CARER_NAME = "carer_name"
CARER_RELATION = "carer_relation"
CERTIFICATE_NUMBER = "certificate_number"
CERTIFICATE_DATE = "certificate_date"
DETERMINATION_DATE = "determination_date"
NOTES = "notes"
# Service lists
DELIVERED_ON = "delivered_on"
COST = "cost"
FUNDING_SOURCE = "funding_source"
OUTCOME = "outcome"
FOLLOW_UP_ON = "follow_up_on"
# Attendance lists
PARTICIPANT_KIND = "participant_kind"
POSITION = "position"
WORKPLACE = "workplace"
CARED_FOR = "cared_for"

TYPE_MARK_PREFIX = "type_mark:"
SEVERITY_MARK_PREFIX = "severity_mark:"
HOUSEHOLD_MARK_PREFIX = "household_mark:"  # "Hộ nghèo" / "Hộ cận nghèo" columns marked "x"
SEX_MARK_PREFIX = "sex_mark:"  # "Nam" / "Nữ" columns marked "x", the birth date in a column of its own


def type_mark(disability_type: str) -> str:
    return TYPE_MARK_PREFIX + disability_type


def severity_mark(severity: str) -> str:
    return SEVERITY_MARK_PREFIX + severity


def household_mark(household: str) -> str:
    return HOUSEHOLD_MARK_PREFIX + household


def sex_mark(sex: str) -> str:
    return SEX_MARK_PREFIX + sex


FIELD_LABELS = {
    IGNORE: _("Do not import"),
    SEQUENCE: _("Row number (not imported)"),
    FULL_NAME: _("Full name"),
    BIRTH: _("Date or year of birth"),
    BIRTH_MALE: _("Date or year of birth, male"),
    BIRTH_FEMALE: _("Date or year of birth, female"),
    SEX: _("Sex"),
    ETHNICITY: _("Ethnicity"),
    CCCD: _("Citizen ID (CCCD)"),
    VILLAGE: _("Village, hamlet or residential group"),
    ADDRESS: _("Address"),
    PHONE: _("Phone"),
    DISABILITY_TYPES: _("Disability types"),
    SEVERITY: _("Severity"),
    HOUSEHOLD: _("Household (poor, near-poor)"),
    SPECIAL_GROUPS: _("Special groups"),
    CARER_NAME: _("Carer's name"),
    CARER_RELATION: _("Carer's relation to the person"),
    CERTIFICATE_NUMBER: _("Certificate number"),
    CERTIFICATE_DATE: _("Certificate issue date"),
    DETERMINATION_DATE: _("Determination date"),
    NOTES: _("Notes"),
    DELIVERED_ON: _("Date of the service"),
    COST: _("Cost (đồng)"),
    FUNDING_SOURCE: _("Funding source"),
    OUTCOME: _("Outcome"),
    FOLLOW_UP_ON: _("Follow-up date"),
    PARTICIPANT_KIND: _("Kind of participant"),
    POSITION: _("Position"),
    WORKPLACE: _("Agency or workplace"),
    CARED_FOR: _("Person with disabilities cared for"),
    **{
        type_mark(value): format_lazy(_("Type marked: {label}"), label=label)
        for value, label in DisabilityType.choices
    },
    **{
        severity_mark(value): format_lazy(_("Severity marked: {label}"), label=label)
        for value, label in Severity.choices
    },
    household_mark("poor"): _("Marked: poor household"),
    household_mark("near_poor"): _("Marked: near-poor household"),
    **{sex_mark(value): format_lazy(_("Sex marked: {label}"), label=label) for value, label in Sex.choices},
}

# Every field but IGNORE is taken by one column at most, so a mapping is unambiguous.
ALL_FIELDS = tuple(FIELD_LABELS)

# What a list of each kind (``models.ImportTarget``) may map its columns to. A service or attendance list
# names registered persons: the fields that find them, and the fields of what it records.
_IDENTITY = (IGNORE, SEQUENCE, FULL_NAME, BIRTH, BIRTH_MALE, BIRTH_FEMALE, SEX, CCCD, VILLAGE, ADDRESS, PHONE)
_SEX_MARKS = tuple(name for name in ALL_FIELDS if name.startswith(SEX_MARK_PREFIX))
_RECORD_FIELDS = (
    DELIVERED_ON,
    COST,
    FUNDING_SOURCE,
    OUTCOME,
    FOLLOW_UP_ON,
    PARTICIPANT_KIND,
    POSITION,
    WORKPLACE,
    CARED_FOR,
)
TARGET_FIELDS: dict[str, tuple[str, ...]] = {
    "persons": tuple(name for name in ALL_FIELDS if name not in _RECORD_FIELDS),
    "services": (*_IDENTITY, *_SEX_MARKS, DELIVERED_ON, COST, FUNDING_SOURCE, OUTCOME, FOLLOW_UP_ON, NOTES),
    "participants": (*_IDENTITY, *_SEX_MARKS, PARTICIPANT_KIND, POSITION, WORKPLACE, CARED_FOR, NOTES),
}
# A label the header rules read as a person-list field that, in another kind of list, means one of its
# own: "Ngày cấp" is the date a wheelchair was handed over, "Đối tượng" whether one is a PWD or a carer.
TARGET_ALIASES: dict[str, dict[str, str]] = {
    "services": {CERTIFICATE_DATE: DELIVERED_ON, DETERMINATION_DATE: DELIVERED_ON},
    "participants": {SPECIAL_GROUPS: PARTICIPANT_KIND, CARER_NAME: CARED_FOR},
}


def field_for_target(field: str, target: str) -> str:
    """``field`` as a list of kind ``target`` reads it: its alias there, ``IGNORE`` when it has no use."""
    field = TARGET_ALIASES.get(target, {}).get(field, field)
    return field if field in TARGET_FIELDS[target] else IGNORE
