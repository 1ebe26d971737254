"""The services provided: a list of the service records the viewer may see, filtered by unit, domain, service
type and period, page by page, with the same list as a spreadsheet.

What is listed is ``hoanhap.provision.selectors``'s to say (an agency reporter sees only their agency's
domains and area). The list names persons: each page shown is recorded, as the service ids read and as the
persons listed. The spreadsheet is the services export of ``provision_exports``, given the same filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from hoanhap.accounts.models import User
from hoanhap.audit.exports import XLSX_CONTENT_TYPE
from hoanhap.core.access import capability_required
from hoanhap.core.pagination import IdsFirstPaginator
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.geo.selectors import unit_get
from hoanhap.people.selectors import record_person_list_read
from hoanhap.provision.exports import service_records_workbook
from hoanhap.provision.models import Domain, ServiceRecord, ServiceType
from hoanhap.provision.reach import PERSONAL_DATA, RECORD, viewer_domains
from hoanhap.provision.selectors import filtered_service_records, record_service_list_read
from hoanhap.web.forms_registry import GovukDateField, RegistryFormMixin, choices_with_blank
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user

# A longer list is not counted to the end: the caption says "more than" and asks for a filter.
LIST_COUNT_LIMIT = 100_000


@dataclass(frozen=True)
class ServiceListFilters:
    unit: AdminUnit | None = None
    domain: str = ""
    service_type: ServiceType | None = None
    date_from: date | None = None
    date_to: date | None = None

    def audit(self) -> dict[str, Any]:
        """The filters as the audit trail keeps them (codes and ISO dates)."""
        return {
            "unit": self.unit.code if self.unit else "",
            "domain": self.domain,
            "service_type": self.service_type.code if self.service_type else "",
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }


class ServiceListFilterForm(RegistryFormMixin, forms.Form):
    """The list's filters. Without any (the page as first opened) the list shows this calendar year."""

    widths: ClassVar[dict[str, str]] = {"unit": "govuk-input--width-10"}

    unit = forms.CharField(
        label=_("Commune or province code"),
        required=False,
        max_length=10,
        help_text=_("Services to persons of this unit; leave empty for your whole area."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
    )
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    service_type = forms.ChoiceField(label=_("Service"), required=False)
    date_from = GovukDateField(label=_("From"), required=False, help_text=_("For example 1 1 2025."))
    date_to = GovukDateField(label=_("To"), required=False, help_text=_("For example 31 12 2025."))

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        year = timezone.localdate().year
        kwargs.setdefault("initial", {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31)})
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        domains = viewer_domains(viewer)
        domain: Any = self.fields["domain"]
        domain.choices = choices_with_blank(
            _("All domains"), [(code, label) for code, label in Domain.choices if code in domains]
        )
        # Inactive types too: services recorded before a type was retired are still listed.
        self.types = {
            service_type.code: service_type
            for service_type in ServiceType.objects.filter(domain__in=sorted(domains)).order_by(
                "domain", "name"
            )
        }
        grouped: dict[str, list[tuple[str, str]]] = {}
        for service_type in self.types.values():
            grouped.setdefault(service_type.domain, []).append((service_type.code, service_type.name))
        service_type_field: Any = self.fields["service_type"]
        service_type_field.choices = choices_with_blank(
            _("All services"),
            [(str(Domain(code).label), grouped[code]) for code in Domain.values if code in grouped],
        )
        self.apply_govuk()

    def clean_unit(self) -> AdminUnit | None:
        code = (self.cleaned_data.get("unit") or "").strip()
        if not code:
            return None
        try:
            unit = unit_get(edition=Edition.CURRENT, code=code)
        except AdminUnit.DoesNotExist:
            raise forms.ValidationError(
                _("No current administrative unit has the code %(code)s."),
                code="unknown_unit",
                params={"code": code},
            ) from None
        if not self.viewer.scope.covers(unit.path):
            raise forms.ValidationError(_("This unit is outside your area."), code="out_of_scope")
        return unit

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start is not None and end is not None and end < start:
            self.add_error("date_to", _("The end of the period must be on or after its start."))
        return cleaned

    def filters(self) -> ServiceListFilters:
        """The filters asked for; this calendar year when the form was not submitted."""
        if not self.is_bound:
            return ServiceListFilters(date_from=self.initial["date_from"], date_to=self.initial["date_to"])
        data = self.cleaned_data
        return ServiceListFilters(
            unit=data["unit"],
            domain=data["domain"],
            service_type=self.types.get(data["service_type"]),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def service_list_records(viewer: User, filters: ServiceListFilters) -> QuerySet[ServiceRecord]:
    return filtered_service_records(
        viewer=viewer,
        domain=filters.domain,
        start=filters.date_from,
        end=filters.date_to,
        unit_path=filters.unit.path if filters.unit else "",
        service_type_id=filters.service_type.pk if filters.service_type else None,
    ).select_related("person__commune")


def download_query(filters: ServiceListFilters) -> str:
    """The filters as the download link carries them (the same inputs the form posts)."""
    params: dict[str, Any] = {}
    if filters.unit:
        params["unit"] = filters.unit.code
    if filters.domain:
        params["domain"] = filters.domain
    if filters.service_type:
        params["service_type"] = filters.service_type.code
    for name in ("date_from", "date_to"):
        day: date | None = getattr(filters, name)
        if day is not None:
            params.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return urlencode(params)


@capability_required(PERSONAL_DATA)
def service_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ServiceListFilterForm(request.GET or None, viewer=user)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if valid else ServiceListFilters()
    records = service_list_records(user, filters) if valid else ServiceRecord.objects.none()
    paginator = IdsFirstPaginator(records, PAGE_SIZE, count_limit=LIST_COUNT_LIMIT)
    page = paginator.get_page(request.GET.get("page"))
    shown: list[ServiceRecord] = list(page)
    if valid:
        audited = filters.audit()
        record_service_list_read(viewer=user, records=shown, filters=audited)
        persons = {record.person_id: record.person for record in shown}
        record_person_list_read(viewer=user, persons=list(persons.values()), filters=audited)
    context = {
        "form": form,
        "page": page,
        "records": shown,
        "params": query_without_page(request),
        "download": download_query(filters) if valid else "",
        "valid": valid,
        "can_import": user.has_capability(RECORD),
    }
    return render(request, "web/provision/services.html", context)


def _file_name(filters: ServiceListFilters) -> str:
    start, end = filters.date_from, filters.date_to
    if start and end:
        if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
            return f"services-{start.year}.xlsx"
        return f"services-{start.isoformat()}-{end.isoformat()}.xlsx"
    if start:
        return f"services-from-{start.isoformat()}.xlsx"
    if end:
        return f"services-to-{end.isoformat()}.xlsx"
    return "services.xlsx"


def service_list_download(request: HttpRequest) -> HttpResponse:
    """The services export given the list's filters (none: this calendar year, as the list first opens);
    wrong filters lead back to the list, which shows what is wrong. An open end of the period is open in
    the workbook too. The export is recorded by ``service_records_workbook``."""
    user = signed_in_user(request)
    form = ServiceListFilterForm(request.GET or None, viewer=user)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('web:service_list')}?{request.GET.urlencode()}")
    filters = form.filters()
    content = service_records_workbook(
        viewer=user,
        start=filters.date_from or date.min,
        end=filters.date_to or date.max,
        unit=filters.unit,
        domain=filters.domain,
        service_type_id=filters.service_type.pk if filters.service_type else None,
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _file_name(filters))
    response["Cache-Control"] = "no-store"
    return response
