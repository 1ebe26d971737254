"""Forms of the person pages: the list filters, the record, its status and commune, the turning-six list."""

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hoanhap.assessments.models import (
    DisabilityType,
    Severity,
)
from hoanhap.assessments.selectors import NOT_DETERMINED
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.geo.selectors import unit_get
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Ethnicity, Household, PersonStatus, Sex, SpecialGroup
from hoanhap.people.selectors import PersonFilters
from hoanhap.people.validation import OLDEST_BIRTH_YEAR
from hoanhap.web.forms_registry import (
    NEWEST_YEAR,
    BirthDate,
    CommuneChoiceMixin,
    GovukDateField,
    RegistryFormMixin,
    choices_with_blank,
)


class PersonFilterForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "commune": "govuk-input--width-10",
        "birth_year": "govuk-input--width-4",
    }

    q = forms.CharField(
        label=_("Name, citizen ID or year of birth"),
        required=False,
        max_length=100,
        help_text=_("Accents are optional: “dang thi anh” finds “Đặng Thị Ánh”."),
    )
    commune = forms.CharField(
        label=_("Commune or province code"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    village = forms.CharField(label=_("Village"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=choices_with_blank(_("All statuses"), PersonStatus.choices)
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=choices_with_blank(_("Both"), Sex.choices)
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=OLDEST_BIRTH_YEAR,
        max_value=NEWEST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    severity = forms.ChoiceField(
        label=_("Current severity"),
        required=False,
        choices=[
            ("", _("Any severity")),
            *Severity.choices,
            (NOT_DETERMINED, _("Not determined yet")),
        ],
    )
    types = forms.MultipleChoiceField(
        label=_("Current type of disability"),
        required=False,
        choices=DisabilityType.choices,
        help_text=_("Persons with at least one of the types ticked."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def clean_commune(self) -> str:
        code = self.cleaned_data["commune"].strip()
        if not code:
            return ""
        try:
            unit_get(edition=Edition.CURRENT, code=code)
        except AdminUnit.DoesNotExist:
            raise forms.ValidationError(
                _("No current administrative unit has the code %(code)s."),
                code="unknown_unit",
                params={"code": code},
            ) from None
        return str(code)

    def filters(self) -> PersonFilters:
        data = self.cleaned_data
        return PersonFilters(
            query=data["q"],
            commune=data["commune"],
            village=data["village"],
            status=data["status"],
            birth_year=data["birth_year"],
            sex=data["sex"],
        )


class PersonForm(RegistryFormMixin, CommuneChoiceMixin, forms.Form):
    """The fields of ``PersonData``: registering a person and changing their record."""

    widths: ClassVar[dict[str, str]] = {
        "cccd": "govuk-input--width-20",
        "commune": "govuk-input--width-10",
        "phone": "govuk-input--width-20",
    }

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter the person's full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_date = GovukDateField(
        label=_("Date of birth"),
        year_alone=True,
        error_messages={"required": _("Enter the date of birth, or at least the year.")},
        help_text=_("For example 27 3 1980. If only the year is known, enter the year alone."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the person's sex.")},
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), error_messages={"required": _("Choose an ethnicity from the list.")}
    )
    cccd = forms.CharField(
        label=_("Citizen ID (CCCD)"),
        required=False,
        max_length=20,
        help_text=_("12 digits. Leave it empty if the person has none."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
    )
    village = forms.CharField(
        label=_("Village"),
        required=False,
        max_length=100,
        help_text=_("Thôn, bản, tổ dân phố or hamlet."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    carer_name = forms.CharField(
        label=_("Carer or guardian (optional)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    carer_relation = forms.CharField(
        label=_("Relation to the person"),
        required=False,
        max_length=50,
        help_text=_("For example mother, son, neighbour."),
    )
    household = forms.ChoiceField(label=_("Household"), required=False, choices=Household.choices)
    special_groups = forms.MultipleChoiceField(
        label=_("Special groups (optional)"),
        required=False,
        choices=SpecialGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    different_person = forms.BooleanField(label=_("This is a different person"), required=False)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    field_order = [
        "full_name",
        "birth_date",
        "sex",
        "ethnicity",
        "cccd",
        "commune",
        "successor",
        "village",
        "phone",
        "carer_name",
        "carer_relation",
        "household",
        "special_groups",
        "different_person",
        "version",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.successor_options = []
        self.fields["ethnicity"].choices = [  # type: ignore[attr-defined]
            (ethnicity.code, ethnicity.name) for ethnicity in Ethnicity.objects.order_by("code")
        ]
        self.fields["ethnicity"].initial = "01"
        self.apply_govuk()

    def person_data(self, *, carer_id: int | None = None) -> PersonData:
        data = self.cleaned_data
        birth: BirthDate = data["birth_date"]
        return PersonData(
            full_name=data["full_name"],
            sex=data["sex"],
            commune=data["commune"],
            birth_date=birth.date,
            birth_year=birth.year,
            ethnicity=data["ethnicity"],
            cccd=data["cccd"],
            village=data["village"],
            phone=data["phone"],
            carer_id=carer_id,
            carer_name=data["carer_name"],
            carer_relation=data["carer_relation"],
            household=data["household"],
            special_groups=list(data["special_groups"]),
            successor_choice=data.get("successor"),
        )


def person_initial(data: PersonData, *, version: int) -> dict[str, Any]:
    """The form's starting values for a stored person (from ``person_data_from``)."""
    return {
        "full_name": data.full_name,
        "birth_date": data.birth_date or data.birth_year,
        "sex": data.sex,
        "ethnicity": data.ethnicity,
        "cccd": data.cccd,
        "commune": data.commune.code,
        "village": data.village,
        "phone": data.phone,
        "carer_name": data.carer_name,
        "carer_relation": data.carer_relation,
        "household": data.household,
        "special_groups": data.special_groups,
        "version": version,
    }


# Status and commune -----------------------------------------------------------------------------------


class PersonStatusForm(RegistryFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PersonStatus.choices)
    status_date = GovukDateField(
        label=_("Since"),
        required=False,
        help_text=_("For example 27 3 2025. Required unless the person is active."),
    )
    status_reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("Required when the person is removed from the registry."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class PersonMoveForm(RegistryFormMixin, CommuneChoiceMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"commune": "govuk-input--width-10"}

    village = forms.CharField(
        label=_("Village in the new commune"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.successor_options = []
        self.fields["commune"].label = _("Code of the new commune")
        self.fields["commune"].help_text = _(
            "Any commune in the country. The code of a commune from before 1 July 2025 is accepted too."
        )
        self.apply_govuk()


# Determinations and certificates ----------------------------------------------------------------------


MONTHS_AHEAD = range(1, 13)
DEFAULT_MONTHS_AHEAD = 3


class TurningSixForm(RegistryFormMixin, forms.Form):
    months = forms.TypedChoiceField(label=_("Turning 6 within"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [  # type: ignore[attr-defined]
            (str(count), ngettext("%(count)d month", "%(count)d months", count) % {"count": count})
            for count in MONTHS_AHEAD
        ]
        self.apply_govuk()
