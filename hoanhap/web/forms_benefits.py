"""The public allowance calculator's form (a few answers that name nobody), and what the benefit pages'
forms share: the month field and the form choosing an area and a month."""

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import Severity
from hoanhap.benefits.quote import MOST_CHILDREN, QuoteRequest, quote_problems
from hoanhap.core.scope import Viewer
from hoanhap.geo.models import AdminUnit
from hoanhap.web.forms_admin import UnitCodeField
from hoanhap.web.forms_registry import BirthDate, GovukDateField, GovukDateWidget, RegistryFormMixin


def care_support_fields() -> tuple[forms.BooleanField, forms.IntegerField]:
    """The two answers care support depends on (a pregnancy, young children), as the calculator and the
    decision form ask them."""
    return (
        forms.BooleanField(label=_("The person is pregnant"), required=False),
        forms.IntegerField(
            label=_("Number of the person's own children under 36 months"),
            required=False,
            min_value=0,
            max_value=MOST_CHILDREN,
            help_text=_("Enter 0 if none."),
            error_messages={"invalid": _("Enter a whole number.")},
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
            ),
        ),
    )


class GovukMonthWidget(GovukDateWidget):
    """Two text inputs, month and year, in the GOV.UK date-input pattern; ids ``id_<name>_0..1``."""

    # Two parts where the date input has three (the parent's annotation fixes its length at three).
    part_labels = (_("Month"), _("Year"))  # type: ignore[assignment]
    part_widths = ("govuk-input--width-2", "govuk-input--width-4")  # type: ignore[assignment]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        inputs = [
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})
            for _part in range(2)
        ]
        # Skip the date input's own __init__, which makes three inputs; the rendering is shared.
        forms.MultiWidget.__init__(self, inputs, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.month, value.year]
        return [None, None]


class GovukMonthField(forms.MultiValueField):
    """A month typed as month and year; cleans to the first day of the month."""

    widget = GovukMonthWidget

    def __init__(self, **kwargs: Any) -> None:
        parts = [forms.CharField(required=False) for _part in range(2)]
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> date | None:
        month, year = ([str(part or "").strip() for part in data_list] + ["", ""])[:2]
        if not (month or year):
            return None
        if not month or not year:
            raise forms.ValidationError(_("Enter the month and the year."), code="incomplete")
        if not year.isdigit() or len(year) != 4:
            raise forms.ValidationError(_("Enter the year as 4 digits."), code="year_digits")
        if not month.isdigit() or not 1 <= int(month) <= 12:
            raise forms.ValidationError(_("Enter the month as a number from 1 to 12."), code="month")
        return date(int(year), int(month), 1)


class CalculatorForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"children_under_36_months": "govuk-input--width-2"}

    birth_date = GovukDateField(
        label=_("Date of birth"),
        year_alone=True,
        error_messages={"required": _("Enter the date of birth, or at least the year.")},
        help_text=_("For example 27 3 1980. If only the year is known, enter the year alone."),
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        widget=forms.RadioSelect,
        help_text=_("As written on the disability certificate."),
        error_messages={"required": _("Choose the severity.")},
    )
    month = GovukMonthField(
        label=_("Month"),
        help_text=_("The month to calculate, for example 7 2024."),
        error_messages={"required": _("Enter the month and the year.")},
    )
    pregnant, children_under_36_months = care_support_fields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def quote_request(self) -> QuoteRequest:
        data = self.cleaned_data
        birth: BirthDate = data["birth_date"]
        return QuoteRequest(
            month=data["month"],
            severity=data["severity"],
            birth_date=birth.date,
            birth_year=None if birth.date else birth.year,
            pregnant=data["pregnant"],
            children_under_36_months=data["children_under_36_months"] or 0,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for problem in quote_problems(self.quote_request()):
                # The form's own date input holds the year too.
                field = "birth_date" if problem.field == "birth_year" else problem.field
                self.add_error(field, str(problem.message))
        return data


class AreaMonthForm(RegistryFormMixin, forms.Form):
    """A month and, optionally, a commune or province of the viewer's area: what the lists of an area ask.
    Subclasses say what the month means in ``month_help``."""

    widths: ClassVar[dict[str, str]] = {"area": "govuk-input--width-10"}
    month_help: ClassVar[Any] = ""

    month = GovukMonthField(label=_("Month"), required=False)
    area = UnitCodeField(
        label=_("Commune or province code (optional)"),
        required=False,
        help_text=_("Empty: your whole area."),
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["month"].help_text = self.month_help
        self.apply_govuk()

    def clean_area(self) -> AdminUnit | None:
        area: AdminUnit | None = self.cleaned_data.get("area")
        if area is not None and not self.viewer.scope.covers(area.path):
            raise forms.ValidationError(_("This unit is outside your area."), code="out_of_scope")
        return area
