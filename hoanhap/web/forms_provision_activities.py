"""Forms of the activity pages: an activity, its participants (family members and staff by name; persons
with disabilities are found by a search and added with a button), its head-counts, and the aggregate
figures of a unit for a period."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoanhap.agencies.models import Agency
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Sex
from hoanhap.provision.activities import MOST_HEADS, ActivityData
from hoanhap.provision.aggregates import FIRST_YEAR, LAST_YEAR
from hoanhap.provision.models import WHOLE_YEAR, ActivityKind, AggregateMetric, Domain, ParticipantKind
from hoanhap.web.forms_admin import UnitCodeField
from hoanhap.web.forms_registry import GovukDateField, RegistryFormMixin, choices_with_blank

NUMBER_WIDGET = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}


class ActivityFilterForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"year": "govuk-input--width-4"}

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"invalid": _("Enter the year as 4 digits.")},
        widget=forms.TextInput(attrs=NUMBER_WIDGET),
    )
    q = forms.CharField(label=_("Title or place"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class ActivityForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"unit": "govuk-input--width-10"}

    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter the title of the activity.")}
    )
    domain = forms.ChoiceField(
        label=_("Domain"), error_messages={"required": _("Choose the domain of the activity.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind of activity"),
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of activity.")},
    )
    held_on = GovukDateField(
        label=_("Date"),
        help_text=_("The day it was held (the first day, if it lasted several), for example 5 7 2025."),
        error_messages={"required": _("Enter the date of the activity.")},
    )
    unit = UnitCodeField(
        label=_("Code of the commune or province where it was held"),
        error_messages={"required": _("Enter the code of the unit where the activity was held.")},
    )
    place = forms.CharField(label=_("Place (optional)"), max_length=200, required=False)
    organiser = forms.ModelChoiceField(
        label=_("Organising agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )

    def __init__(
        self, *args: Any, domains: list[tuple[str, Any]], organisers: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        domain_field: Any = self.fields["domain"]
        domain_field.choices = choices_with_blank(_("Choose a domain"), domains)
        organiser_field: Any = self.fields["organiser"]
        organiser_field.queryset = organisers
        self.apply_govuk()

    def activity_data(self) -> ActivityData:
        data = self.cleaned_data
        unit: AdminUnit = data["unit"]
        return ActivityData(
            title=data["title"],
            domain=data["domain"],
            kind=data["kind"],
            held_on=data["held_on"],
            unit=unit,
            place=data["place"] or "",
            organiser=data["organiser"],
        )


def domains_for(allowed: frozenset[str]) -> list[tuple[str, Any]]:
    return [(value, label) for value, label in Domain.choices if value in allowed]


class PersonSearchForm(RegistryFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name or citizen ID"),
        max_length=100,
        required=False,
        help_text=_("Accents are optional. Persons of your area only."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


SEX_RADIOS = {
    "label": _("Sex"),
    "choices": Sex.choices,
    "widget": forms.RadioSelect,
    "error_messages": {"required": _("Choose the participant's sex.")},
}


class FamilyForm(RegistryFormMixin, forms.Form):
    # Field names differ from the staff form's: both forms are on one page, and ids must be unique.
    service_fields: ClassVar[dict[str, str]] = {"full_name": "family_name", "sex": "family_sex"}

    family_name = forms.CharField(
        label=_("Full name of the family member or carer"),
        max_length=150,
        error_messages={"required": _("Enter the participant's full name.")},
    )
    family_sex = forms.ChoiceField(**SEX_RADIOS)  # type: ignore[arg-type]
    cared_for = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class StaffForm(RegistryFormMixin, forms.Form):
    service_fields: ClassVar[dict[str, str]] = {"full_name": "staff_name", "sex": "staff_sex"}

    staff_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter the participant's full name.")},
    )
    staff_sex = forms.ChoiceField(**SEX_RADIOS)  # type: ignore[arg-type]
    position = forms.CharField(label=_("Position (optional)"), max_length=150, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("None or not listed")
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field: Any = self.fields["agency"]
        agency_field.queryset = agencies
        self.apply_govuk()


def head_count_name(kind: str, sex: str) -> str:
    return f"{kind}_{sex}"


class HeadCountForm(RegistryFormMixin, forms.Form):
    """One number per kind of participant and sex; empty means none."""

    widths: ClassVar[dict[str, str]] = {
        f"{kind}_{sex}": "govuk-input--width-5" for kind in ParticipantKind.values for sex in Sex.values
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, kind_label in ParticipantKind.choices:
            for sex, sex_label in Sex.choices:
                self.fields[head_count_name(kind, sex)] = forms.IntegerField(
                    label=f"{kind_label}: {sex_label}",
                    required=False,
                    min_value=0,
                    max_value=MOST_HEADS,
                    error_messages={"invalid": _("Enter a whole number.")},
                    widget=forms.TextInput(attrs=NUMBER_WIDGET),
                )
        self.apply_govuk()

    def counts(self) -> dict[tuple[str, str], int]:
        return {
            (kind, sex): self.cleaned_data.get(head_count_name(kind, sex)) or 0
            for kind in ParticipantKind.values
            for sex in Sex.values
        }


QUARTERS = [
    (str(WHOLE_YEAR), _("The whole year")),
    ("1", _("First quarter")),
    ("2", _("Second quarter")),
    ("3", _("Third quarter")),
    ("4", _("Fourth quarter")),
]


class AggregateForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "unit": "govuk-input--width-10",
        "year": "govuk-input--width-4",
        **dict.fromkeys(AggregateMetric.values, "govuk-input--width-5"),
    }

    unit = UnitCodeField(
        label=_("Code of the commune or province"),
        error_messages={"required": _("Enter the code of the commune or province.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"required": _("Enter the year."), "invalid": _("Enter the year as 4 digits.")},
        widget=forms.TextInput(attrs=NUMBER_WIDGET),
    )
    quarter = forms.TypedChoiceField(label=_("Period"), choices=QUARTERS, coerce=int, initial=str(WHOLE_YEAR))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for metric, label in AggregateMetric.choices:
            self.fields[metric] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=10_000_000,
                error_messages={"invalid": _("Enter a whole number.")},
                widget=forms.TextInput(attrs=NUMBER_WIDGET),
            )
        self.apply_govuk()

    def metric_fields(self) -> list[forms.BoundField]:
        return [self[metric] for metric in AggregateMetric.values]

    def values(self) -> dict[str, int | None]:
        return {metric: self.cleaned_data.get(metric) for metric in AggregateMetric.values}
