"""Forms of disability determinations and certificates."""

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import (
    AssessingBody,
    CertificateReason,
    DisabilityDetermination,
    DisabilityType,
    Severity,
)
from hoanhap.assessments.services import DeterminationData
from hoanhap.web.forms_registry import GovukDateField, RegistryFormMixin


class DeterminationForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"minutes_number": "govuk-input--width-20"}

    decided_on = GovukDateField(
        label=_("Date of determination"),
        error_messages={"required": _("Enter the date of determination.")},
        help_text=_("For example 27 3 2025."),
    )
    body = forms.ChoiceField(
        label=_("Decided by"),
        choices=AssessingBody.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who decided.")},
    )
    minutes_number = forms.CharField(
        label=_("Minutes number (optional)"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    types = forms.MultipleChoiceField(
        label=_("Type of disability"),
        choices=DisabilityType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every type that applies."),
        error_messages={"required": _("Choose at least one type of disability.")},
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the severity.")},
    )
    basis = forms.CharField(
        label=_("Basis (optional)"),
        required=False,
        help_text=_("What the decision rests on: observation, medical records, the council's minutes."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def determination_data(self) -> DeterminationData:
        data = self.cleaned_data
        return DeterminationData(
            decided_on=data["decided_on"],
            body=data["body"],
            severity=data["severity"],
            types=list(data["types"]),
            minutes_number=data["minutes_number"],
            basis=data["basis"],
        )


def determination_label(determination: DisabilityDetermination) -> str:
    types = ", ".join(determination.get_types_display())
    return f"{determination.decided_on:%d/%m/%Y} – {determination.get_severity_display()} ({types})"


class CertificateForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"number": "govuk-input--width-20"}

    determination = forms.ChoiceField(
        label=_("Determination"),
        help_text=_("The determination the certificate states."),
        error_messages={"required": _("Choose one of this person's determinations.")},
    )
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=50,
        error_messages={"required": _("Enter the certificate number.")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    issued_on = GovukDateField(
        label=_("Date of issue"),
        error_messages={"required": _("Enter the date of issue.")},
        help_text=_("For example 27 3 2025."),
    )
    reason = forms.ChoiceField(
        label=_("Reason for issue"),
        choices=CertificateReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for issue.")},
    )

    def __init__(self, *args: Any, determinations: list[DisabilityDetermination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.determinations = {str(d.pk): d for d in determinations}
        self.fields["determination"].choices = [  # type: ignore[attr-defined]
            (key, determination_label(d)) for key, d in self.determinations.items()
        ]
        self.apply_govuk()

    def clean_determination(self) -> DisabilityDetermination:
        return self.determinations[self.cleaned_data["determination"]]
