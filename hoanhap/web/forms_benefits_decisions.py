"""Forms of the benefit-decision pages: recording a decision, and choosing the area and month of the
changes due.

The forms check the shape of the input; whether a decision may be taken (the person's severity, the
support in force, the decision number) is the service's to say, and its error lands on the field it names.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoanhap.benefits.models import BenefitKind, DecisionAction, StopReason
from hoanhap.core.exceptions import ApplicationError
from hoanhap.web.forms_benefits import AreaMonthForm, GovukMonthField, care_support_fields
from hoanhap.web.forms_registry import GovukDateField, RegistryFormMixin, show_service_error

# A link's month, as the changes-due page writes it: "2026-12".
LINK_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# The service's rules speak of the month of the rules in force; on this form it is the effective month.
DECISION_FIELD_ALIASES = {"month": "effective_from"}


def link_month(month: date) -> str:
    return f"{month:%Y-%m}"


def _month_from_link(text: str) -> date | None:
    match = LINK_MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return date(int(match[1]), int(match[2]), 1)


class DecisionForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "number": "govuk-input--width-20",
        "children_under_36_months": "govuk-input--width-2",
    }
    # A refusal that names no field (the person's severity does not qualify) links to the first radio.
    non_field_anchor = "id_kind_0"

    kind = forms.ChoiceField(
        label=pgettext_lazy("benefits", "Support"),
        choices=BenefitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of support.")},
    )
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose start, change or stop.")},
    )
    number = forms.CharField(
        label=_("Decision number"),
        max_length=50,
        help_text=_("As written on the signed decision, for example 12/QĐ-UBND."),
        error_messages={"required": _("Enter the decision number.")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    signed_on = GovukDateField(
        label=_("Signed on"),
        help_text=_("For example 5 7 2024."),
        error_messages={"required": _("Enter the date the decision was signed.")},
    )
    effective_from = GovukMonthField(
        label=_("Takes effect from"),
        help_text=_(
            "The first month the decision applies, for example 7 2024. A month that was already paid "
            "gives arrears or a recovery."
        ),
        error_messages={"required": _("Enter the month and the year.")},
    )
    reason = forms.ChoiceField(
        label=_("Why the support stops (for a stop only)"),
        choices=StopReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    pregnant, children_under_36_months = care_support_fields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def decision_values(self) -> dict[str, Any]:
        """The keyword arguments of ``benefit_decision_record`` besides the actor and the person."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "action": data["action"],
            "number": data["number"],
            "signed_on": data["signed_on"],
            "effective_from": data["effective_from"],
            "reason": data["reason"] or "",
            "pregnant": data["pregnant"],
            "children_under_36_months": data["children_under_36_months"] or 0,
        }

    def show_error(self, error: ApplicationError) -> None:
        if error.field in DECISION_FIELD_ALIASES:
            error.field = DECISION_FIELD_ALIASES[error.field]
        show_service_error(self, error)


def decision_prefill(query: QueryDict) -> dict[str, Any]:
    """The form's first values: signed today, and what a link from the changes due proposes (``kind``,
    ``action``, ``reason``, ``effective_from`` as "2026-12"); anything unknown in the link is ignored."""
    initial: dict[str, Any] = {"signed_on": timezone.localdate(), "children_under_36_months": 0}
    for name, choices in (
        ("kind", BenefitKind.values),
        ("action", DecisionAction.values),
        ("reason", StopReason.values),
    ):
        if query.get(name) in choices:
            initial[name] = query[name]
    month = _month_from_link(query.get("effective_from", ""))
    if month is not None:
        initial["effective_from"] = month
    return initial


class ChangesDueForm(AreaMonthForm):
    month_help = _("The month the decisions would take effect, for example 12 2026. Empty: next month.")
