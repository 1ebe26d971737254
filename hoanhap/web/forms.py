from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hoanhap.geo.models import Edition, Tier

WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukFormMixin:
    """Adds GOV.UK classes, and ``aria-describedby`` to hints and errors, to every widget."""

    fields: dict[str, forms.Field]
    errors: Any

    def apply_govuk(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            css = WIDGET_CLASSES.get(type(widget), "govuk-input")
            if name in self.errors:
                css += " govuk-input--error" if css == "govuk-input" else f" {css}--error"
            widget.attrs.setdefault("class", css)
            described = []
            if field.help_text:
                described.append(f"id_{name}-hint")
            described += [
                f"id_{name}-error-{index}" for index in range(1, len(self.errors.get(name, [])) + 1)
            ]
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)

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
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        help_text=_("The 6-digit code shown now in the app."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input govuk-input--width-10",
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
