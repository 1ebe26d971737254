from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hoanhap.geo.models import Edition, Tier

WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
    forms.ClearableFileInput: "govuk-file-upload",
}


# GOV.UK has no error style for a single checkbox: the error shows on its form group.
ERROR_CLASSES = {"govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"}


class GovukFormMixin:
    """GOV.UK classes, and ``aria-describedby`` naming the hint and the errors, on every widget.

    Recomputed after validation and after a service's error is added (``add_application_error``), so the
    error styles always match the errors shown. ``widths`` adds a GOV.UK width class to a field's input,
    e.g. ``{"code": "govuk-input--width-10"}``.
    """

    fields: dict[str, forms.Field]
    errors: Any
    widths: ClassVar[dict[str, str]] = {}

    def apply_govuk(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            base = WIDGET_CLASSES.get(type(widget), "govuk-input")
            classes = [base]
            if name in self.errors and base in ERROR_CLASSES:
                classes.append(f"{base}--error")
            if name in self.widths:
                classes.append(self.widths[name])
            widget.attrs["class"] = " ".join(classes)
            described = [f"id_{name}-hint"] if field.help_text else []
            described += [
                f"id_{name}-error-{index}" for index in range(1, len(self.errors.get(name, [])) + 1)
            ]
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.apply_govuk()


class LoginForm(GovukFormMixin, forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class OneTimeCodeForm(GovukFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"code": "govuk-input--width-10"}

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        help_text=_("The 6-digit code shown now in the app."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class UnitSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name or code"),
        required=False,
        max_length=100,
        help_text=_("Accents are optional: “bac son” finds “Bắc Sơn”."),
    )
    edition = forms.ChoiceField(
        label=_("Edition"), choices=Edition.choices, required=False, initial=Edition.CURRENT
    )
    tier = forms.ChoiceField(label=_("Level"), choices=[("", _("All levels")), *Tier.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()
