"""Forms of the campaign pages: creating and changing a campaign, and registering a child (found in the
registry or new).

The forms check the shape of the input; the rules (the area, the age, a child registered twice) are the
services', whose errors land on the field they name.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoanhap.agencies.selectors import agency_list
from hoanhap.campaigns.models import Campaign, CampaignStatus, ConditionGroup, FundingSource
from hoanhap.campaigns.services import STATUS_CHANGES, CampaignData, CampaignDetails
from hoanhap.geo.models import AdminUnit
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Person, Sex
from hoanhap.web.forms_admin import UnitCodeField
from hoanhap.web.forms_registry import BirthDate, GovukDateField, RegistryFormMixin, choices_with_blank


class CampaignForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"area": "govuk-input--width-10"}

    name = forms.CharField(
        label=_("Name of the campaign"),
        max_length=200,
        error_messages={"required": _("Enter the name of the campaign.")},
    )
    starts_on = GovukDateField(
        label=_("Start date"),
        help_text=_("For example 1 4 2024."),
        error_messages={"required": _("Enter the start date.")},
    )
    ends_on = GovukDateField(
        label=_("End date"),
        help_text=_("For example 31 10 2024."),
        error_messages={"required": _("Enter the end date.")},
    )
    area = UnitCodeField(
        label=_("Area: province or commune code"),
        help_text=_("The code of today's province or commune the campaign covers."),
        error_messages={"required": _("Enter the code of the province or the commune.")},
    )
    organiser = forms.ModelChoiceField(
        label=_("Organising agency (optional)"), queryset=agency_list(active_only=True), required=False
    )
    condition_groups = forms.MultipleChoiceField(
        label=_("Conditions covered"),
        choices=ConditionGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one group of conditions.")},
    )
    funding_sources = forms.MultipleChoiceField(
        label=_("Funding sources"),
        choices=FundingSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CampaignStatus.choices,
        widget=forms.RadioSelect,
        initial=CampaignStatus.OPEN,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def campaign_data(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            area=data["area"],
            organiser=data["organiser"],
            condition_groups=list(data["condition_groups"]),
            funding_sources=list(data["funding_sources"]),
            status=data["status"],
        )


class CampaignEditForm(CampaignForm):
    """Everything of a campaign but its area; the statuses offered are the current one and those it may
    move to (the service says when a move is refused)."""

    area = None  # type: ignore[assignment]

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        details = CampaignDetails.of(campaign)
        kwargs.setdefault("initial", {**details.__dict__, "organiser": campaign.organiser_id})
        super().__init__(*args, **kwargs)
        organiser: Any = self.fields["organiser"]
        # An organiser since made inactive stays selectable, or the form could not be saved unchanged.
        organiser.queryset = agency_list().filter(Q(is_active=True) | Q(pk=campaign.organiser_id))
        status: Any = self.fields["status"]
        allowed = STATUS_CHANGES[campaign.status] | {campaign.status}
        status.choices = [(code, label) for code, label in CampaignStatus.choices if code in allowed]

    def campaign_details(self) -> CampaignDetails:
        data = self.cleaned_data
        return CampaignDetails(
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            organiser=data["organiser"],
            condition_groups=list(data["condition_groups"]),
            funding_sources=list(data["funding_sources"]),
            status=data["status"],
        )


def suspected_group_field(campaign: Campaign) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Condition suspected"),
        choices=choices_with_blank(
            _("Choose a group"), [(code, ConditionGroup(code).label) for code in campaign.condition_groups]
        ),
        error_messages={"required": _("Choose the condition suspected.")},
    )


class ChildSearchForm(RegistryFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, year of birth or citizen ID"),
        required=False,
        max_length=100,
        help_text=_("Accents are optional: “nong van” finds “Nông Văn”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class RegisterExistingForm(RegistryFormMixin, forms.Form):
    """Choose one of the persons found, and the condition suspected."""

    person = forms.TypedChoiceField(
        label=_("Child"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the child to register.")},
    )
    suspected_group = forms.ChoiceField()

    def __init__(self, *args: Any, campaign: Campaign, found: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (
                person.pk,
                f"{person.full_name} ({person.birth_date or person.birth_year}), {person.village}".rstrip(
                    ", "
                ),
            )
            for person in found
        ]
        self.fields["suspected_group"] = suspected_group_field(campaign)
        self.apply_govuk()


class NewChildForm(RegistryFormMixin, forms.Form):
    """A child not yet in the registry: the few fields a screening list needs."""

    widths: ClassVar[dict[str, str]] = {"phone": "govuk-input--width-20"}

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter the child's full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_date = GovukDateField(
        label=_("Date of birth"),
        year_alone=True,
        error_messages={"required": _("Enter the date of birth, or at least the year.")},
        help_text=_("For example 27 3 2018. If only the year is known, enter the year alone."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the child's sex.")},
    )
    village = forms.CharField(label=_("Village"), required=False, max_length=100)
    carer_name = forms.CharField(label=_("Parent or carer"), required=False, max_length=150)
    carer_relation = forms.CharField(
        label=_("Relation to the child"),
        required=False,
        max_length=50,
        help_text=_("For example mother, grandfather."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    suspected_group = forms.ChoiceField()

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suspected_group"] = suspected_group_field(campaign)
        self.apply_govuk()

    def person_data(self, commune: AdminUnit) -> PersonData:
        data = self.cleaned_data
        birth: BirthDate = data["birth_date"]
        return PersonData(
            full_name=data["full_name"],
            sex=data["sex"],
            commune=commune,
            birth_date=birth.date,
            birth_year=birth.year,
            village=data["village"],
            phone=data["phone"],
            carer_name=data["carer_name"],
            carer_relation=data["carer_relation"],
        )
