"""Plans: the list of the viewer's area, a plan's page (its phases, objectives with their targets and each
target's current figure, its tasks and their occurrences), and the forms that write a draft and issue it.
Who may read and write what is ``hoanhap.plans``'s to say (selectors and services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoanhap.accounts.models import User
from hoanhap.accounts.selectors import assigned_units
from hoanhap.agencies.models import Agency
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.selectors import PERSONAL_DATA
from hoanhap.plans.access import MANAGE
from hoanhap.plans.models import OccurrenceStatus, Plan
from hoanhap.plans.page_selectors import figure_unit, target_figures
from hoanhap.plans.plan_services import (
    objective_create,
    phase_add,
    plan_create,
    plan_issue,
    plan_update,
    target_create,
)
from hoanhap.plans.recurrence import is_overdue
from hoanhap.plans.selectors import VIEW, access_plan, plan_contents, plans_visible, target_reached
from hoanhap.plans.task_services import task_create
from hoanhap.web.forms_plans import ObjectiveForm, PhaseForm, PlanForm, TargetForm, TaskForm
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import PAGE_SIZE, query_without_page, signed_in_user


def agencies_in_reach(user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(user.scope.q("unit_path"), is_active=True).order_by(
        "unit_path", "name_folded"
    )


def plan_or_404(request: HttpRequest, plan_id: int) -> Plan:
    try:
        return access_plan(viewer=signed_in_user(request), plan_id=plan_id)
    except Plan.DoesNotExist:
        raise Http404 from None


@capability_required(VIEW)
def plan_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    plans = plans_visible(viewer=user).order_by("-period_start", "title", "id")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "params": query_without_page(request), "can_manage": user.has_capability(MANAGE)}
    return render(request, "web/plans/list.html", context)


@capability_required(MANAGE)
def plan_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    posted = request.method == "POST"
    form = PlanForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        agencies=agencies_in_reach(user),
        parents=plans_visible(viewer=user),
    )
    if posted and form.is_valid():
        try:
            plan = plan_create(actor=user, data=form.plan_data())
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The plan %(title)s was created as a draft.") % {"title": plan.title})
            return redirect("web:plan_detail", plan_id=plan.pk)
    return render(request, "web/plans/plan_form.html", {"form": form})


def plan_initial(plan: Plan) -> dict[str, Any]:
    """The plan form filled with what the plan holds (its signed document stays unless a new one is sent)."""
    return {
        "title": plan.title,
        "issuer_unit": plan.issuer_unit.code if plan.issuer_unit else "",
        "issuer_agency": plan.issuer_agency_id,
        "coordinating_office": plan.coordinating_office_id,
        "level": plan.level,
        "number": plan.number,
        "signed_on": plan.signed_on,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "parent": plan.parent_id,
        "legal_basis": plan.legal_basis,
    }


@capability_required(MANAGE)
def plan_edit_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Change a draft plan's details; an issued plan is sent back to its page (it can no longer change)."""
    user = signed_in_user(request)
    plan = plan_or_404(request, plan_id)
    if not plan.is_draft:
        messages.error(request, _("An issued plan cannot be changed."))
        return redirect("web:plan_detail", plan_id=plan.pk)
    posted = request.method == "POST"
    form = PlanForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=plan_initial(plan),
        agencies=agencies_in_reach(user),
        parents=plans_visible(viewer=user).exclude(pk=plan.pk),
    )
    if posted and form.is_valid():
        try:
            plan_update(actor=user, plan=plan, data=form.plan_data())
        except ApplicationError as error:
            show_service_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The plan %(title)s was changed.") % {"title": plan.title})
            return redirect("web:plan_detail", plan_id=plan.pk)
    return render(request, "web/plans/plan_form.html", {"form": form, "plan": plan})


def _task_rows(plan: Plan) -> list[dict[str, Any]]:
    today = timezone.localdate()
    issued = not plan.is_draft
    rows = []
    for task in plan.tasks.all():
        occurrences = [
            {
                "occurrence": occurrence,
                "overdue": issued
                and is_overdue(
                    due_on=occurrence.due_on, done=occurrence.status == OccurrenceStatus.DONE, today=today
                ),
            }
            for occurrence in task.occurrences.all()
        ]
        rows.append({"task": task, "occurrences": occurrences})
    return rows


@capability_required(VIEW)
def plan_detail_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = signed_in_user(request)
    plan = plan_contents(plan=plan_or_404(request, plan_id))
    current_year = timezone.localdate().year
    shown = figure_unit(viewer=user, plan=plan, own_units=assigned_units(user=user))
    figures = (
        target_figures(viewer=user, plan=plan, unit=shown[0], area=shown[1], year_=current_year)
        if shown
        else {}
    )
    objectives = []
    for objective in plan.objectives.all():
        targets = []
        for target in objective.targets.all():
            figure = figures.get(target.indicator_id)
            value = figure.total.value if figure is not None else None
            targets.append({"target": target, "figure": figure, "reached": target_reached(target, value)})
        objectives.append({"objective": objective, "targets": targets})
    context = {
        "plan": plan,
        "objectives": objectives,
        "tasks": _task_rows(plan),
        "unit": shown[0] if shown else None,
        "year": current_year,
        "can_manage": plan.is_draft and user.has_capability(MANAGE),
        "can_drill_down": user.has_capability(PERSONAL_DATA),
    }
    return render(request, "web/plans/detail.html", context)


@capability_required(MANAGE)
def plan_issue_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A confirmation page; posting it issues the plan."""
    user = signed_in_user(request)
    plan = plan_or_404(request, plan_id)
    error = ""
    if request.method == "POST":
        try:
            plan_issue(actor=user, plan=plan)
        except ApplicationError as failure:
            error = str(failure.message)
        else:
            messages.success(request, _("The plan was issued."))
            return redirect("web:plan_detail", plan_id=plan.pk)
    return render(request, "web/plans/issue.html", {"plan": plan, "error": error})


PARTS: dict[str, dict[str, Any]] = {
    "phase": {
        "form": PhaseForm,
        "title": gettext_lazy("Add a phase"),
        "button": gettext_lazy("Add the phase"),
        "done": gettext_lazy("The phase was added."),
    },
    "objective": {
        "form": ObjectiveForm,
        "title": gettext_lazy("Add an objective"),
        "button": gettext_lazy("Add the objective"),
        "done": gettext_lazy("The objective was added."),
    },
    "target": {
        "form": TargetForm,
        "title": gettext_lazy("Add a target"),
        "button": gettext_lazy("Add the target"),
        "done": gettext_lazy("The target was added."),
    },
    "task": {
        "form": TaskForm,
        "title": gettext_lazy("Add a task"),
        "button": gettext_lazy("Add the task"),
        "done": gettext_lazy("The task was added."),
    },
}


def _part_form(part: str, request: HttpRequest, user: User, plan: Plan) -> Any:
    data = request.POST if request.method == "POST" else None
    if part == "target":
        return TargetForm(data, plan=plan)
    if part == "task":
        return TaskForm(data, plan=plan, agencies=agencies_in_reach(user))
    return PARTS[part]["form"](data)


def _save_part(part: str, form: Any, user: User, plan: Plan) -> None:
    data = form.cleaned_data
    if part == "phase":
        phase_add(
            actor=user, plan=plan, name=data["name"], start_year=data["start_year"], end_year=data["end_year"]
        )
    elif part == "objective":
        objective_create(actor=user, plan=plan, code=data["code"], text=data["text"], domain=data["domain"])
    elif part == "target":
        target_create(actor=user, objective=data["objective"], data=form.target_data())
    else:
        task_create(actor=user, plan=plan, data=form.task_data())


def _part_view(request: HttpRequest, plan_id: int, part: str) -> HttpResponse:
    user = signed_in_user(request)
    plan = plan_or_404(request, plan_id)
    if not plan.is_draft:
        messages.error(request, _("An issued plan cannot be changed."))
        return redirect("web:plan_detail", plan_id=plan.pk)
    form = _part_form(part, request, user, plan)
    if request.method == "POST" and form.is_valid():
        try:
            _save_part(part, form, user, plan)
        except ApplicationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, str(PARTS[part]["done"]))
            return redirect("web:plan_detail", plan_id=plan.pk)
    context = {"plan": plan, "form": form, "title": PARTS[part]["title"], "button": PARTS[part]["button"]}
    return render(request, "web/plans/part_form.html", context)


@capability_required(MANAGE)
def plan_phase_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _part_view(request, plan_id, "phase")


@capability_required(MANAGE)
def plan_objective_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _part_view(request, plan_id, "objective")


@capability_required(MANAGE)
def plan_target_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _part_view(request, plan_id, "target")


@capability_required(MANAGE)
def plan_task_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _part_view(request, plan_id, "task")
