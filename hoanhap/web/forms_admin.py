"""Forms of the administration pages: agencies, users, the audit trail and the user's own account.

Forms check the shape of the input and resolve codes and numbers to rows; the rules (scope, tiers, unique
names, password strength) stay in the services, whose ``ApplicationError`` ``add_application_error`` puts
on the field it names.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from hoanhap.accounts.roles import Role
from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.agencies.selectors import agency_list
from hoanhap.audit.actions import registered_actions
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.geo.selectors import unit_get
from hoanhap.web.forms import GovukFormMixin

MAX_UNIT_CODES = 100
CODE_SEPARATORS = re.compile(r"[\s,;]+")


def add_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's error on the field it names, or above the form when it names none of ours."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
    if isinstance(form, GovukFormMixin):
        form.apply_govuk()


def _current_unit(code: str) -> AdminUnit:
    try:
        return unit_get(edition=Edition.CURRENT, code=code.strip())
    except AdminUnit.DoesNotExist:
        raise forms.ValidationError(
            _("No current administrative unit has the code %(code)s."),
            code="unknown_unit",
            params={"code": code.strip()},
        ) from None


class UnitCodeField(forms.CharField):
    """The code of one current administrative unit, cleaned to the unit."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> AdminUnit | None:
        code = super().clean(value)
        return _current_unit(code) if code else None


class UnitCodesField(forms.CharField):
    """Codes of current units separated by commas, spaces or new lines, cleaned to the units."""

    widget = forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"})

    def clean(self, value: Any) -> list[AdminUnit]:
        text = super().clean(value) or ""
        codes = list(dict.fromkeys(code for code in CODE_SEPARATORS.split(text) if code))
        if len(codes) > MAX_UNIT_CODES:
            raise forms.ValidationError(
                _("Enter at most %(limit)s unit codes."), code="too_many", params={"limit": MAX_UNIT_CODES}
            )
        units, unknown = [], []
        for code in codes:
            try:
                units.append(unit_get(edition=Edition.CURRENT, code=code))
            except AdminUnit.DoesNotExist:
                unknown.append(code)
        if unknown:
            raise forms.ValidationError(
                _("No current administrative unit has these codes: %(codes)s."),
                code="unknown_units",
                params={"codes": ", ".join(unknown)},
            )
        return units


# Agencies ---------------------------------------------------------------------------------------------


class AgencySearchForm(GovukFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"unit": "govuk-input--width-10"}

    q = forms.CharField(label=_("Name"), required=False, max_length=100, help_text=_("Accents are optional."))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *AgencyKind.choices], required=False
    )
    unit = UnitCodeField(
        label=_("Unit code"), required=False, help_text=_("Agencies in this unit and the units below it.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class AgencyForm(GovukFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"unit": "govuk-input--width-10"}

    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the agency's name.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose a kind")), *AgencyKind.choices],
        error_messages={"required": _("Choose the kind of agency.")},
    )
    unit = UnitCodeField(
        label=_("Administrative unit code"),
        error_messages={"required": _("Enter the code of the agency's unit.")},
        help_text=_(
            "The code of the current province or commune the agency belongs to, "
            "as shown in the list of administrative units."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class AgencyEditForm(AgencyForm):
    is_active = forms.BooleanField(label=_("The agency is active"), required=False)


# Users ------------------------------------------------------------------------------------------------


class UserSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label=_("User name or name"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class UserAssignmentForm(GovukFormMixin, forms.Form):
    """Who the user is and what they may reach: the fields that creating and changing share."""

    widths: ClassVar[dict[str, str]] = {"agency": "govuk-input--width-5"}

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *Role.choices],
        error_messages={"required": _("Choose a role.")},
    )
    units = UnitCodesField(
        label=_("Administrative unit codes"),
        required=False,
        help_text=_(
            "Codes of current units, separated by commas, spaces or new lines: province codes for "
            "province officers, commune codes for commune officers. Administrators need none."
        ),
    )
    agency = forms.IntegerField(
        label=_("Agency number (optional)"),
        required=False,
        min_value=1,
        help_text=_("The agency number shown in the agency list. Required for agency reporters."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, current_agency: Agency | None = None, **kwargs: Any) -> None:
        self.current_agency = current_agency
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def clean_agency(self) -> Agency | None:
        number = self.cleaned_data.get("agency")
        if number is None:
            return None
        agency = agency_list().filter(pk=number).first()
        if agency is None:
            raise forms.ValidationError(
                _("No agency has the number %(number)s."), code="unknown_agency", params={"number": number}
            )
        if not agency.is_active and agency != self.current_agency:
            raise forms.ValidationError(
                _("%(agency)s is no longer active."), code="inactive_agency", params={"agency": agency.name}
            )
        return agency


class PasswordFieldsMixin(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Password again"),
        strip=False,
        error_messages={"required": _("Enter the password again.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("The two passwords are not the same."))
        return cleaned


class UserCreateForm(UserAssignmentForm, PasswordFieldsMixin):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        error_messages={"required": _("Enter a user name.")},
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = [
        "username",
        "full_name",
        "email",
        "role",
        "units",
        "agency",
        "password",
        "password_confirm",
    ]


class UserEditForm(UserAssignmentForm):
    is_active = forms.BooleanField(label=_("The account is active"), required=False)


class UserPasswordForm(GovukFormMixin, PasswordFieldsMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


# Audit trail ------------------------------------------------------------------------------------------


def _date_field(label: str | Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AuditFilterForm(GovukFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "object_id": "govuk-input--width-10",
        "date_from": "govuk-input--width-10",
        "date_to": "govuk-input--width-10",
    }

    actor = forms.CharField(
        label=_("User name"),
        required=False,
        max_length=150,
        help_text=_("The exact user name of who acted."),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=100,
        help_text=_("For example agencies.agency"),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    object_id = forms.CharField(
        label=_("Object number"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = sorted(registered_actions().items(), key=lambda item: str(item[1]))
        self.fields["action"].choices = [("", _("All actions")), *((code, label) for code, label in actions)]  # type: ignore[attr-defined]
        self.apply_govuk()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned


# The user's own account --------------------------------------------------------------------------------


class ApiTokenCreateForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        error_messages={"required": _("Give the token a name.")},
        help_text=_("What the token is for, for example the program that will use it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()
