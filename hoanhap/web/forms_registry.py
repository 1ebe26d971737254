"""Building blocks of the registry forms: GOV.UK date inputs, error placement, commune codes.

Forms check the shape of the input (required fields, real dates, known codes); the rules of the registry
stay in the services, whose ``ApplicationError`` ``show_service_error`` puts on the field it names.
Radios, checkbox lists and dates are rendered as GOV.UK fieldsets by the templates in ``web/persons``.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.geo.selectors import unit_by_code, unit_get
from hoanhap.people.services import StaleVersion
from hoanhap.people.validation import OLDEST_BIRTH_YEAR
from hoanhap.web.forms import GovukFormMixin
from hoanhap.web.forms_admin import add_application_error

# Service fields that have no input of the same name: the error goes on the input that holds the value.
FIELD_ALIASES = {"birth_year": "birth_date", "carer_id": "carer_name"}
NEWEST_YEAR = 2100


def show_service_error(form: forms.Form, error: ApplicationError) -> None:
    """``add_application_error``, with the service's field names mapped onto this form's inputs.

    After an edit conflict (``StaleVersion``) the form moves to the stored version, so the next submit,
    made knowing what is stored now, may save.
    """
    if isinstance(error, StaleVersion) and isinstance(form, RegistryFormMixin):
        form.set_version(error.current.version)
    if error.field in FIELD_ALIASES:
        error.field = FIELD_ALIASES[error.field]
    add_application_error(form, error)


# GOV.UK date input ------------------------------------------------------------------------------------


class GovukDateWidget(forms.MultiWidget):
    """Three text inputs (day, month, year) in the GOV.UK date-input pattern; ids ``id_<name>_0..2``."""

    template_name = "web/persons/widgets/date_input.html"
    part_labels = (_("Day"), _("Month"), _("Year"))
    part_widths = ("govuk-input--width-2", "govuk-input--width-2", "govuk-input--width-4")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        inputs = [
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})
            for _part in range(3)
        ]
        super().__init__(inputs, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, int):  # a year alone
            return [None, None, value]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        error = "govuk-input--error" in str(context["widget"]["attrs"].get("class", ""))
        for sub, label, width in zip(
            context["widget"]["subwidgets"], self.part_labels, self.part_widths, strict=True
        ):
            classes = ["govuk-input", "govuk-date-input__input", width]
            if error:
                classes.append("govuk-input--error")
            sub["attrs"]["class"] = " ".join(classes)
            sub["label"] = label
        return context


@dataclass(frozen=True)
class BirthDate:
    """A date of birth, or only its year."""

    date: date | None
    year: int


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year. With ``year_alone`` a year without day and month is accepted
    and the field cleans to a ``BirthDate``; otherwise it cleans to a ``date`` (or None when empty)."""

    widget = GovukDateWidget

    def __init__(self, *, year_alone: bool = False, **kwargs: Any) -> None:
        self.year_alone = year_alone
        parts = [forms.CharField(required=False) for _part in range(3)]
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> date | BirthDate | None:
        day, month, year = ([str(part or "").strip() for part in data_list] + ["", "", ""])[:3]
        if not (day or month or year):
            return None
        if not year:
            raise forms.ValidationError(_("Enter the year."), code="year_missing")
        if not year.isdigit() or len(year) != 4:
            raise forms.ValidationError(_("Enter the year as 4 digits."), code="year_digits")
        if self.year_alone and not day and not month:
            number = int(year)
            if not OLDEST_BIRTH_YEAR <= number <= NEWEST_YEAR:
                raise forms.ValidationError(_("Enter a real year."), code="year_real")
            return BirthDate(date=None, year=number)
        if not day or not month:
            if self.year_alone:
                raise forms.ValidationError(
                    _("Enter the day and the month, or only the year."), code="incomplete"
                )
            raise forms.ValidationError(_("Enter a complete date: day, month and year."), code="incomplete")
        if not (day.isdigit() and month.isdigit()):
            raise forms.ValidationError(_("Enter a real date."), code="invalid")
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(_("Enter a real date."), code="invalid") from None
        return BirthDate(date=value, year=value.year) if self.year_alone else value


# Shared rendering -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorLink:
    anchor: str
    message: str


class RegistryFormMixin(GovukFormMixin):
    """GOV.UK classes for radios, checkbox lists and date inputs too, and the error summary's links
    (a fieldset's link goes to its first input, ``id_<name>_0``)."""

    non_field_anchor = ""

    def apply_govuk(self) -> None:
        super().apply_govuk()
        for field in self.fields.values():
            widget = field.widget
            # CheckboxSelectMultiple is a RadioSelect in Django: test it first.
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "govuk-checkboxes__input"
            elif isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = "govuk-radios__input"

    def set_version(self, version: int) -> None:
        """After a conflict: the next submit, made knowing what is stored now, may save."""
        form: Any = self
        data = form.data.copy()
        data["version"] = str(version)
        form.data = data

    @property
    def error_links(self) -> list[ErrorLink]:
        form: Any = self
        links = []
        first = next(iter(form.fields), "")
        anchor = self.non_field_anchor or f"id_{first}"
        for message in form.non_field_errors():
            links.append(ErrorLink(anchor, message))
        for name, field in form.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            grouped = isinstance(
                field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple | GovukDateWidget
            )
            for message in form.errors.get(name, []):
                links.append(ErrorLink(f"id_{name}_0" if grouped else f"id_{name}", message))
        return links


def choices_with_blank(blank: str | Promise, choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


def resolve_commune_code(code: str) -> AdminUnit:
    """The unit with this code: a current one, else one from before 1 July 2025 (the services then follow
    the succession to today's commune)."""
    try:
        return unit_by_code(code=code)
    except AdminUnit.DoesNotExist:
        raise forms.ValidationError(
            _("No commune has the code %(code)s."), code="unknown_commune", params={"code": code.strip()}
        ) from None


class CommuneChoiceMixin(forms.Form):
    """A commune code, current or legacy; for a legacy commune that was split, the successor chosen among
    the options the service offered (``successor_options``, shown as radios)."""

    commune = forms.CharField(
        label=_("Commune code"),
        max_length=10,
        error_messages={"required": _("Enter the code of the person's commune.")},
        help_text=_(
            "The code of today's commune, ward or special zone; the code of a commune from before "
            "1 July 2025 is accepted too."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
    )
    successor = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)

    successor_options: list[tuple[str, str]]

    def clean_commune(self) -> AdminUnit:
        return resolve_commune_code(self.cleaned_data["commune"])

    def clean_successor(self) -> AdminUnit | None:
        code = (self.cleaned_data.get("successor") or "").strip()
        if not code:
            return None
        try:
            return unit_get(edition=Edition.CURRENT, code=code)
        except AdminUnit.DoesNotExist:
            return None  # the service then offers the choices again

    def offer_successors(self, options: list[tuple[str, str]]) -> None:
        self.successor_options = options

    @property
    def chosen_successor(self) -> str:
        return str(self.data.get("successor", "")) if self.is_bound else ""


# The person record ------------------------------------------------------------------------------------
