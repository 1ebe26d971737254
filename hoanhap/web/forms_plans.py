"""Forms of the plan pages: a plan, its phases, objectives, targets and tasks, and the progress the lead
agency reports on a task's occurrence. The services check what the forms cannot (``hoanhap.plans``)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoanhap.agencies.models import Agency
from hoanhap.geo.models import AdminUnit
from hoanhap.plans.models import (
    DOCUMENT_EXTENSIONS,
    EVIDENCE_EXTENSIONS,
    IndicatorDefinition,
    Objective,
    Phase,
    Plan,
    PlanLevel,
    TargetKind,
)
from hoanhap.plans.plan_services import PlanData, TargetData
from hoanhap.plans.task_services import TaskData
from hoanhap.provision.aggregates import FIRST_YEAR, LAST_YEAR
from hoanhap.provision.models import Domain
from hoanhap.web.forms_admin import UnitCodeField
from hoanhap.web.forms_registry import GovukDateField, RegistryFormMixin, choices_with_blank

NUMBER_WIDGET = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


class PlanFormMixin(RegistryFormMixin):
    """The plan forms' GOV.UK classes (file inputs are styled by ``GovukFormMixin``)."""


def year_field(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Enter the year as 4 digits."),
            "invalid": _("Enter the year as 4 digits."),
            "min_value": _("Enter years from 2000 to 2100."),
            "max_value": _("Enter years from 2000 to 2100."),
        },
        widget=forms.TextInput(attrs=NUMBER_WIDGET),
    )


class PlanForm(PlanFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "issuer_unit": "govuk-input--width-10",
        "period_start": "govuk-input--width-4",
        "period_end": "govuk-input--width-4",
        "number": "govuk-input--width-20",
    }

    title = forms.CharField(
        label=pgettext_lazy("plan", "Title"),
        max_length=400,
        error_messages={"required": _("Enter the title of the plan.")},
    )
    issuer_unit = UnitCodeField(
        label=_("Code of the issuing unit"),
        required=False,
        help_text=_("The province or commune that issues the plan. Leave empty if an agency issues it."),
    )
    issuer_agency = forms.ModelChoiceField(
        label=_("Issuing agency (optional)"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Not an agency"),
    )
    coordinating_office = forms.ModelChoiceField(
        label=_("Coordinating office (optional)"),
        help_text=_("The agency that follows the plan and compiles its results."),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=choices_with_blank(_("From the issuing unit"), PlanLevel.choices),
    )
    number = forms.CharField(label=_("Number (optional)"), max_length=50, required=False)
    signed_on = GovukDateField(
        label=_("Date signed (optional)"), required=False, help_text=_("For example 15 3 2024.")
    )
    period_start = year_field(_("First year"))
    period_end = year_field(_("Last year"))
    parent = forms.ModelChoiceField(
        label=_("Plan it implements (optional)"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    legal_basis = forms.CharField(label=_("Legal basis (optional)"), max_length=400, required=False)
    document = forms.FileField(
        label=_("Signed document (optional)"),
        required=False,
        help_text=_("PDF, Word, OpenDocument or a photo."),
        widget=forms.FileInput,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], parents: QuerySet[Plan], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("issuer_agency", "coordinating_office"):
            field: Any = self.fields[name]
            field.queryset = agencies
        parent_field: Any = self.fields["parent"]
        parent_field.queryset = parents
        self.apply_govuk()

    def plan_data(self) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            issuer_unit=data["issuer_unit"],
            issuer_agency=data["issuer_agency"],
            coordinating_office=data["coordinating_office"],
            level=data["level"] or "",
            number=data["number"] or "",
            signed_on=data["signed_on"],
            parent=data["parent"],
            legal_basis=data["legal_basis"] or "",
            document=data["document"],
        )


class PhaseForm(PlanFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "start_year": "govuk-input--width-4",
        "end_year": "govuk-input--width-4",
    }

    name = forms.CharField(
        label=_("Name of the phase"),
        max_length=100,
        help_text=_("For example “Phase 1 (2019–2020)”."),
        error_messages={"required": _("Enter the name of the phase.")},
    )
    start_year = year_field(_("First year"))
    end_year = year_field(_("Last year"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class ObjectiveForm(PlanFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"code": "govuk-input--width-5"}

    code = forms.CharField(
        label=_("Number of the objective"),
        max_length=20,
        help_text=_("As the plan numbers it, for example “a” or “2.1”."),
        error_messages={"required": _("Enter the objective's number.")},
    )
    text = forms.CharField(
        label=_("Objective"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the objective.")},
    )
    domain = forms.ChoiceField(
        label=_("Domain (optional)"),
        required=False,
        choices=choices_with_blank(_("Not one domain"), Domain.choices),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class TargetForm(PlanFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "value": "govuk-input--width-5",
        "low": "govuk-input--width-5",
        "high": "govuk-input--width-5",
        "unit": "govuk-input--width-10",
    }

    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        empty_label=_("Choose an objective"),
        error_messages={"required": _("Choose the objective.")},
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=IndicatorDefinition.objects.none(),
        empty_label=_("Choose an indicator"),
        error_messages={"required": _("Choose the indicator.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of target"),
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of target.")},
    )
    value = forms.DecimalField(
        label=_("Value (a count or a percentage)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("Enter a number.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    low = forms.DecimalField(
        label=_("Range from (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        error_messages={"invalid": _("Enter a number.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    high = forms.DecimalField(
        label=_("Range to (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        error_messages={"invalid": _("Enter a number.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    phase = forms.ModelChoiceField(
        label=_("Phase (optional)"),
        queryset=Phase.objects.none(),
        required=False,
        empty_label=_("The whole period"),
    )
    unit = UnitCodeField(
        label=_("Code of the unit (optional)"),
        required=False,
        help_text=_("Only for a unit's own target; leave empty for the plan's target."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective: Any = self.fields["objective"]
        objective.queryset = plan.objectives.all()
        indicator: Any = self.fields["indicator"]
        indicator.queryset = IndicatorDefinition.objects.filter(is_active=True)
        phase: Any = self.fields["phase"]
        phase.queryset = plan.phases.all()
        self.apply_govuk()

    def target_data(self) -> TargetData:
        data = self.cleaned_data
        unit: AdminUnit | None = data["unit"]
        return TargetData(
            indicator=data["indicator"],
            kind=data["kind"],
            value=data["value"],
            low=data["low"],
            high=data["high"],
            phase=data["phase"],
            unit=unit,
        )


class Recurrence:
    ONCE = "once"
    YEARLY = "year"
    HALF_YEARLY = "half_year"
    QUARTERLY = "quarter"
    YEARS = "years"

    choices: ClassVar[list[tuple[str, Any]]] = [
        (ONCE, _("Once, by a date")),
        (YEARLY, _("Every year")),
        (HALF_YEARLY, _("Every six months")),
        (QUARTERLY, _("Every quarter")),
        (YEARS, _("Once over a span of years")),
    ]


class TaskForm(PlanFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {
        "before": "govuk-input--width-5",
        "first_year": "govuk-input--width-4",
        "last_year": "govuk-input--width-4",
    }

    text = forms.CharField(
        label=_("Task"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the task.")},
    )
    objective = forms.ModelChoiceField(
        label=_("Objective (optional)"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("Not one objective"),
    )
    expected_result = forms.CharField(
        label=_("Expected result (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    lead_agency = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Agency.objects.none(),
        empty_label=_("Choose an agency"),
        error_messages={"required": _("Choose the lead agency.")},
    )
    coordinating_agencies = forms.ModelMultipleChoiceField(
        label=_("Coordinating agencies (optional)"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recurrence = forms.ChoiceField(
        label=_("Deadline"),
        choices=Recurrence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when the task is due.")},
    )
    due_on = GovukDateField(label=_("Date due (once)"), required=False, help_text=_("For example 1 11 2024."))
    before = forms.CharField(
        label=_("Due before (every year)"),
        required=False,
        max_length=5,
        help_text=_("Day and month, for example 15/12. Empty: the last day of the year."),
    )
    first_year = year_field(_("First year of the span"), required=False)
    last_year = year_field(_("Last year of the span"), required=False)
    deadline_note = forms.CharField(
        label=_("Deadline as the plan words it (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example “Annually, before 15/12”."),
    )

    def __init__(self, *args: Any, plan: Plan, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective: Any = self.fields["objective"]
        objective.queryset = plan.objectives.all()
        for name in ("lead_agency", "coordinating_agencies"):
            field: Any = self.fields[name]
            field.queryset = agencies
        self.apply_govuk()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("recurrence")
        if kind == Recurrence.ONCE and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Enter the date the task is due."))
        if kind == Recurrence.YEARLY and data.get("before") and not DAY_MONTH.match(data["before"]):
            self.add_error("before", _("Enter the day and month as 15/12."))
        if kind == Recurrence.YEARS:
            for name in ("first_year", "last_year"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Enter the year as 4 digits."))
        return data

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["recurrence"]
        if kind == Recurrence.ONCE:
            return {"on": data["due_on"].isoformat()}
        if kind == Recurrence.YEARS:
            return {"years": list(range(data["first_year"], data["last_year"] + 1))}
        rule: dict[str, Any] = {"every": kind}
        match = DAY_MONTH.match(data.get("before") or "")
        if kind == Recurrence.YEARLY and match:
            rule["before"] = f"{int(match.group(2)):02d}-{int(match.group(1)):02d}"
        return rule

    def task_data(self) -> TaskData:
        data = self.cleaned_data
        return TaskData(
            text=data["text"],
            lead_agency=data["lead_agency"],
            recurrence=self.rule(),
            expected_result=data["expected_result"] or "",
            coordinating_agencies=list(data["coordinating_agencies"]),
            deadline_note=data["deadline_note"] or "",
            objective=data["objective"],
        )


class TaskUpdateForm(PlanFormMixin, forms.Form):
    """The share is checked by the service (its message holds a "%": Django's min and max messages are
    formatted with "%" and could not hold it)."""

    widths: ClassVar[dict[str, str]] = {"share_done": "govuk-input--width-3"}

    progress = forms.CharField(
        label=_("Progress made"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the progress made.")},
    )
    share_done = forms.IntegerField(
        label=_("Share done (%)"),
        error_messages={
            "required": _("Enter the share done, from 0 to 100 %."),
            "invalid": _("Enter the share done, from 0 to 100 %."),
        },
        widget=forms.TextInput(attrs=NUMBER_WIDGET),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("A report, a photo or a spreadsheet."),
        widget=forms.FileInput,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_govuk()


class IssueForm(forms.Form):
    """Nothing to fill in: the confirmation button."""
