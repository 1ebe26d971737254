"""Forms of the uploads of service lists and attendance lists: the file, and what the whole list shares
(the service, its date, provider, funding and cost; who an attendance list names).

What a list may be is decided by the import services (``service_list_upload``,
``attendance_list_upload``), whose ``ApplicationError`` lands on the field it names.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoanhap.agencies.models import Agency
from hoanhap.core.scope import Scope
from hoanhap.exchange.import_services import ANY_KIND, ServiceListDefaults
from hoanhap.geo.models import AdminUnit
from hoanhap.provision.models import FundingSource, ParticipantKind, ServiceType
from hoanhap.web.forms_imports import ACCEPTED_FILES, CommuneSelect, communes_in_scope
from hoanhap.web.forms_provision import MOST_DONG, grouped_type_choices
from hoanhap.web.forms_registry import GovukDateField, RegistryFormMixin, choices_with_blank


def _file_field() -> forms.FileField:
    return forms.FileField(
        label=_("The list file"),
        help_text=_(
            "An Excel (XLSX or XLS), LibreOffice (ODS) or CSV file, with one row per person under a row of "
            "column headings."
        ),
        error_messages={"required": _("Choose the file of the list."), "empty": _("The file is empty.")},
        widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}),
    )


class ServiceListUploadForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"cost": "govuk-input--width-10"}

    file = _file_field()
    commune = CommuneSelect(
        label=_("Commune of the list"),
        queryset=AdminUnit.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a commune"),
        error_messages={
            "required": _("Choose the commune whose list this is."),
            "invalid_choice": _("Choose a commune of your area."),
        },
    )
    service_type = forms.ChoiceField(
        label=_("Service the persons of the list received"),
        error_messages={"required": _("Choose the service."), "invalid_choice": _("Choose the service.")},
    )
    delivered_on = GovukDateField(
        label=_("Date of the service"),
        required=False,
        help_text=_(
            "For every row whose date column is empty, or when the list has none. For example 5 7 2025."
        ),
    )
    provider = forms.ModelChoiceField(
        label=_("Provider agency"), queryset=Agency.objects.none(), required=False, empty_label=_("Not given")
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"),
        choices=choices_with_blank(_("Not given"), FundingSource.choices),
        required=False,
        help_text=_("For every row whose funding column is empty."),
    )
    cost = forms.IntegerField(
        label=_("Cost per person (đồng)"),
        required=False,
        min_value=0,
        max_value=MOST_DONG,
        help_text=_("For every row whose cost column is empty; in đồng, without separators."),
        error_messages={"invalid": _("Enter the cost as a whole number of đồng.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        types: list[ServiceType],
        providers: QuerySet[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        commune_field: Any = self.fields["commune"]
        commune_field.queryset = communes_in_scope(scope)
        only = list(commune_field.queryset[:2])
        if len(only) == 1 and not self.initial.get("commune"):
            self.initial["commune"] = only[0].code  # an officer of one commune is not asked to choose it
        self.types = {str(service_type.pk): service_type for service_type in types}
        type_field: Any = self.fields["service_type"]
        type_field.choices = grouped_type_choices(types)
        provider_field: Any = self.fields["provider"]
        provider_field.queryset = providers
        self.apply_govuk()

    def clean_service_type(self) -> ServiceType:
        chosen = self.types.get(self.cleaned_data["service_type"])
        if chosen is None:
            raise forms.ValidationError(_("Choose the service."), code="invalid_choice")
        return chosen

    def defaults(self) -> ServiceListDefaults:
        data = self.cleaned_data
        return ServiceListDefaults(
            delivered_on=data["delivered_on"],
            provider=data["provider"],
            funding_source=data["funding_source"] or "",
            cost=data["cost"],
        )


class AttendanceListUploadForm(RegistryFormMixin, forms.Form):
    file = _file_field()
    participant_kind = forms.ChoiceField(
        label=_("Who does the list name?"),
        choices=[
            (ANY_KIND, _("Several kinds: a column says for each row (NKT, Người nhà, Cán bộ)")),
            *ParticipantKind.choices,
        ],
        initial=ANY_KIND,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()
