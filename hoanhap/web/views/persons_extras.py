"""A person's certificate card as PDF, the check against the national population database, and the
functioning question sets (Washington Group / UNICEF), with what the person's page shows of them.

The person is fetched in the viewer's scope (a 404 otherwise). A record merged into another leads, on the
pages here opened by a link (GET), to the same page of the record it was merged into when the viewer may
see that one; a change (POST) to it is a 404, and so is its own page (``persons.person_detail_view``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoanhap.assessments.certificate_pdf import certificate_print
from hoanhap.assessments.functioning import QUESTION_SETS, functioning_history, functioning_record
from hoanhap.assessments.models import FunctioningAssessment, FunctioningInstrument
from hoanhap.assessments.selectors import certificate_history
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.people.identity.selectors import latest_identity_check
from hoanhap.people.identity.services import identity_verify
from hoanhap.people.models import IdentityCheck, Person, Sex
from hoanhap.people.selectors import access_person
from hoanhap.web.forms_functioning import (
    DOMAIN_LABELS,
    FunctioningForm,
    InstrumentChoiceForm,
    suggested_instruments,
)
from hoanhap.web.views.common import signed_in_user
from hoanhap.web.views.persons_common import EMPTY, MANAGE, person_or_404, survivor_or_404

IDENTITY_ANCHOR = "national-database"
FUNCTIONING_ANCHOR = "functioning"


def _posted(request: HttpRequest) -> bool:
    return request.method == "POST"


def _detail_url(person: Person, anchor: str) -> str:
    return f"{reverse('web:person_detail', kwargs={'person_id': person.pk})}#{anchor}"


# --- The certificate card ----------------------------------------------------------------------------------


def card_file_name(number: str) -> str:
    """``giay-xac-nhan-<number>.pdf`` in ASCII letters, digits and hyphens: "15/GXN-Đ" → "…-15-gxn-d.pdf"."""
    ascii_number = (
        unicodedata.normalize("NFKD", number.replace("đ", "d").replace("Đ", "D"))
        .encode("ascii", "ignore")
        .decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_number.lower()).strip("-")
    return f"giay-xac-nhan-{slug}.pdf" if slug else "giay-xac-nhan.pdf"


@capability_required("personal_data.view")
def person_certificate_pdf_view(request: HttpRequest, person_id: int, certificate_id: int) -> HttpResponse:
    """The card of one of the person's certificates, to print; the print is recorded by the service."""
    user = signed_in_user(request)
    try:
        # The printing is recorded (with the person), not the read of the record as well.
        person = access_person(viewer=user, person_id=person_id, record_read=False)
    except Person.DoesNotExist:
        survivor = survivor_or_404(request, person_id)
        return redirect("web:person_certificate_pdf", person_id=survivor.pk, certificate_id=certificate_id)
    certificate = next(
        (item for item in certificate_history(person=person) if item.pk == certificate_id), None
    )
    if certificate is None:
        raise Http404
    certificate.person = person
    content = certificate_print(actor=user, certificate=certificate)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, card_file_name(certificate.number))
    response["Cache-Control"] = "no-store"
    return response


# --- The national population database ---------------------------------------------------------------------


@capability_required(MANAGE)
@require_POST
def person_identity_verify_view(request: HttpRequest, person_id: int) -> HttpResponse:
    user = signed_in_user(request)
    person = person_or_404(request, person_id, record_read=False)
    try:
        check = identity_verify(actor=user, person=person)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(_detail_url(person, IDENTITY_ANCHOR))
    outcome = check.outcome
    if outcome == IdentityCheck.Outcome.MATCHED:
        messages.success(
            request,
            _("The record of %(name)s matches the national population database.")
            % {"name": person.full_name},
        )
    elif outcome == IdentityCheck.Outcome.DIFFERENCES:
        messages.warning(
            request,
            _("The national population database differs from the record of %(name)s: see the differences.")
            % {"name": person.full_name},
        )
    elif outcome == IdentityCheck.Outcome.NOT_FOUND:
        messages.warning(request, _("The national population database has no citizen with this citizen ID."))
    else:
        messages.warning(
            request, _("The national population database could not be reached. Try again later.")
        )
    return redirect(_detail_url(person, IDENTITY_ANCHOR))


# --- Functioning -------------------------------------------------------------------------------------------


@capability_required(MANAGE)
def person_functioning_create_view(request: HttpRequest, person_id: int) -> HttpResponse:
    """First the choice of a question set (``?instrument=``), suggested by age; then its questions."""
    user = signed_in_user(request)
    try:
        person = access_person(viewer=user, person_id=person_id, record_read=not _posted(request))
    except Person.DoesNotExist:
        if _posted(request):
            raise Http404 from None
        survivor = survivor_or_404(request, person_id)
        query = request.GET.urlencode()
        target = reverse("web:person_functioning_create", args=[survivor.pk])
        return redirect(f"{target}?{query}" if query else target)
    today = timezone.localdate()
    choice = InstrumentChoiceForm(
        request.GET if "instrument" in request.GET else None, suggested=suggested_instruments(person, today)
    )
    if not choice.is_bound or not choice.is_valid():
        return render(request, "web/persons/functioning_choice.html", {"person": person, "form": choice})
    question_set = QUESTION_SETS[choice.cleaned_data["instrument"]]
    form = FunctioningForm(
        request.POST if _posted(request) else None,
        question_set=question_set,
        initial={"assessed_on": today},
    )
    if _posted(request) and form.is_valid():
        try:
            functioning_record(
                actor=user,
                person=person,
                assessed_on=form.cleaned_data["assessed_on"],
                instrument=question_set.instrument,
                answers=form.answers(),
            )
        except ApplicationError as error:
            form.show_service_error(error)
        else:
            messages.success(
                request,
                _("The answers of %(name)s to the %(question_set)s were recorded.")
                % {"name": person.full_name, "question_set": form.instrument_label},
            )
            return redirect(_detail_url(person, FUNCTIONING_ANCHOR))
    return render(request, "web/persons/functioning_form.html", {"person": person, "form": form})


# --- What the person's page shows (through the context processor: its view is in ``persons``) ----------


@dataclass(frozen=True)
class DifferenceRow:
    label: str
    registry: str
    recorded: str


@dataclass(frozen=True)
class FunctioningRow:
    assessment: FunctioningAssessment
    identifiers: list[tuple[str, str]]
    domains: list[str]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("Unknown")
    return _("Yes") if value else _("No")


def _iso_date(value: Any) -> str:
    if not value:
        return EMPTY
    try:
        return f"{date.fromisoformat(str(value)):%d/%m/%Y}"
    except ValueError:
        return str(value)


def difference_rows(differences: dict[str, dict[str, Any]]) -> list[DifferenceRow]:
    """The differences of an identity check as the page shows them, in the order of the record."""
    sexes = dict(Sex.choices)
    codes = [
        str(pair.get(side))
        for field, pair in differences.items()
        if field == "commune"
        for side in ("registry", "recorded")
        if pair.get(side)
    ]
    communes = {
        unit.code: f"{unit.name} ({unit.code})"
        for unit in AdminUnit.objects.filter(edition=Edition.CURRENT, code__in=codes)
    }
    shown: dict[str, tuple[str, Any]] = {
        "full_name": (_("Full name"), lambda value: str(value or EMPTY)),
        "birth_date": (_("Date of birth"), _iso_date),
        "birth_year": (_("Year of birth"), lambda value: str(value or EMPTY)),
        "sex": (_("Sex"), lambda value: str(sexes.get(value, value or EMPTY))),
        "commune": (_("Commune"), lambda value: communes.get(str(value), str(value or EMPTY))),
        "death_date": (_("Date of death"), _iso_date),
    }
    rows = []
    for field, (label, display) in shown.items():
        if field in differences:
            pair = differences[field]
            rows.append(DifferenceRow(label, display(pair.get("registry")), display(pair.get("recorded"))))
    rows += [
        DifferenceRow(field, str(pair.get("registry", EMPTY)), str(pair.get("recorded", EMPTY)))
        for field, pair in differences.items()
        if field not in shown
    ]
    return rows


def functioning_row(assessment: FunctioningAssessment) -> FunctioningRow:
    """DISABILITY1–4 for the Washington Group Short Set, the functional difficulty for the child modules;
    each with the domains at the cut-off."""
    if assessment.instrument == FunctioningInstrument.WG_SS:
        identifiers = [
            (f"DISABILITY{number}", _yes_no(getattr(assessment, f"disability{number}")))
            for number in range(1, 5)
        ]
    else:
        identifiers = [(_("Functional difficulty"), _yes_no(assessment.functional_difficulty))]
    domains = [str(DOMAIN_LABELS.get(domain, domain)) for domain in assessment.difficulty_domains]
    return FunctioningRow(assessment, identifiers, domains)


@dataclass(frozen=True)
class PersonPageExtras:
    """The sections of the person's page on identity checks and functioning."""

    identity_check: IdentityCheck | None
    differences: list[DifferenceRow]
    functioning: list[FunctioningRow]


def person_page_extras(*, person: Person) -> PersonPageExtras:
    """For a person the view fetched through ``access_person`` (scope checked, read recorded)."""
    check = latest_identity_check(person=person)
    return PersonPageExtras(
        identity_check=check,
        differences=difference_rows(check.differences) if check and check.differences else [],
        functioning=[functioning_row(assessment) for assessment in functioning_history(person=person)],
    )
