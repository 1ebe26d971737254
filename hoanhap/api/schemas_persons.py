"""Shapes of the registry API: persons, determinations, certificates, and the errors they answer with."""

from datetime import date, datetime

from ninja import Field, Schema

from hoanhap.assessments.models import AssessingBody, CertificateReason, DisabilityType, Severity
from hoanhap.geo.models import Edition
from hoanhap.people.models import Household, PersonStatus, Sex, SpecialGroup

# --- Reading ---------------------------------------------------------------------------------------------


class PersonQuery(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="Words of the name in any order (accents optional), part of a citizen ID, or a "
        "four-digit year of birth.",
    )
    commune: str = Field(
        "",
        max_length=10,
        description="Code of a current unit: a commune, or a province for all its communes.",
    )
    village: str = Field("", max_length=100, description="Part of the village (thôn, bản, tổ dân phố).")
    status: PersonStatus | None = Field(None, description="Only persons with this status.")
    sex: Sex | None = Field(None, description="Only persons of this sex.")
    birth_year: int | None = Field(None, ge=1900, le=2200, description="Only persons born in this year.")
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(50, ge=1, le=200, description="Persons per page (at most 200).")


class CommuneOut(Schema):
    code: str = Field(description="Code of the current commune.")
    name: str


class PersonListItemOut(Schema):
    id: int
    full_name: str
    birth_date: date | None
    birth_year: int
    sex: Sex
    ethnicity: str = Field(description="Code of the ethnic group (GSO list; 99 unknown).")
    cccd: str = Field(description="Citizen ID: 12 digits, or empty.")
    commune: CommuneOut
    village: str
    status: PersonStatus
    version: int = Field(description="Send it back with a change (PATCH): it detects concurrent edits.")
    severity: Severity | None = Field(description="Severity of the current (latest) determination.")
    types: list[DisabilityType] = Field(description="Types of disability of the current determination.")


class PersonPageOut(Schema):
    items: list[PersonListItemOut]
    count: int = Field(description="Number of persons matching the filters.")
    page: int
    pages: int = Field(description="Number of pages.")
    page_size: int


class PersonOut(PersonListItemOut):
    """The stored record of a person."""

    phone: str
    carer_id: int | None = Field(description="The carer or guardian, when registered as a person too.")
    carer_name: str
    carer_relation: str
    household: Household
    special_groups: list[SpecialGroup]
    status_date: date | None
    status_reason: str
    created_at: datetime
    updated_at: datetime


class DeterminationOut(Schema):
    id: int
    decided_on: date
    body: AssessingBody
    minutes_number: str
    severity: Severity
    types: list[DisabilityType]
    basis: str
    created_at: datetime


class CertificateOut(Schema):
    id: int
    number: str
    issued_on: date
    issuing_commune: CommuneOut
    reason: CertificateReason
    determination: int = Field(description="Id of the determination the certificate states.")
    replaces: int | None = Field(description="Id of the certificate this one replaced.")
    in_force: bool = Field(description="No later certificate replaced this one.")


class PersonDetailOut(PersonOut):
    determinations: list[DeterminationOut] = Field(description="Newest first.")
    certificates: list[CertificateOut] = Field(description="Newest first.")


# --- Writing ---------------------------------------------------------------------------------------------


class PersonFieldsIn(Schema):
    birth_date: date | None = Field(None, description="Date of birth, when known.")
    birth_year: int | None = Field(None, description="Year of birth; taken from the date when one is given.")
    ethnicity: str = Field("99", max_length=2, description="Code of the ethnic group (GSO list; 99 unknown).")
    cccd: str = Field(
        "",
        max_length=20,
        description="Citizen ID (12 digits; spaces and dots are ignored). It must agree with the sex and "
        "the year of birth.",
    )
    village: str = Field("", max_length=100)
    phone: str = Field("", max_length=20)
    carer_id: int | None = Field(None, description="Id of the carer or guardian, a person you may see.")
    carer_name: str = Field("", max_length=150)
    carer_relation: str = Field("", max_length=50)
    household: Household = Household.NONE
    special_groups: list[SpecialGroup] = Field(default_factory=list)


class CommuneFieldsIn(Schema):
    commune_edition: Edition | None = Field(
        None,
        description="Which list the commune code is from. Without it, a current commune with the code is "
        "taken, else a legacy (before 1 July 2025) one.",
    )
    successor: str | None = Field(
        None,
        max_length=10,
        description="For a legacy commune divided among several current ones: the code of the current "
        "commune the person lives in.",
    )


class PersonCoreIn(Schema):
    full_name: str = Field(max_length=150)
    sex: Sex
    commune: str = Field(
        max_length=10,
        description="Code of the commune of residence, current or legacy (see commune_edition).",
    )


# pydantic lists the fields of the last base first: name, sex and commune lead.
class PersonCreateIn(PersonFieldsIn, CommuneFieldsIn, PersonCoreIn):
    confirm_not_duplicate: bool = Field(
        False,
        description="Register even though the registry holds probable duplicates (answered with 409 "
        "possible_duplicate otherwise).",
    )


class PersonPatchIn(CommuneFieldsIn):
    version: int = Field(description="The version read with the record; a stale one is answered with 409.")
    full_name: str | None = Field(None, max_length=150)
    sex: Sex | None = None
    commune: str | None = Field(None, max_length=10, description="Code of another commune of your area.")
    birth_date: date | None = None
    birth_year: int | None = None
    ethnicity: str | None = Field(None, max_length=2)
    cccd: str | None = Field(None, max_length=20)
    village: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=20)
    carer_id: int | None = None
    carer_name: str | None = Field(None, max_length=150)
    carer_relation: str | None = Field(None, max_length=50)
    household: Household | None = None
    special_groups: list[SpecialGroup] | None = None


class DeterminationIn(Schema):
    decided_on: date
    body: AssessingBody = Field(description="Who decided: the commune council or the medical board.")
    severity: Severity
    types: list[DisabilityType] = Field(description="At least one.")
    minutes_number: str = Field("", max_length=50)
    basis: str = Field("", max_length=2000)


class CertificateIn(Schema):
    determination: int = Field(description="Id of one of the person's determinations.")
    number: str = Field(max_length=50)
    issued_on: date
    reason: CertificateReason = Field(
        description="first_issue for the first certificate; any other reason replaces the one in force."
    )


# --- Errors ----------------------------------------------------------------------------------------------


class FieldErrorOut(Schema):
    field: str = Field(description="The input at fault (a body field or a query parameter).")
    detail: str = Field(description="What is wrong, in the language of the request.")


class UnitChoiceOut(Schema):
    code: str
    name: str


class InvalidOut(Schema):
    code: str
    detail: str
    errors: list[FieldErrorOut]
    options: list[UnitChoiceOut] | None = Field(
        None, description="For split_commune: the current communes to choose from (as successor)."
    )


class DuplicateCandidateOut(Schema):
    id: int
    full_name: str
    birth_year: int
    commune: CommuneOut
    same_cccd: bool


class DuplicateOut(Schema):
    code: str = Field(description="possible_duplicate")
    detail: str
    candidates: list[DuplicateCandidateOut] = Field(description="Probable duplicates in your area.")
    others: int = Field(description="Probable duplicates outside your area (counted only).")


class StaleOut(Schema):
    code: str = Field(description="stale_version")
    detail: str
    current: PersonOut = Field(description="The record as it is now; nothing was changed.")
