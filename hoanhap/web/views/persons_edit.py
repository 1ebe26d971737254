"""Registering a person and changing their record, with the duplicate check and the edit conflict.

Before saving a new person (or a change of name, year of birth or citizen ID), the probable duplicates
anywhere in the country are shown, and nothing is saved until the officer ticks "This is a different
person"; each pair is then put in the review queue of possible duplicates. A change saved by someone else
since the form was opened is never overwritten: the form comes back with what differs, and the next
submit (made knowing it) saves.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoanhap.accounts.models import User
from hoanhap.accounts.selectors import assigned_units
from hoanhap.assessments.duplicates import duplicate_flag
from hoanhap.assessments.models import DuplicateReason
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.text import fold
from hoanhap.geo.models import Tier
from hoanhap.geo.selectors import current_commune_for
from hoanhap.people.cccd import normalize_cccd
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Person
from hoanhap.people.selectors import access_person, duplicate_candidates
from hoanhap.people.services import StaleVersion, person_data_from, person_register, person_update
from hoanhap.people.validation import clean_person_data
from hoanhap.web.forms_persons import PersonForm, person_initial
from hoanhap.web.forms_registry import show_service_error
from hoanhap.web.views.common import signed_in_user
from hoanhap.web.views.persons_common import MANAGE, conflict_rows, person_or_404


def _service_error(form: PersonForm, error: ApplicationError) -> None:
    if error.code == "split_commune":
        form.offer_successors(list(error.extra.get("options", [])))
    show_service_error(form, error)


def _identity_changed(person: Person | None, data: PersonData) -> bool:
    if person is None:
        return True
    return (
        fold(data.full_name) != person.name_folded
        or data.birth_year != person.birth_year
        or data.cccd != person.cccd
    )


def _duplicate_rows(user: User, candidates: list[Person]) -> list[dict[str, Any]]:
    return [{"person": person, "linked": user.scope.covers(person.unit_path)} for person in candidates]


def _flag_for_review(user: User, saved: Person, candidates: list[Person]) -> None:
    """The officer said "a different person" despite the warning: each pair goes to the review queue, so
    that an officer who sees both records confirms it (by the same citizen ID, else by name and year)."""
    cccd = normalize_cccd(saved.cccd) if saved.cccd else ""
    same_cccd = [other for other in candidates if cccd and other.cccd == cccd]
    same_name = [other for other in candidates if other not in same_cccd]
    for reason, others in (
        (DuplicateReason.SAME_CCCD, same_cccd),
        (DuplicateReason.SAME_NAME_BIRTH_YEAR, same_name),
    ):
        if others:
            duplicate_flag(actor=user, person=saved, others=others, reason=reason)


def _submit(request: HttpRequest, form: PersonForm, person: Person | None) -> HttpResponse | dict[str, Any]:
    """Save the valid ``form``: a redirect to the person's page, or what the page must show instead."""
    user = signed_in_user(request)
    data = form.person_data(carer_id=person.carer_id if person else None)
    try:
        clean_person_data(data)
        data.commune = current_commune_for(unit=data.commune, choice=data.successor_choice)
        data.successor_choice = None
    except ApplicationError as error:
        _service_error(form, error)
        return {}
    candidates = []
    if _identity_changed(person, data):
        candidates = duplicate_candidates(
            full_name=data.full_name,
            birth_year=data.birth_year,
            cccd=data.cccd,
            commune=data.commune,
            exclude_pk=person.pk if person else None,
        )
        if candidates and not form.cleaned_data["different_person"]:
            return {"duplicates": _duplicate_rows(user, candidates)}
    try:
        # The record and the pairs it forms with the candidates the officer was shown are saved together.
        with transaction.atomic():
            if person is None:
                saved = person_register(actor=user, data=data)
            else:
                saved = person_update(
                    actor=user, person=person, expected_version=form.cleaned_data["version"] or 0, data=data
                )
            _flag_for_review(user, saved, candidates)
    except StaleVersion as error:
        # The page now shows the record as stored: a read, recorded as such.
        access_person(viewer=user, person_id=error.current.pk)
        form.set_version(error.current.version)
        form.non_field_anchor = "conflict"
        form.add_error(None, str(error.message))
        return {"conflict": conflict_rows(data, error.current)}
    except ApplicationError as error:
        _service_error(form, error)
        return {}
    if person is None:
        messages.success(request, _("%(name)s was added to the registry.") % {"name": saved.full_name})
    else:
        messages.success(request, _("The record of %(name)s was saved.") % {"name": saved.full_name})
    return redirect("web:person_detail", person_id=saved.pk)


def _default_commune(user: User) -> str:
    units = assigned_units(user=user)
    if len(units) == 1 and units[0].tier == Tier.COMMUNE:
        return units[0].code
    return ""


@capability_required(MANAGE)
def person_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context: dict[str, Any] = {"person": None}
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            outcome = _submit(request, form, None)
            if isinstance(outcome, HttpResponse):
                return outcome
            context.update(outcome)
    else:
        form = PersonForm(initial={"commune": _default_commune(user)})
    context["form"] = form
    return render(request, "web/persons/form.html", context)


@capability_required(MANAGE)
def person_edit_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(request, person_id, record_read=request.method != "POST")
    context: dict[str, Any] = {"person": person}
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            outcome = _submit(request, form, person)
            if isinstance(outcome, HttpResponse):
                return outcome
            context.update(outcome)
    else:
        form = PersonForm(initial=person_initial(person_data_from(person), version=person.version))
    context["form"] = form
    return render(request, "web/persons/form.html", context)
