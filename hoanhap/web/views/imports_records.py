"""Uploading a service list or an activity's attendance list, and the templates to fill in.

After the upload the list goes through the same pages as a list of persons (``imports``): the check runs
in the background, the preview shows what each row would record, the rows to correct come back as a
workbook, and nothing is written before the officer imports it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.import_selectors import person_imports
from hoanhap.exchange.import_services import MAX_FILE_BYTES, attendance_list_upload, service_list_upload
from hoanhap.exchange.import_templates import record_list_template, record_template_file_name
from hoanhap.exchange.models import ImportTarget
from hoanhap.exchange.tasks import person_import_analyse_start
from hoanhap.provision.activity_selectors import access_activity
from hoanhap.provision.catalogue import catalogue
from hoanhap.provision.models import Activity
from hoanhap.provision.reach import RECORD, may_record, reporting_agency, viewer_domains
from hoanhap.web.forms_admin import add_application_error
from hoanhap.web.forms_imports_records import AttendanceListUploadForm, ServiceListUploadForm
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user
from hoanhap.web.views.imports import XLSX, after_start, import_summaries
from hoanhap.web.views.provision_activities import agencies_in_reach


@capability_required(RECORD)
def service_list_import_view(request: HttpRequest) -> HttpResponse:
    """The upload of a list of the persons of a commune who received a service, with the service lists
    uploaded in the user's area."""
    user = signed_in_user(request)
    types = list(catalogue(domains=viewer_domains(user), active_only=True))
    agency = reporting_agency(user)
    form = ServiceListUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"provider": agency.pk if agency else None, "commune": request.GET.get("commune", "")},
        scope=user.scope,
        types=types,
        providers=agencies_in_reach(user),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            person_import = service_list_upload(
                actor=user,
                commune=form.cleaned_data["commune"],
                service_type=form.cleaned_data["service_type"],
                defaults=form.defaults(),
                file_name=upload.name or "",
                content=upload.read(MAX_FILE_BYTES + 1),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            job = person_import_analyse_start(actor=user, person_import=person_import)
            messages.success(
                request,
                _("The file “%(file)s” is uploaded and being checked. Nothing is recorded yet.")
                % {"file": person_import.file_name},
            )
            return after_start(request, job, person_import)
    imports = person_imports(viewer=user).filter(target=ImportTarget.SERVICES).select_related("service_type")
    page = Paginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/imports/services.html",
        {
            "form": form,
            "page": page,
            "imports": import_summaries(page),
            "params": query_without_page(request),
        },
    )


@capability_required(RECORD)
def attendance_list_import_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The upload of an activity's attendance list, with the lists already uploaded for it."""
    user = signed_in_user(request)
    try:
        activity = access_activity(viewer=user, activity_id=activity_id, record_read=False)
    except Activity.DoesNotExist:
        raise Http404 from None
    if not may_record(user, domain=activity.domain, unit_path=activity.unit_path):
        raise Http404
    form = AttendanceListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            person_import = attendance_list_upload(
                actor=user,
                activity=activity,
                participant_kind=form.cleaned_data["participant_kind"] or "",
                file_name=upload.name or "",
                content=upload.read(MAX_FILE_BYTES + 1),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            job = person_import_analyse_start(actor=user, person_import=person_import)
            messages.success(
                request,
                _("The file “%(file)s” is uploaded and being checked. Nothing is recorded yet.")
                % {"file": person_import.file_name},
            )
            return after_start(request, job, person_import)
    imports = person_imports(viewer=user).filter(activity=activity)
    return render(
        request,
        "web/imports/attendance.html",
        {"form": form, "activity": activity, "imports": import_summaries(imports[:PAGE_SIZE])},
    )


@capability_required(RECORD)
def record_template_view(request: HttpRequest, target: str) -> HttpResponse:
    """The XLSX to fill in for a service list or an attendance list."""
    if target not in (ImportTarget.SERVICES, ImportTarget.PARTICIPANTS):
        raise Http404
    response = HttpResponse(record_list_template(target), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, record_template_file_name(target))
    return response
