"""Forms of the import pages: the upload, the mapping of a sheet's columns, the decisions on possible
duplicates.

Forms check the shape of the input; what a file, a mapping or a decision may be is decided by the import
services, whose ``ApplicationError`` ``add_application_error`` puts on the field it names (``file``,
``commune``, ``column_<index>``, ``decision_<row id>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoanhap.core.scope import Scope
from hoanhap.exchange.models import Decision, ImportRow
from hoanhap.exchange.reading.fields import FIELD_LABELS
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.web.forms import GovukFormMixin

ACCEPTED_FILES = ".xlsx,.xls,.ods,.csv"
COLUMN_PREFIX = "column_"
DECISION_PREFIX = "decision_"


@dataclass(frozen=True)
class ErrorLink:
    anchor: str
    message: str


class ImportFormMixin(GovukFormMixin):
    """The error summary's links: a field's error goes to its input (a group of radios: the first one),
    an error above the form, or on an input the page does not show, to its first visible input."""

    @property
    def error_links(self) -> list[ErrorLink]:
        form: Any = self
        visible = list(form.visible_fields())
        first = visible[0].id_for_label if visible else ""
        links = [ErrorLink(first, message) for message in form.non_field_errors()]
        for bound in form.hidden_fields():
            links.extend(ErrorLink(first, message) for message in bound.errors)
        for bound in visible:
            anchor = bound.id_for_label
            if isinstance(bound.field.widget, forms.RadioSelect):
                anchor = f"{bound.auto_id}_0"
            links.extend(ErrorLink(anchor, message) for message in bound.errors)
        return links


def communes_in_scope(scope: Scope) -> QuerySet[AdminUnit]:
    """Today's communes, wards and special zones inside ``scope``, by province then name."""
    return (
        AdminUnit.objects.filter(edition=Edition.CURRENT, tier=Tier.COMMUNE)
        .filter(scope.q("path"))
        .select_related("parent")
        .order_by("parent__name_folded", "name_folded")
    )


class CommuneSelect(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit: AdminUnit = obj
        province = f", {unit.parent.name}" if unit.parent else ""
        return f"{unit.name} ({unit.code}){province}"


class ImportUploadForm(ImportFormMixin, forms.Form):
    """A list file and the commune it is the list of. A user who can import into one commune only is not
    asked for it."""

    file = forms.FileField(
        label=_("The list file"),
        help_text=_(
            "An Excel (XLSX or XLS), LibreOffice (ODS) or CSV file, with one row per person under a row of "
            "column headings."
        ),
        error_messages={
            "required": _("Choose the file of the list."),
            "empty": _("The file is empty."),
        },
        widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    commune = CommuneSelect(
        label=_("Commune of the list"),
        queryset=AdminUnit.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a commune"),
        error_messages={
            "required": _("Choose the commune whose list this is."),
            "invalid_choice": _("Choose a commune of your area."),
        },
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = communes_in_scope(scope)
        field: forms.ModelChoiceField = self.fields["commune"]  # type: ignore[assignment]
        field.queryset = communes
        only = list(communes[:2])
        self.single_commune = only[0] if len(only) == 1 else None
        if self.single_commune is not None:
            field.widget = forms.HiddenInput()
            field.initial = self.single_commune.code
            field.required = False
        self.apply_govuk()

    def clean_commune(self) -> AdminUnit | None:
        commune: AdminUnit | None = self.cleaned_data.get("commune")
        return commune or self.single_commune


class ColumnMappingForm(ImportFormMixin, forms.Form):
    """What each column of one sheet is imported as: one select per column, labelled with the column's
    letter and its heading as the file writes it."""

    sheet = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(
        self,
        *args: Any,
        sheet: str,
        columns: Iterable[Mapping[str, Any]],
        fields: Iterable[str] = tuple(FIELD_LABELS),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})["sheet"] = sheet
        super().__init__(*args, **kwargs)
        self.sheet_name = sheet
        choices = [(key, FIELD_LABELS[key]) for key in fields]
        self.column_letters: dict[str, str] = {}
        for column in columns:
            name = f"{COLUMN_PREFIX}{column['index']}"
            heading = column["label"] or _("(no heading)")
            self.fields[name] = forms.ChoiceField(
                label=f"{column['letter']} – {heading}",
                choices=choices,
                required=False,
                initial=column["field"],
            )
            self.column_letters[name] = column["letter"]
        self.apply_govuk()

    def mapping(self) -> dict[int, str]:
        """Column index → field, as the service takes it."""
        return {
            int(name.removeprefix(COLUMN_PREFIX)): value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith(COLUMN_PREFIX)
        }


class DecisionsForm(ImportFormMixin, forms.Form):
    """One group of radios per possible duplicate shown: register as new, update the matched person, or
    leave the row out."""

    def __init__(self, *args: Any, rows: Iterable[ImportRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(value, label) for value, label in Decision.choices if value]
        for row in rows:
            name = f"{DECISION_PREFIX}{row.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("What to do with row %(row)d (%(name)s)")
                % {"row": row.row_number, "name": (row.values or {}).get("full_name", "")},
                choices=choices,
                required=False,
                initial=row.decision or None,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
            )
        self.apply_govuk()

    def apply_govuk(self) -> None:
        super().apply_govuk()
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-radios__input"

    def bound_for(self, row: ImportRow) -> forms.BoundField | None:
        name = f"{DECISION_PREFIX}{row.pk}"
        return self[name] if name in self.fields else None

    def decisions(self) -> dict[int, str]:
        """Row id → decision, for the rows the officer decided (an untouched row keeps its state)."""
        return {
            int(name.removeprefix(DECISION_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(DECISION_PREFIX) and value
        }
