"""Forms of the payment pages: preparing a run, filtering the runs, and the health-insurance list's area and
month.

The forms check the shape of the input and that a unit is in the viewer's area; whether a run may be
prepared (an approved month, a month too far ahead) is the service's to say, and its error lands on the
field that holds the value (``PREPARE_FIELD_ALIASES``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoanhap.benefits.models import PAID_MONTHLY, PaymentRunStatus
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit, Tier
from hoanhap.web.forms_admin import UnitCodeField
from hoanhap.web.forms_benefits import AreaMonthForm, GovukMonthField
from hoanhap.web.forms_registry import RegistryFormMixin, choices_with_blank, show_service_error

# The service names the unit by its tier and the month as ``month``; on this form both have other names
# (the list's filter already holds a ``month``).
PREPARE_FIELD_ALIASES = {"commune": "area", "province": "area", "month": "run_month"}


def _in_area(viewer: Viewer, unit: AdminUnit | None) -> AdminUnit | None:
    if unit is not None and not viewer.scope.covers(unit.path):
        raise forms.ValidationError(_("This unit is outside your area."), code="out_of_scope")
    return unit


class PrepareRunForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"area": "govuk-input--width-10"}

    area = UnitCodeField(
        label=_("Commune code"),
        error_messages={"required": _("Enter the code of the commune.")},
    )
    run_month = GovukMonthField(
        label=_("Month paid"),
        help_text=_("For example 10 2024. Next month at the latest."),
        error_messages={"required": _("Enter the month and the year.")},
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("benefits", "Support"),
        choices=[(kind.value, kind.label) for kind in PAID_MONTHLY],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of support.")},
    )

    def __init__(self, *args: Any, viewer: Viewer, province_officer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        if province_officer:
            self.fields["area"].label = _("Commune or province code")
            self.fields["area"].help_text = _(
                "A commune's code prepares its run; your province's code prepares the run of every "
                "commune of the province at once."
            )
        self.apply_govuk()

    def clean_area(self) -> AdminUnit | None:
        unit = _in_area(self.viewer, self.cleaned_data.get("area"))
        if unit is not None and unit.tier not in (Tier.COMMUNE, Tier.PROVINCE):
            raise forms.ValidationError(_("Enter the code of a commune or a province."), code="tier")
        return unit

    def show_error(self, error: ApplicationError) -> None:
        if error.field in PREPARE_FIELD_ALIASES:
            error.field = PREPARE_FIELD_ALIASES[error.field]
        show_service_error(self, error)


class RunFilterForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"status": "govuk-!-width-one-third"}

    month = GovukMonthField(label=_("Month"), required=False, help_text=_("For example 10 2024."))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=choices_with_blank(_("Any status"), list(PaymentRunStatus.choices)),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class InsuranceListForm(AreaMonthForm):
    month_help = _("The month the cards cover, for example 10 2024. Empty: this month.")
