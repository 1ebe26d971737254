"""Forms of the registry pages: the person record, its status and commune, determinations, certificates.

Forms check the shape of the input (required fields, real dates, known codes); the rules of the registry
stay in the services, whose ``ApplicationError`` ``show_service_error`` puts on the field it names.
Radios, checkbox lists and dates are rendered as GOV.UK fieldsets by the templates in ``web/persons``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hoanhap.assessments.models import (
    AssessingBody,
    CertificateReason,
    DisabilityDetermination,
    DisabilityType,
    Severity,
)
from hoanhap.assessments.selectors import NOT_DETERMINED
from hoanhap.assessments.services import DeterminationData
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.geo.selectors import unit_get
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Ethnicity, Household, PersonStatus, Sex, SpecialGroup
from hoanhap.people.selectors import PersonFilters
from hoanhap.people.validation import OLDEST_BIRTH_YEAR
from hoanhap.web.forms import GovukFormMixin
from hoanhap.web.forms_admin import add_application_error

# Service fields that have no input of the same name: the error goes on the input that holds the value.
FIELD_ALIASES = {"birth_year": "birth_date", "carer_id": "carer_name"}
NEWEST_YEAR = 2100


def show_service_error(form: forms.Form, error: ApplicationError) -> None:
    """``add_application_error``, with the service's field names mapped onto this form's inputs."""
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


def _choices(blank: str | Promise, choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


def resolve_commune_code(code: str) -> AdminUnit:
    """The unit with this code: a current one, else one from before 1 July 2025 (the services then follow
    the succession to today's commune)."""
    code = code.strip()
    for edition in (Edition.CURRENT, Edition.LEGACY):
        try:
            return unit_get(edition=edition, code=code)
        except AdminUnit.DoesNotExist:
            continue
    raise forms.ValidationError(
        _("No commune has the code %(code)s."), code="unknown_commune", params={"code": code}
    )


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
        label=_("Status"), required=False, choices=_choices(_("All statuses"), PersonStatus.choices)
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_choices(_("Both"), Sex.choices))
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
