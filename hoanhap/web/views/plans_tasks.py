"""A task's occurrence: what is due and when, the updates posted, and — for the lead agency's reporter —
the form to post one (progress, share done, evidence); and the download of an update's evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.models import OccurrenceStatus, PlanStatus, TaskOccurrence, TaskUpdate
from hoanhap.plans.page_selectors import access_occurrence
from hoanhap.plans.recurrence import is_overdue
from hoanhap.plans.selectors import VIEW
from hoanhap.plans.task_selectors import access_task_evidence, evidence_file_name
from hoanhap.plans.task_services import may_report, task_update_post
from hoanhap.web.forms_plans import TaskUpdateForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user


@capability_required(VIEW)
def task_occurrence_view(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        occurrence = access_occurrence(viewer=user, occurrence_id=occurrence_id)
    except TaskOccurrence.DoesNotExist:
        raise Http404 from None
    task = occurrence.task
    can_report = task.plan.status == PlanStatus.ISSUED and may_report(user, task)
    posted = request.method == "POST"
    if posted and not can_report:
        raise PermissionDenied
    form = TaskUpdateForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            task_update_post(
                actor=user,
                occurrence=occurrence,
                progress=form.cleaned_data["progress"],
                share_done=form.cleaned_data["share_done"],
                evidence=form.cleaned_data["evidence"],
            )
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("Your update was posted."))
            return redirect("web:task_occurrence", occurrence_id=occurrence.pk)
    overdue = task.plan.status == PlanStatus.ISSUED and is_overdue(
        due_on=occurrence.due_on, done=occurrence.status == OccurrenceStatus.DONE, today=timezone.localdate()
    )
    # Each update with the name its evidence downloads as ("" without one), for the link's text.
    updates = [
        (update, evidence_file_name(update) if update.evidence else "") for update in occurrence.updates.all()
    ]
    context = {
        "occurrence": occurrence,
        "updates": updates,
        "task": task,
        "plan": task.plan,
        "overdue": overdue,
        "form": form,
        "can_report": can_report,
    }
    return render(request, "web/plans/occurrence.html", context)


@capability_required(VIEW)
def task_update_evidence_view(request: HttpRequest, update_id: int) -> FileResponse:
    """The evidence file of an update, for those who may open the occurrence's page (anyone else: 404); the
    download is recorded by the selector."""
    try:
        update = access_task_evidence(viewer=signed_in_user(request), update_id=update_id)
    except TaskUpdate.DoesNotExist:
        raise Http404 from None
    # Streamed in blocks and closed by the response; as an attachment, so an uploaded file is never
    # rendered by the browser on the application's origin.
    response = FileResponse(
        update.evidence.open("rb"), as_attachment=True, filename=evidence_file_name(update)
    )
    response["Cache-Control"] = "private, no-store"
    return response
