"""Forms of the service pages: a type of the catalogue, and a service recorded for a person.

The forms check the shape of the input; which details a service needs is its type's to say, and the
service's error lands on the field it names.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoanhap.agencies.models import Agency
from hoanhap.provision.catalogue import ServiceTypeData
from hoanhap.provision.models import Domain, FundingSource, ServiceType
from hoanhap.provision.services import ServiceData
from hoanhap.web.forms_registry import GovukDateField, RegistryFormMixin, choices_with_blank

MOST_DONG = 10_000_000_000


class ServiceTypeForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"code": "govuk-input--width-20"}

    domain = forms.ChoiceField(
        label=_("Domain"),
        choices=choices_with_blank(_("Choose a domain"), Domain.choices),
        error_messages={"required": _("Choose the domain of the service.")},
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the name of the service.")}
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Lower-case letters, digits and hyphens, for example assistive-device. Used in the API."),
        error_messages={"required": _("Enter a code.")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    is_active = forms.BooleanField(label=_("In use: services of this type can be recorded"), required=False)
    needs_provider = forms.BooleanField(label=_("The provider agency"), required=False)
    needs_cost = forms.BooleanField(label=_("The cost"), required=False)
    needs_funding = forms.BooleanField(label=_("The funding source"), required=False)
    needs_outcome = forms.BooleanField(label=_("The outcome"), required=False)
    needs_follow_up = forms.BooleanField(label=_("A follow-up date"), required=False)

    REQUIREMENTS = ("needs_provider", "needs_cost", "needs_funding", "needs_outcome", "needs_follow_up")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def requirement_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.REQUIREMENTS]

    def type_data(self) -> ServiceTypeData:
        return ServiceTypeData(**self.cleaned_data)


def service_type_initial(service_type: ServiceType) -> dict[str, Any]:
    names = ("domain", "name", "code", "is_active", *ServiceTypeForm.REQUIREMENTS)
    return {name: getattr(service_type, name) for name in names}


def grouped_type_choices(types: list[ServiceType]) -> list[tuple[Any, Any]]:
    """The types as option groups, one per domain, in the domains' order."""
    by_domain: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for service_type in types:
        by_domain[service_type.domain].append((str(service_type.pk), service_type.name))
    groups: list[tuple[Any, Any]] = [("", _("Choose a service"))]
    for domain, label in Domain.choices:
        if by_domain.get(domain):
            groups.append((label, by_domain[domain]))
    return groups


class ServiceRecordForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"cost": "govuk-input--width-10"}

    service_type = forms.ChoiceField(
        label=_("Service"),
        error_messages={"required": _("Choose the service."), "invalid_choice": _("Choose the service.")},
    )
    delivered_on = GovukDateField(
        label=_("Date of the service"),
        help_text=_("For example 5 7 2025."),
        error_messages={"required": _("Enter the date of the service.")},
    )
    provider = forms.ModelChoiceField(
        label=_("Provider agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )
    cost = forms.IntegerField(
        label=_("Cost (đồng)"),
        required=False,
        min_value=0,
        max_value=MOST_DONG,
        help_text=_("In đồng, without separators; 0 if free."),
        error_messages={"invalid": _("Enter the cost as a whole number of đồng.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"),
        choices=choices_with_blank(_("Not given"), FundingSource.choices),
        required=False,
    )
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)
    follow_up_on = GovukDateField(
        label=_("Follow-up date"), required=False, help_text=_("For example 5 10 2025.")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, types: list[ServiceType], providers: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.types = {str(service_type.pk): service_type for service_type in types}
        service_type_field: Any = self.fields["service_type"]
        service_type_field.choices = grouped_type_choices(types)
        provider_field: Any = self.fields["provider"]
        provider_field.queryset = providers
        self.apply_govuk()

    def clean_service_type(self) -> ServiceType:
        chosen = self.types.get(self.cleaned_data["service_type"])
        if chosen is None:
            raise forms.ValidationError(_("Choose the service."), code="invalid_choice")
        return chosen

    def service_data(self) -> ServiceData:
        data = self.cleaned_data
        return ServiceData(
            service_type=data["service_type"],
            delivered_on=data["delivered_on"],
            provider=data["provider"],
            cost=data["cost"],
            funding_source=data["funding_source"] or "",
            outcome=data["outcome"] or "",
            follow_up_on=data["follow_up_on"],
            notes=data["notes"] or "",
        )
