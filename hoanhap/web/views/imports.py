"""Importing a commune's list of persons: the imports of the user's area with the upload form, the template
to fill in, and one import's preview, where the officer corrects the column mapping, decides on possible
duplicates, imports, cancels, or downloads the rows to correct.

The views are thin: scope and the recording of reads are in ``import_selectors`` (another area's import is
a 404), the rules and the audit of every change in ``import_services``; the analysis and the commit run as
background jobs whose page shows their progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from hoanhap.accounts.models import User
from hoanhap.agencies.models import Agency
from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.text import grouped_number
from hoanhap.exchange.import_files import TEMPLATE_FILE_NAME, import_error_file_name, person_list_template
from hoanhap.exchange.import_selectors import (
    access_person_import,
    import_errors_download,
    import_rows,
    person_imports,
    rows_needing_attention,
    rows_to_write_count,
)
from hoanhap.exchange.import_services import (
    MAX_FILE_BYTES,
    may_manage_import,
    person_import_cancel,
    person_import_decide,
    person_import_map,
    person_import_upload,
)
from hoanhap.exchange.models import ImportRow, ImportStatus, ImportTarget, PersonImport, RowClass
from hoanhap.exchange.reading.fields import FIELD_LABELS, TARGET_FIELDS
from hoanhap.exchange.tasks import person_import_analyse_start, person_import_commit_start
from hoanhap.jobs.models import Job, JobStatus
from hoanhap.people.models import Ethnicity, Household, Sex
from hoanhap.provision.models import FundingSource, ParticipantKind
from hoanhap.web.forms_admin import add_application_error
from hoanhap.web.forms_imports import ColumnMappingForm, DecisionsForm, ImportUploadForm
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user

MANAGE = "registry.manage"
VIEW = "personal_data.view"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The order of the classes on the page: what needs the officer first.
CLASS_ORDER = (
    RowClass.POSSIBLE_DUPLICATE,
    RowClass.REJECTED,
    RowClass.DUPLICATE_IN_FILE,
    RowClass.CREATE,
    RowClass.UPDATE,
    RowClass.UNCHANGED,
    RowClass.NOT_DATA,
)
EMPTY = "–"
# What a class means in a service or attendance list, where a row records a service or a participant.
RECORD_CLASS_LABELS = {
    RowClass.CREATE: _lazy("New: to be recorded"),
    RowClass.UNCHANGED: _lazy("Already recorded"),
    RowClass.NOT_DATA: _lazy("Not a row of the list"),
}
CAPTIONS = {
    ImportTarget.PERSONS: _lazy("Import of a person list"),
    ImportTarget.SERVICES: _lazy("Import of a service list"),
    ImportTarget.PARTICIPANTS: _lazy("Import of an attendance list"),
}


def class_label(person_import: PersonImport, row_class: str) -> str:
    if person_import.target != ImportTarget.PERSONS and row_class in RECORD_CLASS_LABELS:
        return str(RECORD_CLASS_LABELS[RowClass(row_class)])
    return str(RowClass(row_class).label)


# --- Shared ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """A line of a table of imports: the import and its rows per class (empty classes, and rows that are
    no person's, left out)."""

    person_import: PersonImport
    counts: list[tuple[str, int]]


def import_summaries(imports: Iterable[PersonImport]) -> list[ImportSummary]:
    return [
        ImportSummary(
            person_import,
            [
                (class_label(person_import, row_class), person_import.counts[row_class])
                for row_class in CLASS_ORDER
                if row_class != RowClass.NOT_DATA and person_import.counts.get(row_class)
            ],
        )
        for person_import in imports
    ]


def import_or_404(request: HttpRequest, import_id: UUID, *, record_read: bool = True) -> PersonImport:
    """The import if it lies in the signed-in user's area; a 404 otherwise."""
    try:
        return access_person_import(
            viewer=signed_in_user(request), import_id=import_id, record_read=record_read
        )
    except PersonImport.DoesNotExist:
        raise Http404 from None


def managed_import_or_404(request: HttpRequest, import_id: UUID) -> PersonImport:
    """The import, when the signed-in user may work on it: a 404 out of their area, a 403 when its kind of
    list is not theirs to import (a list of persons for an agency reporter)."""
    person_import = import_or_404(request, import_id, record_read=False)
    if not may_manage_import(signed_in_user(request), person_import):
        raise PermissionDenied
    return person_import


def after_start(request: HttpRequest, job: Job, person_import: PersonImport) -> HttpResponse:
    """The job's page, where its progress shows; the import's page at once when the job already ended
    (tasks run inside the request when no worker is configured)."""
    job.refresh_from_db()
    if job.status == JobStatus.SUCCEEDED:
        return redirect("web:import_detail", import_id=person_import.pk)
    return redirect("web:job_detail", job_id=job.pk)


def _job_running(person_import: PersonImport) -> bool:
    return person_import.job is not None and not person_import.job.is_finished


# --- The list and the upload -----------------------------------------------------------------------------


@capability_required(MANAGE)
def import_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, scope=user.scope)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                person_import = person_import_upload(
                    actor=user,
                    commune=form.cleaned_data["commune"],
                    file_name=upload.name or "",
                    # Never more than the service accepts: a larger file is refused by its size alone.
                    content=upload.read(MAX_FILE_BYTES + 1),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                job = person_import_analyse_start(actor=user, person_import=person_import)
                messages.success(
                    request,
                    _("The file “%(file)s” is uploaded and being checked. Nothing is imported yet.")
                    % {"file": person_import.file_name},
                )
                return after_start(request, job, person_import)
    else:
        form = ImportUploadForm(initial={"commune": request.GET.get("commune", "")}, scope=user.scope)
    page = Paginator(person_imports(viewer=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/imports/list.html",
        {
            "form": form,
            "page": page,
            "imports": import_summaries(page),
            "params": query_without_page(request),
        },
    )


@capability_required(MANAGE)
def import_template_view(request: HttpRequest) -> HttpResponse:
    """The XLSX to fill in: its columns are recognised without any mapping."""
    response = HttpResponse(person_list_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILE_NAME)
    return response


# --- The preview -----------------------------------------------------------------------------------------


@dataclass
class RowView:
    """One source row as the preview shows it."""

    row: ImportRow
    name: str
    facts: list[str]
    reasons: list[str]
    match_linked: bool = False
    decision: forms.BoundField | None = None
    cells: list[str] = field(default_factory=list)


class Labels:
    """Display names of the stored codes, read once per page."""

    def __init__(self) -> None:
        self.sex = dict(Sex.choices)
        self.household = dict(Household.choices)
        self.types = dict(DisabilityType.choices)
        self.severity = dict(Severity.choices)
        self.ethnicity = dict(Ethnicity.objects.values_list("code", "name"))
        self.funding = dict(FundingSource.choices)
        self.kind = dict(ParticipantKind.choices)

    def facts(self, values: dict[str, Any]) -> list[str]:
        """The normalised values that identify the person and their disability, as short phrases."""
        facts = []
        birth_date = values.get("birth_date")
        if birth_date:
            year, month, day = birth_date.split("-")
            facts.append(_("born %(date)s") % {"date": f"{day}/{month}/{year}"})
        elif values.get("birth_year"):
            facts.append(_("born %(date)s") % {"date": values["birth_year"]})
        if values.get("sex"):
            facts.append(str(self.sex.get(values["sex"], values["sex"])))
        if values.get("ethnicity") and values["ethnicity"] in self.ethnicity:
            facts.append(self.ethnicity[values["ethnicity"]])
        if values.get("cccd"):
            facts.append(_("citizen ID %(cccd)s") % {"cccd": values["cccd"]})
        if values.get("village"):
            facts.append(values["village"])
        if values.get("household"):
            facts.append(str(self.household.get(values["household"], values["household"])))
        types = [str(self.types.get(value, value)) for value in values.get("types") or []]
        if types:
            facts.append(", ".join(types))
        if values.get("severity"):
            facts.append(str(self.severity.get(values["severity"], values["severity"])))
        if values.get("certificate_number"):
            facts.append(_("certificate %(number)s") % {"number": values["certificate_number"]})
        return facts + self.record_facts(values)

    def record_facts(self, values: dict[str, Any]) -> list[str]:
        """What a row of a service or attendance list records, as short phrases."""
        facts = []
        if values.get("participant_kind"):
            facts.append(str(self.kind.get(values["participant_kind"], values["participant_kind"])))
        if values.get("cared_for_name"):
            facts.append(_("cares for %(name)s") % {"name": values["cared_for_name"]})
        if values.get("position"):
            facts.append(values["position"])
        if values.get("delivered_on"):
            facts.append(_("on %(date)s") % {"date": _day(values["delivered_on"])})
        if values.get("cost") is not None:
            facts.append(_("%(amount)s đồng") % {"amount": grouped_number(values["cost"])})
        if values.get("funding_source"):
            facts.append(str(self.funding.get(values["funding_source"], values["funding_source"])))
        if values.get("outcome"):
            facts.append(values["outcome"])
        if values.get("follow_up_on"):
            facts.append(_("follow-up %(date)s") % {"date": _day(values["follow_up_on"])})
        return facts


def list_defaults(person_import: PersonImport) -> list[str]:
    """What the rows of a service or attendance list take where their cells say nothing, as phrases."""
    defaults = person_import.defaults or {}
    facts = []
    if defaults.get("participant_kind"):
        kind = ParticipantKind(defaults["participant_kind"]).label
        facts.append(_("Everyone listed: %(kind)s") % {"kind": kind})
    elif person_import.target == ImportTarget.PARTICIPANTS:
        facts.append(_("Who each participant is: from the list's column"))
    if defaults.get("delivered_on"):
        facts.append(_("Date for the whole list: %(date)s") % {"date": _day(defaults["delivered_on"])})
    if defaults.get("provider"):
        provider = Agency.objects.filter(pk=defaults["provider"]).values_list("name", flat=True).first()
        facts.append(_("Provider: %(name)s") % {"name": provider or "–"})
    if defaults.get("funding_source"):
        facts.append(
            _("Funding source: %(source)s") % {"source": FundingSource(defaults["funding_source"]).label}
        )
    if defaults.get("cost") is not None:
        facts.append(_("Cost per person: %(amount)s đồng") % {"amount": grouped_number(defaults["cost"])})
    return facts


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _reason_language() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en"


def _row_views(
    user: User, rows: list[ImportRow], decisions: DecisionsForm | None, labels: Labels
) -> list[RowView]:
    language = _reason_language()
    views = []
    for row in rows:
        values = row.values or {}
        view = RowView(
            row=row,
            name=values.get("full_name") or EMPTY,
            facts=labels.facts(values),
            reasons=[reason.get(language) or reason.get("en", "") for reason in row.reasons],
            match_linked=row.match is not None and user.scope.covers(row.match.unit_path),
        )
        if row.row_class == RowClass.NOT_DATA:
            view.cells = [str(cell) for cell in row.cells if cell not in (None, "")]
        if decisions is not None and row.row_class == RowClass.POSSIBLE_DUPLICATE:
            view.decision = decisions.bound_for(row)  # None for a row the posted form did not hold
        views.append(view)
    return views


def _shown(request: HttpRequest) -> Any:
    """Where the page's class and page number come from: the address, or the form that was posted from
    that page and comes back with an error."""
    return request.POST if request.method == "POST" else request.GET


def _selected_class(request: HttpRequest, counts: dict[str, int]) -> str:
    """The class asked for, else the first one with rows (what needs the officer comes first)."""
    asked = _shown(request).get("class", "")
    if asked in RowClass.values:
        return asked
    return next((row_class for row_class in CLASS_ORDER if counts.get(row_class)), RowClass.CREATE)


def _mapping_forms(person_import: PersonImport) -> dict[str, ColumnMappingForm]:
    return {
        sheet: ColumnMappingForm(
            sheet=sheet, columns=layout["columns"], fields=TARGET_FIELDS[person_import.target]
        )
        for sheet, layout in person_import.layout.items()
    }


def _preview(
    request: HttpRequest,
    person_import: PersonImport,
    *,
    mapping_forms: dict[str, ColumnMappingForm] | None = None,
    decisions: DecisionsForm | None = None,
) -> HttpResponse:
    """The preview page; ``mapping_forms`` and ``decisions`` when a submitted form comes back with errors."""
    user = signed_in_user(request)
    can_manage = may_manage_import(user, person_import)
    open_for_changes = can_manage and person_import.status == ImportStatus.PREVIEW
    counts = person_import.counts or {}
    selected = _selected_class(request, counts)
    page = Paginator(import_rows(person_import=person_import, row_class=selected), PAGE_SIZE).get_page(
        _shown(request).get("page")
    )
    rows = list(page)
    if open_for_changes and selected == RowClass.POSSIBLE_DUPLICATE and decisions is None:
        decisions = DecisionsForm(rows=rows)
    if open_for_changes and mapping_forms is None:
        mapping_forms = _mapping_forms(person_import)
    sheets = [
        {
            "name": sheet,
            "form": (mapping_forms or {}).get(sheet) if open_for_changes else None,
            "columns": [
                {
                    "letter": column["letter"],
                    "label": column["label"],
                    "field": FIELD_LABELS.get(column["field"], column["field"]),
                }
                for column in layout["columns"]
            ],
        }
        for sheet, layout in person_import.layout.items()
    ]
    to_write = rows_to_write_count(person_import=person_import)
    running = _job_running(person_import)
    context = {
        "person_import": person_import,
        "class_counts": [
            {
                "value": row_class.value,
                "label": class_label(person_import, row_class),
                "count": counts.get(row_class, 0),
            }
            for row_class in CLASS_ORDER
        ],
        "analysed": bool(counts),
        "selected": selected,
        "selected_label": class_label(person_import, selected),
        "caption": CAPTIONS[ImportTarget(person_import.target)],
        "list_defaults": list_defaults(person_import),
        "page": page,
        "params": urlencode({"class": selected}),
        "rows": _row_views(user, rows, decisions, Labels()),
        "decisions": decisions,
        "sheets": sheets,
        "multiple_sheets": len(sheets) > 1,
        "can_manage": can_manage,
        "can_import_persons": user.has_capability(MANAGE),
        "open_for_changes": open_for_changes,
        "job_running": running,
        "job_visible": person_import.job is not None and person_import.job.owner_id == user.pk,
        "to_write": to_write,
        "can_commit": can_manage and _can_commit(person_import, to_write, running),
        "has_errors_file": rows_needing_attention(person_import=person_import).exists(),
        "person_list_url": reverse("web:person_list")
        + "?"
        + urlencode({"commune": person_import.commune.code})
        if person_import.target == ImportTarget.PERSONS and person_import.commune
        else "",
    }
    return render(request, "web/imports/detail.html", context)


def _can_commit(person_import: PersonImport, to_write: int, running: bool) -> bool:
    """A checked list with rows to write, once no job works on it; an interrupted import always (its job
    may still read "running" when the worker was stopped, and resuming twice is safe)."""
    if person_import.status == ImportStatus.COMMITTING:
        return True
    return person_import.status == ImportStatus.PREVIEW and to_write > 0 and not running


@capability_required(VIEW)
def import_detail_view(request: HttpRequest, import_id: UUID) -> HttpResponse:
    return _preview(request, import_or_404(request, import_id))


def _back_to(person_import: PersonImport, request: HttpRequest) -> str:
    """The preview at the class and page the form was posted from."""
    url = reverse("web:import_detail", kwargs={"import_id": person_import.pk})
    params = {key: request.POST[key] for key in ("class", "page") if request.POST.get(key)}
    return f"{url}?{urlencode(params)}" if params else url


@capability_required(VIEW)
@require_POST
def import_map_view(request: HttpRequest, import_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    person_import = managed_import_or_404(request, import_id)
    sheet = request.POST.get("sheet", "")
    forms_by_sheet = _mapping_forms(person_import)
    if sheet not in forms_by_sheet:
        messages.error(request, _("The file has no such sheet."))
        return redirect(_back_to(person_import, request))
    layout = person_import.layout[sheet]
    form = ColumnMappingForm(
        request.POST, sheet=sheet, columns=layout["columns"], fields=TARGET_FIELDS[person_import.target]
    )
    forms_by_sheet[sheet] = form
    if form.is_valid():
        try:
            person_import_map(actor=user, person_import=person_import, sheet=sheet, mapping=form.mapping())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            job = person_import_analyse_start(actor=user, person_import=person_import)
            messages.success(request, _("The mapping is saved: the list is being checked again."))
            return after_start(request, job, person_import)
    return _preview(request, person_import, mapping_forms=forms_by_sheet)


@capability_required(MANAGE)
@require_POST
def import_decide_view(request: HttpRequest, import_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    person_import = import_or_404(request, import_id, record_read=False)
    row_ids = [
        int(name.removeprefix("decision_"))
        for name in request.POST
        if name.startswith("decision_") and name.removeprefix("decision_").isdigit()
    ]
    rows = list(
        import_rows(person_import=person_import, row_class=RowClass.POSSIBLE_DUPLICATE).filter(pk__in=row_ids)
    )
    form = DecisionsForm(request.POST, rows=rows)
    if form.is_valid():
        try:
            changed = person_import_decide(
                actor=user, person_import=person_import, decisions=form.decisions()
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if changed:
                messages.success(request, _("Your decisions are saved."))
            return redirect(_back_to(person_import, request))
    return _preview(request, person_import, decisions=form)


@capability_required(VIEW)
@require_POST
def import_commit_view(request: HttpRequest, import_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    person_import = managed_import_or_404(request, import_id)
    resuming = person_import.status == ImportStatus.COMMITTING
    if not resuming and person_import.status != ImportStatus.PREVIEW:
        messages.error(request, _("This import can no longer be changed."))
        return redirect("web:import_detail", import_id=person_import.pk)
    if not resuming and _job_running(person_import):
        messages.error(request, _("Wait until the work on this list has finished, then import it."))
        return redirect("web:import_detail", import_id=person_import.pk)
    if not resuming and not rows_to_write_count(person_import=person_import):
        messages.error(
            request, _("No row of this list would change the registry: there is nothing to import.")
        )
        return redirect("web:import_detail", import_id=person_import.pk)
    job = person_import_commit_start(actor=user, person_import=person_import)
    messages.success(request, _("The list is being imported."))
    return after_start(request, job, person_import)


@capability_required(VIEW)
@require_POST
def import_cancel_view(request: HttpRequest, import_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    person_import = managed_import_or_404(request, import_id)
    try:
        person_import_cancel(actor=user, person_import=person_import)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("web:import_detail", import_id=person_import.pk)
    messages.success(
        request,
        _("The import of “%(file)s” is cancelled: nothing of it was written.")
        % {"file": person_import.file_name},
    )
    return redirect("web:import_list")


@capability_required(VIEW)
def import_errors_view(request: HttpRequest, import_id: UUID) -> HttpResponse:
    """The rows still to correct or decide on, as a workbook to fix and upload again."""
    user = signed_in_user(request)
    person_import = import_or_404(request, import_id, record_read=False)
    content = import_errors_download(viewer=user, person_import=person_import)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, import_error_file_name(person_import=person_import)
    )
    response["Cache-Control"] = "no-store"
    return response
