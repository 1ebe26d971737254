"""Forms of a campaign's screening day, surgery and follow-up.

The results form has one group of inputs per child on the commune's list; each input is named after the
registration (``outcome_<id>``…), so an error lands next to the child it concerns.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hoanhap.campaigns.models import (
    ConditionGroup,
    FollowUpStatus,
    FundingSource,
    Registration,
    SurgeryOutcome,
)
from hoanhap.campaigns.services_care import ResultData
from hoanhap.core.exceptions import ApplicationError
from hoanhap.web.forms_registry import (
    GovukDateField,
    RegistryFormMixin,
    choices_with_blank,
    show_service_error,
)


class SessionForm(RegistryFormMixin, forms.Form):
    held_on = GovukDateField(
        label=_("Date of the screening"),
        help_text=_("For example 12 5 2024."),
        error_messages={"required": _("Enter the date of the screening.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        error_messages={"required": _("Enter the place of the screening.")},
        help_text=_("For example the commune health station."),
    )
    team = forms.CharField(
        label=_("Team or hospital"),
        max_length=200,
        error_messages={"required": _("Enter the team or the hospital that screens.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


NOT_SEEN, NO_CONDITION, CONFIRMED = "not_seen", "no_condition", "confirmed"
OUTCOMES = [
    (NOT_SEEN, _("Not seen at this session")),
    (NO_CONDITION, _("No condition found")),
    (CONFIRMED, _("Condition confirmed")),
]


class ResultsForm(RegistryFormMixin, forms.Form):
    """One outcome, condition group, indication and referral per child."""

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            name = registration.person.full_name
            result = getattr(registration, "result", None)
            key = registration.pk
            self.fields[f"outcome_{key}"] = forms.ChoiceField(
                label=_("Screening of %(name)s") % {"name": name},
                choices=OUTCOMES,
                widget=forms.RadioSelect,
                initial=(CONFIRMED if result.condition_confirmed else NO_CONDITION) if result else NOT_SEEN,
            )
            self.fields[f"group_{key}"] = forms.ChoiceField(
                label=_("Condition found"),
                required=False,
                choices=choices_with_blank(_("Not applicable"), ConditionGroup.choices),
                initial=result.confirmed_group if result else "",
            )
            self.fields[f"indicated_{key}"] = forms.BooleanField(
                label=_("Surgery indicated"),
                required=False,
                initial=result.surgery_indicated if result else False,
            )
            self.fields[f"referral_{key}"] = forms.CharField(
                label=_("Referral"),
                required=False,
                max_length=300,
                initial=result.referral if result else "",
            )
        self.apply_govuk()

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "registration": registration,
                "outcome": self[f"outcome_{registration.pk}"],
                "group": self[f"group_{registration.pk}"],
                "indicated": self[f"indicated_{registration.pk}"],
                "referral": self[f"referral_{registration.pk}"],
            }
            for registration in self.registrations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for registration in self.registrations:
            key = registration.pk
            if data.get(f"outcome_{key}") == CONFIRMED and not data.get(f"group_{key}"):
                self.add_error(
                    f"group_{key}",
                    _("%(name)s: choose the group of the condition found.")
                    % {"name": registration.person.full_name},
                )
        return data

    def results(self) -> list[ResultData]:
        data = self.cleaned_data
        results = []
        for registration in self.registrations:
            key = registration.pk
            outcome = data[f"outcome_{key}"]
            if outcome == NOT_SEEN:
                continue
            confirmed = outcome == CONFIRMED
            results.append(
                ResultData(
                    registration_id=key,
                    condition_confirmed=confirmed,
                    confirmed_group=data[f"group_{key}"] if confirmed else "",
                    surgery_indicated=bool(data[f"indicated_{key}"]),
                    referral=data[f"referral_{key}"],
                )
            )
        return results

    def show_error(self, error: ApplicationError) -> None:
        """A service's error about one child goes on that child's input."""
        registration = error.extra.get("registration")
        field = {"confirmed_group": "group", "surgery_indicated": "indicated"}.get(error.field or "")
        if registration is not None and field is not None:
            error.field = f"{field}_{registration}"
        show_service_error(self, error)


class SurgeryForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"cost": "govuk-input--width-10"}

    hospital = forms.CharField(
        label=_("Hospital"), max_length=200, error_messages={"required": _("Enter the hospital.")}
    )
    operated_on = GovukDateField(
        label=_("Date of surgery"),
        help_text=_("For example 20 6 2024."),
        error_messages={"required": _("Enter the date of the surgery.")},
    )
    cost = forms.IntegerField(
        label=_("Cost in đồng (optional)"),
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter the cost as a whole number of đồng.")},
    )
    paid_by = forms.ChoiceField(
        label=_("Paid by"),
        choices=FundingSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who paid.")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=SurgeryOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome.")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class FollowUpForm(RegistryFormMixin, forms.Form):
    followed_on = GovukDateField(
        label=_("Date"),
        help_text=_("For example 3 7 2024."),
        error_messages={"required": _("Enter the date of the follow-up.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=FollowUpStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the status.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()
