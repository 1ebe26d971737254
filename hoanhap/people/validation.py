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


@cache
def legacy_province_codes() -> frozenset[str]:
    return frozenset(
        AdminUnit.objects.filter(edition=Edition.LEGACY, tier=Tier.PROVINCE).values_list("code", flat=True)
    )


def clean_person_data(data: PersonData, *, today: date | None = None) -> PersonData:
    """Normalise ``data`` in place and raise ``ApplicationError`` (naming the field) at the first problem."""
    today = today or timezone.localdate()
    data.full_name = normalize_name(data.full_name)
    if not data.full_name:
        raise ApplicationError(_("Enter the person's full name."), field="full_name")
    if data.sex not in Sex.values:
        raise ApplicationError(_("Choose the person's sex."), field="sex")
    if data.birth_date is not None:
        if data.birth_date > today:
            raise ApplicationError(_("The date of birth cannot be in the future."), field="birth_date")
        if data.birth_year is not None and data.birth_year != data.birth_date.year:
            raise ApplicationError(
                _("The year of birth does not match the date of birth."), field="birth_year"
            )
        data.birth_year = data.birth_date.year
    if data.birth_year is None:
        raise ApplicationError(_("Enter the date of birth, or at least the year."), field="birth_year")
    if not OLDEST_BIRTH_YEAR <= data.birth_year <= today.year:
        raise ApplicationError(
            _("The year of birth must be between %(first)d and %(last)d.")
            % {"first": OLDEST_BIRTH_YEAR, "last": today.year},
            field="birth_year",
        )
    if not Ethnicity.objects.filter(code=data.ethnicity).exists():
        raise ApplicationError(_("Choose an ethnicity from the list."), field="ethnicity")
    if data.household not in Household.values:
        raise ApplicationError(_("Choose a household situation from the list."), field="household")
    unknown_groups = set(data.special_groups) - set(SpecialGroup.values)
    if unknown_groups:
        raise ApplicationError(_("Unknown special group."), field="special_groups")
    data.cccd = normalize_cccd(data.cccd)
    if data.cccd:
        problems = cccd_problems(
            data.cccd, sex=data.sex, birth_year=data.birth_year, province_codes=legacy_province_codes()
        )
        if problems:
            raise ApplicationError(problems[0].message, code=f"cccd_{problems[0].code}", field="cccd")
    data.village = normalize_name(data.village)
    data.carer_name = normalize_name(data.carer_name)
    data.phone = "".join(data.phone.split())
    return data
