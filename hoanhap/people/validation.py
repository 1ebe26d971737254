"""The rules a person's record must satisfy: the form, the API and imports all pass through them."""

from __future__ import annotations

from datetime import date
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.text import normalize_name
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.people.cccd import cccd_problems, normalize_cccd
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Ethnicity, Household, Sex, SpecialGroup

OLDEST_BIRTH_YEAR = 1900
# Read once: ``Choices.values`` builds a new list at every call, and an import checks every row.
_SEXES = frozenset(Sex.values)
_HOUSEHOLDS = frozenset(Household.values)
_SPECIAL_GROUPS = frozenset(SpecialGroup.values)


@cache
def legacy_province_codes() -> frozenset[str]:
    return frozenset(
        AdminUnit.objects.filter(edition=Edition.LEGACY, tier=Tier.PROVINCE).values_list("code", flat=True)
    )


@cache
def ethnicity_codes() -> frozenset[str]:
    """The ethnicity codes (a fixed reference table: read once per process)."""
    return frozenset(Ethnicity.objects.values_list("code", flat=True))


def person_data_problems(data: PersonData, *, today: date | None = None) -> list[ApplicationError]:
    """Normalise ``data`` in place and return every broken rule, each naming its field, in form order.

    An import reports all the reasons a row is refused at once; the form and the API stop at the first
    (``clean_person_data``). Both apply exactly these rules.
    """
    today = today or timezone.localdate()
    problems: list[ApplicationError] = []
    data.full_name = normalize_name(data.full_name)
    if not data.full_name:
        problems.append(ApplicationError(_("Enter the person's full name."), field="full_name"))
    if data.sex not in _SEXES:
        problems.append(ApplicationError(_("Choose the person's sex."), field="sex"))
    problems.extend(_birth_problems(data, today))
    if data.ethnicity not in ethnicity_codes():
        problems.append(ApplicationError(_("Choose an ethnicity from the list."), field="ethnicity"))
    if data.household not in _HOUSEHOLDS:
        problems.append(ApplicationError(_("Choose a household situation from the list."), field="household"))
    if not _SPECIAL_GROUPS.issuperset(data.special_groups):
        problems.append(ApplicationError(_("Unknown special group."), field="special_groups"))
    data.cccd = normalize_cccd(data.cccd)
    if data.cccd and data.birth_year is not None:
        cccd = cccd_problems(
            data.cccd, sex=data.sex, birth_year=data.birth_year, province_codes=legacy_province_codes()
        )
        if cccd:
            problems.append(ApplicationError(cccd[0].message, code=f"cccd_{cccd[0].code}", field="cccd"))
    data.village = normalize_name(data.village)
    data.carer_name = normalize_name(data.carer_name)
    data.phone = "".join(data.phone.split())
    return problems


def _birth_problems(data: PersonData, today: date) -> list[ApplicationError]:
    if data.birth_date is not None:
        if data.birth_date > today:
            return [ApplicationError(_("The date of birth cannot be in the future."), field="birth_date")]
        if data.birth_year is not None and data.birth_year != data.birth_date.year:
            return [
                ApplicationError(_("The year of birth does not match the date of birth."), field="birth_year")
            ]
        data.birth_year = data.birth_date.year
    if data.birth_year is None:
        return [ApplicationError(_("Enter the date of birth, or at least the year."), field="birth_year")]
    if not OLDEST_BIRTH_YEAR <= data.birth_year <= today.year:
        return [
            ApplicationError(
                _("The year of birth must be between %(first)d and %(last)d.")
                % {"first": OLDEST_BIRTH_YEAR, "last": today.year},
                field="birth_year",
            )
        ]
    return []


def clean_person_data(data: PersonData, *, today: date | None = None) -> PersonData:
    """Normalise ``data`` in place and raise ``ApplicationError`` (naming the field) at the first problem."""
    problems = person_data_problems(data, today=today)
    if problems:
        raise problems[0]
    return data
