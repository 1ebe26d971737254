"""The indicator editor: a definition written in fields, not code.

The numerator and the denominator are each a ``CountForm`` (prefixed ``numerator-`` and ``denominator-``):
the source, then its filters as fields. ``CountForm.definition()`` writes the JSON count definition
``hoanhap.plans.definitions`` reads, and ``CountForm.initial_from`` reads one back. A mistake the parser
finds ("numerator.persons.age_min") is shown on the field it names (``place_definition_error``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Household, PersonStatus, Sex, SpecialGroup
from hoanhap.plans import definitions as d
from hoanhap.plans.indicator_services import IndicatorData
from hoanhap.plans.models import IndicatorDefinition, PeriodType
from hoanhap.provision.models import ActivityKind, AggregateMetric, Domain, ParticipantKind
from hoanhap.web.forms_admin import UnitCodeField, add_application_error
from hoanhap.web.forms_registry import ErrorLink, GovukDateWidget, RegistryFormMixin, choices_with_blank

NUMBER_WIDGET = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
CODES = re.compile(r"[\s,;]+")
BAND = re.compile(r"^(\d{1,3})\s*[-–]\s*(\d{1,3})?$")

SOURCE_LABELS: list[tuple[str, Any]] = [
    (d.PERSONS, _("Persons in the registry")),
    (d.SERVICE_RECORDS, _("Persons who received services in the period")),
    (d.PARTICIPANTS, _("Participants in activities held in the period")),
    (d.CAMPAIGN, _("Children at a stage of a screening campaign")),
    (d.AGGREGATES, _("Figures entered for the unit")),
    (d.CHILD_UNITS, _("Units one level below")),
]
DIMENSION_LABELS: list[tuple[str, Any]] = [
    (d.SEX, _("Sex")),
    (d.AGE_GROUP, _("Age group")),
    (d.TYPE, _("Type of disability")),
    (d.SEVERITY, _("Severity")),
    (d.ETHNICITY, _("Ethnicity")),
    (d.UNIT, _("Unit below")),
]
STAGE_LABELS: list[tuple[str, Any]] = [
    ("registered", _("Registered")),
    ("screened", _("Screened")),
    ("confirmed", _("Confirmed")),
    ("indicated", _("Surgery indicated")),
    ("operated", _("Operated")),
    ("followed_up", _("Followed up")),
]
HEAD_COUNTS: list[tuple[str, Any]] = [
    ("", _("As usual (added unless persons are filtered)")),
    ("yes", _("Yes")),
    ("no", _("No")),
]
COUNT_CHOICES: list[tuple[str, Any]] = [
    (d.COUNT_PERSONS, _("The persons (or the sum of the figures)")),
    (d.COUNT_CHILD_UNITS, _("The units one level below with at least one")),
]
PERSON_LISTS = ("sexes", "disability_types", "severities", "special_groups", "statuses", "households")
# Where each part of a count definition is edited: (section in the JSON, key) → field of CountForm.
FIELD_OF: dict[tuple[str, str], str] = {
    ("", "source"): "source",
    ("", "count"): "count",
    ("", "persons"): "age_min",
    ("", "services"): "service_domains",
    ("", "activities"): "activity_domains",
    ("", "participants"): "participant_kind",
    ("", "campaign"): "stage",
    ("", "aggregate"): "metric",
    ("services", "domains"): "service_domains",
    ("services", "service_types"): "service_types",
    ("activities", "domains"): "activity_domains",
    ("activities", "kinds"): "activity_kinds",
    ("participants", "kind"): "participant_kind",
    ("participants", "head_counts"): "head_counts",
    ("campaign", "stage"): "stage",
    ("campaign", "campaigns"): "campaigns",
    ("aggregate", "metric"): "metric",
}


def _codes(text: str) -> list[str]:
    return [code for code in CODES.split(text or "") if code]


class PrefixedFormMixin(RegistryFormMixin):
    """``aria-describedby`` and the error summary's links with the form's prefix in the ids."""

    def apply_govuk(self) -> None:
        super().apply_govuk()
        form: Any = self
        for name, field in self.fields.items():
            auto_id = form[name].auto_id
            described = [f"{auto_id}-hint"] if field.help_text else []
            described += [
                f"{auto_id}-error-{index}" for index in range(1, len(self.errors.get(name, [])) + 1)
            ]
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    @property
    def error_links(self) -> list[ErrorLink]:
        form: Any = self
        links = []
        first = next(iter(form.fields), "")
        for message in form.non_field_errors():
            links.append(ErrorLink(form[first].auto_id, message))
        for name, field in form.fields.items():
            grouped = isinstance(
                field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple | GovukDateWidget
            )
            for message in form.errors.get(name, []):
                anchor = form[name].auto_id
                links.append(ErrorLink(f"{anchor}_0" if grouped else anchor, message))
        return links


def _checkboxes(label: Any, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class CountForm(PrefixedFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "age_min": "govuk-input--width-3",
        "age_max": "govuk-input--width-3",
        "service_types": "govuk-input--width-20",
        "ethnicities": "govuk-input--width-10",
        "campaigns": "govuk-input--width-10",
    }

    source = forms.ChoiceField(label=_("What is counted"), required=False)
    count = forms.ChoiceField(label=_("Count"), choices=COUNT_CHOICES, required=False)
    age_min = forms.IntegerField(
        label=_("Lowest age (optional)"), required=False, min_value=0, max_value=d.OLDEST,
        error_messages={"invalid": _("Enter an age in whole years, from 0 to 150.")},
        widget=forms.TextInput(attrs=NUMBER_WIDGET),
    )  # fmt: skip
    age_max = forms.IntegerField(
        label=_("Highest age (optional)"), required=False, min_value=0, max_value=d.OLDEST,
        error_messages={"invalid": _("Enter an age in whole years, from 0 to 150.")},
        widget=forms.TextInput(attrs=NUMBER_WIDGET),
    )  # fmt: skip
    sexes = _checkboxes(_("Sex"), Sex.choices)
    disability_types = _checkboxes(_("Types of disability (any of them)"), DisabilityType.choices)
    severities = _checkboxes(_("Severity"), Severity.choices)
    determined = forms.BooleanField(label=_("Only persons with a disability determination"), required=False)
    special_groups = _checkboxes(_("Special groups (any of them)"), SpecialGroup.choices)
    statuses = _checkboxes(_("Status in the registry (none ticked: active)"), PersonStatus.choices)
    households = _checkboxes(_("Household"), [(v, label) for v, label in Household.choices if v])
    ethnicities = forms.CharField(
        label=_("Ethnic groups (optional)"), required=False, max_length=200,
        help_text=_("Their codes, separated by commas, for example 01, 02."),
    )  # fmt: skip
    service_domains = _checkboxes(_("Domains of the services"), Domain.choices)
    service_types = forms.CharField(
        label=_("Service types (optional)"), required=False, max_length=400,
        help_text=_("Their codes from the service catalogue, separated by commas."),
    )  # fmt: skip
    participant_kind = forms.ChoiceField(
        label=_("Participants"), required=False,
        choices=choices_with_blank(_("Choose a kind of participant"), ParticipantKind.choices),
    )  # fmt: skip
    head_counts = forms.ChoiceField(
        label=_("Add participants counted without names"), required=False, choices=HEAD_COUNTS
    )
    activity_domains = _checkboxes(_("Domains of the activities"), Domain.choices)
    activity_kinds = _checkboxes(_("Kinds of activity"), ActivityKind.choices)
    stage = forms.ChoiceField(
        label=_("Campaign stage"),
        required=False,
        choices=choices_with_blank(_("Choose a stage"), STAGE_LABELS),
    )
    campaigns = forms.CharField(
        label=_("Campaigns (optional)"), required=False, max_length=200,
        help_text=_("Their numbers, separated by commas; empty: every campaign."),
    )  # fmt: skip
    metric = forms.ChoiceField(
        label=_("Figure entered"), required=False,
        choices=choices_with_blank(_("Choose a figure"), AggregateMetric.choices),
    )  # fmt: skip

    def __init__(self, *args: Any, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source: Any = self.fields["source"]
        blank = _("No denominator: the figure is a count") if optional else _("Choose what is counted")
        source.choices = choices_with_blank(blank, SOURCE_LABELS)
        self.optional = optional
        self.apply_govuk()

    def clean_campaigns(self) -> list[int]:
        codes = _codes(self.cleaned_data.get("campaigns") or "")
        if not all(code.isdigit() for code in codes):
            raise forms.ValidationError(_("Expected a list of campaign numbers."))
        return [int(code) for code in codes]

    def _persons(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        persons: dict[str, Any] = {}
        for name in ("age_min", "age_max"):
            if data.get(name) is not None:
                persons[name] = data[name]
        for name in PERSON_LISTS:
            if data.get(name):
                persons[name] = list(data[name])
        if data.get("determined"):
            persons["determined"] = True
        ethnicities = _codes(data.get("ethnicities") or "")
        if ethnicities:
            persons["ethnicities"] = ethnicities
        return persons or None

    def definition(self) -> dict[str, Any] | None:
        """The JSON count definition; None for an empty optional part (no denominator)."""
        data = self.cleaned_data
        source = data.get("source") or ""
        if not source:
            return None if self.optional else {}
        raw: dict[str, Any] = {"source": source}
        if data.get("count") == d.COUNT_CHILD_UNITS:
            raw["count"] = d.COUNT_CHILD_UNITS
        if source in (d.AGGREGATES, d.CHILD_UNITS):
            if source == d.AGGREGATES:
                raw["aggregate"] = {"metric": data.get("metric") or ""}
            return raw
        persons = self._persons()
        if persons is not None:
            raw["persons"] = persons
        if source == d.SERVICE_RECORDS:
            services: dict[str, Any] = {}
            if data.get("service_domains"):
                services["domains"] = list(data["service_domains"])
            if _codes(data.get("service_types") or ""):
                services["service_types"] = _codes(data["service_types"])
            if services:
                raw["services"] = services
        elif source == d.PARTICIPANTS:
            participants: dict[str, Any] = {"kind": data.get("participant_kind") or ""}
            if data.get("head_counts"):
                participants["head_counts"] = data["head_counts"] == "yes"
            raw["participants"] = participants
            activities: dict[str, Any] = {}
            if data.get("activity_domains"):
                activities["domains"] = list(data["activity_domains"])
            if data.get("activity_kinds"):
                activities["kinds"] = list(data["activity_kinds"])
            if activities:
                raw["activities"] = activities
        elif source == d.CAMPAIGN:
            campaign: dict[str, Any] = {"stage": data.get("stage") or ""}
            if data.get("campaigns"):
                campaign["campaigns"] = data["campaigns"]
            raw["campaign"] = campaign
        return raw

    @staticmethod
    def initial_from(raw: dict[str, Any] | None) -> dict[str, Any]:
        """The fields' initial values from a saved count definition."""
        if not raw:
            return {}
        persons = raw.get("persons") or {}
        services = raw.get("services") or {}
        activities = raw.get("activities") or {}
        participants = raw.get("participants") or {}
        campaign = raw.get("campaign") or {}
        head_counts = participants.get("head_counts")
        return {
            "source": raw.get("source", ""),
            "count": raw.get("count", d.COUNT_PERSONS),
            "age_min": persons.get("age_min"),
            "age_max": persons.get("age_max"),
            **{name: persons.get(name, []) for name in PERSON_LISTS},
            "determined": persons.get("determined", False),
            "ethnicities": ", ".join(persons.get("ethnicities", [])),
            "service_domains": services.get("domains", []),
            "service_types": ", ".join(services.get("service_types", [])),
            "participant_kind": participants.get("kind", ""),
            "head_counts": "" if head_counts is None else ("yes" if head_counts else "no"),
            "activity_domains": activities.get("domains", []),
            "activity_kinds": activities.get("kinds", []),
            "stage": campaign.get("stage", ""),
            "campaigns": ", ".join(str(number) for number in campaign.get("campaigns", [])),
            "metric": (raw.get("aggregate") or {}).get("metric", ""),
        }

    def field_for(self, path: list[str]) -> str | None:
        """The field of this form a parser's path (after "numerator.") names."""
        if len(path) >= 2 and path[0] == "persons":
            return path[1] if path[1] in self.fields else "age_min"
        if len(path) == 1:
            return FIELD_OF.get(("", path[0]))
        if len(path) >= 2:
            return FIELD_OF.get((path[0], path[1]))
        return None


class IndicatorForm(PrefixedFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "code": "govuk-input--width-20",
        "age_groups": "govuk-input--width-20",
    }

    name = forms.CharField(
        label=_("Name"), max_length=300, error_messages={"required": _("Enter the name of the indicator.")}
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=60,
        help_text=_("Lower-case letters, digits, hyphens and underscores, for example children_screened."),
        error_messages={
            "required": _("Enter a code of lower-case letters, digits, hyphens and underscores.")
        },
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    period_type = forms.ChoiceField(
        label=_("Period type"), choices=PeriodType.choices, initial=PeriodType.YEAR
    )
    disaggregations = _checkboxes(_("Split by (optional)"), DIMENSION_LABELS)
    age_groups = forms.CharField(
        label=_("Age bands (for the split by age group)"),
        required=False,
        max_length=200,
        help_text=_("Lowest and highest age, separated by commas, for example 0-5, 6-15, 16-."),
    )
    legal_basis = forms.CharField(label=_("Legal basis (optional)"), max_length=400, required=False)
    source_note = forms.CharField(label=_("Source of the data (optional)"), max_length=400, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()

    def clean_age_groups(self) -> list[list[int | None]]:
        bands: list[list[int | None]] = []
        for text in [part.strip() for part in (self.cleaned_data.get("age_groups") or "").split(",")]:
            if not text:
                continue
            match = BAND.match(text)
            if match is None:
                raise forms.ValidationError(
                    _("Each age band is a lowest and a highest age (the highest may be left open).")
                )
            bands.append([int(match.group(1)), int(match.group(2)) if match.group(2) else None])
        return bands

    @staticmethod
    def initial_from(indicator: IndicatorDefinition) -> dict[str, Any]:
        return {
            "name": indicator.name,
            "code": indicator.code,
            "description": indicator.description,
            "period_type": indicator.period_type,
            "disaggregations": indicator.disaggregations,
            "age_groups": ", ".join(
                f"{low}-{'' if high is None else high}" for low, high in indicator.age_groups
            ),
            "legal_basis": indicator.legal_basis,
            "source_note": indicator.source,
            "is_active": indicator.is_active,
        }

    def indicator_data(self, numerator: dict[str, Any], denominator: dict[str, Any] | None) -> IndicatorData:
        data = self.cleaned_data
        return IndicatorData(
            code=data["code"],
            name=data["name"],
            numerator=numerator,
            denominator=denominator,
            disaggregations=list(data["disaggregations"]),
            age_groups=data["age_groups"],
            period_type=data["period_type"],
            description=data["description"] or "",
            legal_basis=data["legal_basis"] or "",
            source=data["source_note"] or "",
            is_active=data["is_active"],
        )


class PreviewForm(PrefixedFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"unit": "govuk-input--width-10", "period": "govuk-input--width-10"}

    unit = UnitCodeField(
        label=_("Code of the unit"),
        required=False,
        error_messages={"required": _("Enter the code of the unit to preview.")},
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=10,
        help_text=_("A year (2024), a quarter (2024-Q3) or a month (2024-05)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "preview")
        super().__init__(*args, **kwargs)
        self.apply_govuk()


def place_definition_error(
    error: ApplicationError, *, main: IndicatorForm, numerator: CountForm, denominator: CountForm
) -> None:
    """Show a service's or the parser's error on the field it names, in whichever form holds it."""
    path = (error.field or "").split(".")
    parts = {"numerator": numerator, "denominator": denominator}
    if path[0] in parts:
        form = parts[path[0]]
        field = form.field_for(path[1:])
        form.add_error(field if field in form.fields else None, str(error.message))
        form.apply_govuk()
        return
    if error.field == "source":
        error.field = "source_note"
    add_application_error(main, error)
