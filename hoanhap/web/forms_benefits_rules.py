"""Forms of the entitlement-rules pages: choosing a rule to read, and recording a new value of one.

A value is typed as people write numbers: "500.000" or "500,000" for an amount in đồng, "1,5" or "1.5" for
a coefficient. The service checks what the value may be for its rule (whole đồng, at most 4 decimals, an
age of at most 120) and whether its period overlaps another; its error lands on the field it names.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hoanhap.benefits import codes as c
from hoanhap.benefits.models import Confidence
from hoanhap.benefits.parameters import last_day_of_month
from hoanhap.geo.models import AdminUnit
from hoanhap.web.forms_benefits import GovukMonthField
from hoanhap.web.forms_registry import RegistryFormMixin, choices_with_blank

RULE_LABELS: dict[str, Promise] = {
    c.STANDARD_LEVEL: _("Standard level of social assistance (đồng a month)"),
    c.COEF_PARTICULARLY_SEVERE: _("Coefficient: particularly severe disability"),
    c.COEF_PARTICULARLY_SEVERE_CHILD_OR_ELDERLY: _(
        "Coefficient: particularly severe disability, child or elderly person"
    ),
    c.COEF_SEVERE: _("Coefficient: severe disability"),
    c.COEF_SEVERE_CHILD_OR_ELDERLY: _("Coefficient: severe disability, child or elderly person"),
    c.COEF_CARE_ONE: _("Coefficient of care support: pregnant, or raising one child under 36 months"),
    c.COEF_CARE_TWO: _(
        "Coefficient of care support: pregnant and raising a child under 36 months, or raising two or more"
    ),
    c.COEF_CARER_HOUSEHOLD: _(
        "Coefficient: a household caring for a person with particularly severe disability"
    ),
    c.COEF_FOSTER_PARTICULARLY_SEVERE: _(
        "Coefficient: taking in a person with particularly severe disability"
    ),
    c.COEF_FOSTER_PARTICULARLY_SEVERE_CHILD: _(
        "Coefficient: taking in a child with particularly severe disability"
    ),
    c.AGE_CHILD_BELOW: _("Age: a child is under (years)"),
    c.AGE_ELDERLY_FROM: _("Age: an elderly person is (years) or over"),
    c.AGE_CROSSING_RULE: _("Age: the month from which a birthday crossing a threshold counts"),
    c.FUNERAL_MULTIPLE: _("Funeral support: at least this many times the standard level"),
}
# An amount written with its thousands grouped: "500.000", "1,250,000".
GROUPED_THOUSANDS = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")


def rule_label(code: str) -> str:
    return str(RULE_LABELS.get(code, code))


def rule_choices() -> list[tuple[str, str]]:
    """Every rule that can be recorded, the known ones in the order of the decree, then any other."""
    known = [code for code in RULE_LABELS if code in c.KNOWN_CODES]
    others = sorted(c.KNOWN_CODES - set(known))
    return [(code, rule_label(code)) for code in [*known, *others]]


def parse_value(text: str, *, whole: bool) -> Decimal:
    """A number as typed: a decimal comma or point; for a whole amount, thousands grouped by either."""
    text = re.sub(r"[\s\u00a0]", "", text)
    if whole and GROUPED_THOUSANDS.match(text):
        text = re.sub(r"[.,]", "", text)
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(
            _("Enter the value as a number, for example 500000 or 1,5."), code="not_a_number"
        ) from None


class RuleFilterForm(RegistryFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Rule"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = choices_with_blank(_("All rules"), rule_choices())  # type: ignore[attr-defined]
        self.apply_govuk()


class RuleForm(RegistryFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"value": "govuk-input--width-10"}

    code = forms.ChoiceField(label=_("Rule"), error_messages={"required": _("Choose the rule.")})
    unit = forms.ChoiceField(
        label=_("Area"),
        required=False,
        help_text=_("A province may set its own value, which wins over the national one inside it."),
    )
    value = forms.CharField(
        label=_("Value"),
        required=False,
        max_length=30,
        help_text=_(
            "An amount in đồng (500000), a coefficient (1,5) or an age in years (16). "
            "Leave empty for the age-crossing rule."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    text_value = forms.ChoiceField(
        label=_("Value of the age-crossing rule (for that rule only)"),
        choices=c.CrossingRule.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    valid_from = GovukMonthField(
        label=_("Valid from"),
        help_text=_("The first month the value applies, for example 7 2024."),
        error_messages={"required": _("Enter the month and the year.")},
    )
    valid_to = GovukMonthField(
        label=_("Valid until (optional)"),
        required=False,
        help_text=_(
            "The last month the value applies. Leave empty for “until further notice”: a value of the same "
            "rule and area that began earlier and has no end then ends the month before."
        ),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=300,
        help_text=_("The decree and article, for example Nghị định 76/2024/NĐ-CP."),
    )
    confidence = forms.ChoiceField(
        label=_("How sure the value is"),
        choices=Confidence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how sure the value is.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, provinces: list[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provinces = {unit.code: unit for unit in provinces}
        self.fields["code"].choices = choices_with_blank(_("Choose a rule"), rule_choices())  # type: ignore[attr-defined]
        self.fields["unit"].choices = choices_with_blank(  # type: ignore[attr-defined]
            _("National: every province"), [(unit.code, unit.name) for unit in provinces]
        )
        self.apply_govuk()

    def clean_unit(self) -> AdminUnit | None:
        code = self.cleaned_data.get("unit") or ""
        return self.provinces.get(code)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, typed = data.get("code", ""), (data.get("value") or "").strip()
        data["value"] = None
        if typed:
            try:
                data["value"] = parse_value(typed, whole=code in c.AMOUNT_CODES)
            except forms.ValidationError as error:
                self.add_error("value", error)
        return data

    def parameter_values(self) -> dict[str, Any]:
        """The keyword arguments of ``benefit_parameter_add`` besides the actor."""
        data = self.cleaned_data
        valid_to = data["valid_to"]
        return {
            "code": data["code"],
            "unit": data["unit"],
            "value": data["value"],
            "text_value": data["text_value"] or "",
            "valid_from": data["valid_from"],
            "valid_to": last_day_of_month(valid_to) if valid_to else None,
            "legal_basis": data["legal_basis"],
            "confidence": data["confidence"],
            "note": data["note"],
        }
