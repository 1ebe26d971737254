"""The registry's extra pages: the certificate card as PDF, the check against the national population
database, the functioning question sets, and the review of possible duplicates (queue, scan, compare,
dismiss, merge); who may open each, and out-of-scope access."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.assessments.duplicates import duplicate_flag, duplicate_queue
from hoanhap.assessments.functioning import QUESTION_SETS
from hoanhap.assessments.models import (
    Certificate,
    DuplicateStatus,
    FunctioningAssessment,
    PossibleDuplicate,
)
from hoanhap.assessments.services import DeterminationData, certificate_issue, determination_record
from hoanhap.audit.models import AuditEvent
from hoanhap.people.models import IdentityCheck, Person, PersonStatus
from hoanhap.people.services import person_data_from, person_set_status, person_update
from hoanhap.web.forms_functioning import DOMAIN_LABELS
from hoanhap.web.views.persons_extras import card_file_name
from tests.factories import DONG_DANG, make_cccd, make_person, signed_in, unit

pytestmark = pytest.mark.django_db

ANH = "020175123456"  # Đặng Thị Ánh in the sandbox population database: as make_person registers her
PAO = "020058001204"  # Hoàng Văn Páo, born 05/03/1958, in the sandbox


def english(user: User) -> Client:
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def person_url(name: str, person: Person, **kwargs: Any) -> str:
    return reverse(name, kwargs={"person_id": person.pk, **kwargs})


def pair_url(name: str, duplicate: PossibleDuplicate) -> str:
    return reverse(name, kwargs={"duplicate_id": duplicate.pk})


def issue(person: Person, number: str = "12/GXN", actor: User | None = None) -> Certificate:
    data = DeterminationData(
        decided_on=date(2024, 3, 1), body="commune_council", severity="severe", types=["vision"]
    )
    determination = determination_record(actor=actor, person=person, data=data)
    return certificate_issue(
        actor=actor,
        person=person,
        determination=determination,
        number=number,
        issued_on=date(2024, 3, 5),
        reason="first_issue",
    )


def pair(actor: User, **overrides: Any) -> PossibleDuplicate:
    """Two records of Bắc Sơn with the same name and year, flagged for review."""
    first = make_person(actor, **overrides)
    second = make_person(actor, village="Thôn Khác", **overrides)
    return duplicate_flag(actor=actor, person=second, others=[first], reason="same_name_birth_year")[0]


# --- The certificate card -------------------------------------------------------------------------------


def test_the_person_page_offers_each_certificate_card_as_pdf(commune_user: User) -> None:
    person = make_person(commune_user)
    certificate = issue(person)
    html = english(commune_user).get(person_url("web:person_detail", person)).content.decode()
    card = person_url("web:person_certificate_pdf", person, certificate_id=certificate.pk)
    assert f'href="{card}"' in html
    assert "Print the card (PDF)" in html


def test_the_card_is_a_pdf_attachment_and_its_printing_is_recorded(commune_user: User) -> None:
    person = make_person(commune_user)
    certificate = issue(person, number="12/GXN-Đ")
    response = english(commune_user).get(
        person_url("web:person_certificate_pdf", person, certificate_id=certificate.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"
    assert response["Content-Disposition"] == 'attachment; filename="giay-xac-nhan-12-gxn-d.pdf"'
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="assessments.certificate.printed")
    assert event.object_id == str(certificate.pk)
    assert event.new_values["person"] == person.pk


def test_the_card_file_name_is_ascii() -> None:
    assert card_file_name("15/GXNKT") == "giay-xac-nhan-15-gxnkt.pdf"
    assert card_file_name("Số 7 / Đồng Đăng") == "giay-xac-nhan-so-7-dong-dang.pdf"
    assert card_file_name("///") == "giay-xac-nhan.pdf"


def test_a_card_is_only_printed_for_its_own_person_in_scope(
    commune_user: User, other_commune_user: User, agency_user: User, viewer_user: User
) -> None:
    person, someone_else = make_person(commune_user), make_person(commune_user, full_name="Lý Văn Tư")
    certificate = issue(person)
    theirs = person_url("web:person_certificate_pdf", someone_else, certificate_id=certificate.pk)
    assert english(commune_user).get(theirs).status_code == 404
    card = person_url("web:person_certificate_pdf", person, certificate_id=certificate.pk)
    assert english(other_commune_user).get(card).status_code == 404
    assert english(viewer_user).get(card).status_code == 403
    assert english(agency_user).get(card).status_code == 200  # reading personal data is enough
    assert AuditEvent.objects.filter(action="assessments.certificate.printed").count() == 1


# --- The national population database ------------------------------------------------------------------


def test_a_record_not_checked_yet_says_so_and_offers_the_check(commune_user: User) -> None:
    person = make_person(commune_user, cccd=ANH)
    html = english(commune_user).get(person_url("web:person_detail", person)).content.decode()
    assert "National population database" in html
    assert "Not verified yet." in html
    assert f'action="{person_url("web:person_identity_verify", person)}"' in html
    assert "Check against the national database" in html


def test_a_matching_record(commune_user: User) -> None:
    person = make_person(commune_user, cccd=ANH)
    client = english(commune_user)
    response = client.post(person_url("web:person_identity_verify", person))
    assert response.status_code == 302
    assert response["Location"] == person_url("web:person_detail", person) + "#national-database"
    check = IdentityCheck.objects.get(person=person)
    assert (check.outcome, check.checked_by) == ("matched", commune_user)
    html = client.get(response["Location"]).content.decode()
    assert "The record of Đặng Thị Ánh matches the national population database." in html
    assert "Matches the record" in html
    assert "Test xa-a" in html  # who checked
    assert timezone.localtime(check.checked_at).strftime("%d/%m/%Y %H:%M") in html
    assert "Not verified yet." not in html


def test_the_differences_are_shown_field_by_field(commune_user: User) -> None:
    person = make_person(
        commune_user,
        full_name="Hoàng Văn Pao",
        sex="male",
        birth_date=date(1958, 5, 3),
        birth_year=None,
        cccd=PAO,
    )
    client = english(commune_user)
    response = client.post(person_url("web:person_identity_verify", person), follow=True)
    html = response.content.decode()
    assert "The national population database differs from the record of Hoàng Văn Pao" in html
    assert "Differs from the record" in html
    assert "Full name: Hoàng Văn Páo / Hoàng Văn Pao" in html
    assert "Date of birth: 05/03/1958 / 03/05/1958" in html


def test_a_citizen_id_unknown_to_the_database(commune_user: User) -> None:
    person = make_person(commune_user, cccd=make_cccd(sex="female", birth_year=1975, serial=987654))
    html = english(commune_user).post(person_url("web:person_identity_verify", person), follow=True)
    page = html.content.decode()
    assert "The national population database has no citizen with this citizen ID." in page
    assert "Citizen ID not found" in page


def test_a_record_without_citizen_id_cannot_be_checked(commune_user: User) -> None:
    person = make_person(commune_user)
    client = english(commune_user)
    page = client.get(person_url("web:person_detail", person)).content.decode()
    assert "The record has no citizen ID, so it cannot be checked against the national database." in page
    assert "Check against the national database" not in page
    refused = client.post(person_url("web:person_identity_verify", person), follow=True).content.decode()
    assert "This person has no citizen ID, so the population database cannot be searched." in refused
    assert not IdentityCheck.objects.exists()


def test_who_may_check_an_identity(
    commune_user: User, other_commune_user: User, agency_user: User, viewer_user: User
) -> None:
    person = make_person(commune_user, cccd=ANH)
    verify = person_url("web:person_identity_verify", person)
    assert english(commune_user).get(verify).status_code == 405  # a change: POST only
    assert english(other_commune_user).post(verify).status_code == 404
    assert english(agency_user).post(verify).status_code == 403
    assert english(viewer_user).post(verify).status_code == 403
    detail = english(agency_user).get(person_url("web:person_detail", person)).content.decode()
    assert "Check against the national database" not in detail
    assert not IdentityCheck.objects.exists()


# --- Functioning -------------------------------------------------------------------------------------------


def answers_for(instrument: str, value: str = "1", **overrides: str) -> dict[str, str]:
    return {**dict.fromkeys(QUESTION_SETS[instrument].keys, value), **overrides}


def today_fields(name: str = "assessed_on", day: date | None = None) -> dict[str, str]:
    day = day or timezone.localdate()
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_question_set_is_suggested_by_age(commune_user: User) -> None:
    today = timezone.localdate()
    child = make_person(
        commune_user,
        full_name="Vi Văn Khải",
        sex="male",
        birth_date=today.replace(year=today.year - 10) - timedelta(days=1),
        birth_year=None,
    )
    adult = make_person(commune_user)
    client = english(commune_user)
    page = client.get(person_url("web:person_functioning_create", child)).content.decode()
    assert "Suggested for the person&#x27;s age: Child Functioning Module, age 5–17" in page
    assert re.search(r'value="cfm_5_17"[^>]*checked', page)
    page = client.get(person_url("web:person_functioning_create", adult)).content.decode()
    assert re.search(r'value="wg_ss"[^>]*checked', page)
    bad = client.get(
        person_url("web:person_functioning_create", adult), {"instrument": "xyz"}
    ).content.decode()
    assert "govuk-error-summary" in bad
    assert 'href="#id_instrument_0"' in bad


def test_the_questions_come_from_the_question_set(commune_user: User) -> None:
    person = make_person(commune_user)
    url = person_url("web:person_functioning_create", person) + "?instrument=cfm_5_17"
    html = english(commune_user).get(url).content.decode()
    for question in QUESTION_SETS["cfm_5_17"].questions:
        assert f'id="id_{question.key}_0"' in html
    assert html.count('<fieldset class="govuk-fieldset">') == len(QUESTION_SETS["cfm_5_17"].questions)
    assert "Difficulty walking 500 metres on level ground" in html
    for label in ("No difficulty", "A lot of difficulty", "Cannot do at all", "Daily", "A few times a year"):
        assert label in html


def test_recording_the_washington_group_short_set_shows_the_identifiers(commune_user: User) -> None:
    person = make_person(commune_user)
    client = english(commune_user)
    url = person_url("web:person_functioning_create", person) + "?instrument=wg_ss"
    data = {**today_fields(), **answers_for("wg_ss", seeing="3", hearing="2", remembering="none")}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == person_url("web:person_detail", person) + "#functioning"
    assessment = FunctioningAssessment.objects.get(person=person)
    assert assessment.answers["seeing"] == 3
    assert assessment.answers["remembering"] is None
    assert assessment.created_by == commune_user
    html = client.get(response["Location"]).content.decode()
    assert "were recorded" in html
    assert "Washington Group Short Set (age 5 and over)" in html
    for line in ("DISABILITY1: Yes", "DISABILITY2: Yes", "DISABILITY3: Yes", "DISABILITY4: Unknown"):
        assert line in html
    assert ">Seeing<" in html


def test_recording_a_child_module_shows_the_functional_difficulty_and_domains(commune_user: User) -> None:
    today = timezone.localdate()
    child = make_person(commune_user, birth_date=today.replace(year=today.year - 9), birth_year=None)
    client = english(commune_user)
    url = person_url("web:person_functioning_create", child) + "?instrument=cfm_5_17"
    data = {**today_fields(), **answers_for("cfm_5_17", anxiety="1", depression="5", walking_100m="4")}
    assert client.post(url, data).status_code == 302
    html = client.get(person_url("web:person_detail", child)).content.decode()
    assert "Child Functioning Module, age 5–17" in html
    assert "Functional difficulty: Yes" in html
    assert "Walking, Anxiety" in html


def test_functioning_mistakes_are_shown_on_their_field(commune_user: User) -> None:
    today = timezone.localdate()
    toddler = make_person(commune_user, birth_date=today.replace(year=today.year - 3), birth_year=None)
    client = english(commune_user)
    url = person_url("web:person_functioning_create", toddler) + "?instrument=wg_ss"
    missing = client.post(url, {**today_fields(), **answers_for("wg_ss", seeing="")}).content.decode()
    assert 'href="#id_seeing_0"' in missing
    assert 'id="id_seeing_0"' in missing
    assert "Choose an answer to “Difficulty seeing, even if wearing glasses”." in missing
    unsuitable = client.post(url, {**today_fields(), **answers_for("wg_ss")}).content.decode()
    assert 'href="#question-set"' in unsuitable
    assert 'id="question-set"' in unsuitable
    assert "does not suit the person&#x27;s age on the date of assessment" in unsuitable
    future = today_fields(day=today + timedelta(days=3))
    cfm = person_url("web:person_functioning_create", toddler) + "?instrument=cfm_2_4"
    late = client.post(cfm, {**future, **answers_for("cfm_2_4")}).content.decode()
    assert 'href="#id_assessed_on_0"' in late
    assert "The date of assessment cannot be in the future." in late
    nothing = client.post(cfm, {**today_fields(), **answers_for("cfm_2_4", value="none")}).content.decode()
    assert "Enter at least one answer." in nothing
    assert 'href="#id_seeing_0"' in nothing
    assert not FunctioningAssessment.objects.exists()


def test_every_domain_has_a_label() -> None:
    domains = {domain for question_set in QUESTION_SETS.values() for domain in question_set.domains}
    assert domains <= set(DOMAIN_LABELS)


def test_who_may_record_functioning(
    commune_user: User, other_commune_user: User, agency_user: User, viewer_user: User
) -> None:
    person = make_person(commune_user)
    url = person_url("web:person_functioning_create", person) + "?instrument=wg_ss"
    data = {**today_fields(), **answers_for("wg_ss")}
    assert english(other_commune_user).get(url).status_code == 404
    assert english(other_commune_user).post(url, data).status_code == 404
    for user in (agency_user, viewer_user):
        assert english(user).get(url).status_code == 403
        assert english(user).post(url, data).status_code == 403
    assert not FunctioningAssessment.objects.exists()
    detail = english(agency_user).get(person_url("web:person_detail", person)).content.decode()
    assert "No functioning assessment is recorded yet." in detail
    assert "Record a functioning assessment" not in detail


# --- Possible duplicates --------------------------------------------------------------------------------


def person_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "full_name": "Đặng Thị Ánh",
        "birth_date_0": "",
        "birth_date_1": "",
        "birth_date_2": "1975",
        "sex": "female",
        "ethnicity": "02",
        "cccd": "",
        "commune": "06325",
        "village": "",
        "phone": "",
        "carer_name": "",
        "carer_relation": "",
        "household": "",
    }
    data.update(overrides)
    return data


def test_saving_a_different_person_puts_the_pair_in_the_queue(commune_user: User) -> None:
    existing = make_person(commune_user)
    client = english(commune_user)
    warned = client.post(reverse("web:person_create"), person_form()).content.decode()
    assert "listed in the review of possible duplicates" in warned
    assert not PossibleDuplicate.objects.exists()
    saved = client.post(reverse("web:person_create"), person_form(different_person="on"))
    assert saved.status_code == 302
    new = Person.objects.exclude(pk=existing.pk).get()
    duplicate = PossibleDuplicate.objects.get()
    assert (duplicate.person_id, duplicate.other_id) == (existing.pk, new.pk)
    assert duplicate.reason == "same_name_birth_year"
    assert list(duplicate_queue(viewer=commune_user)) == [duplicate]
    assert AuditEvent.objects.filter(action="assessments.duplicate.flagged").count() == 1


def test_the_same_citizen_id_is_flagged_as_such(commune_user: User) -> None:
    cccd = make_cccd(sex="female", birth_year=1975)
    moved = make_person(commune_user, full_name="Lý Thị Hoa", cccd=cccd)
    person_set_status(
        actor=commune_user,
        person=moved,
        expected_version=1,
        status=PersonStatus.MOVED,
        since=date(2025, 1, 1),
    )
    response = english(commune_user).post(
        reverse("web:person_create"), person_form(full_name="Hoàng Thị Hoa", cccd=cccd, different_person="on")
    )
    assert response.status_code == 302
    assert PossibleDuplicate.objects.get().reason == "same_cccd"


def test_saving_without_a_warning_flags_nothing(commune_user: User) -> None:
    make_person(commune_user)
    response = english(commune_user).post(
        reverse("web:person_create"), person_form(full_name="Lý Văn Tư", different_person="on")
    )
    assert response.status_code == 302
    assert not PossibleDuplicate.objects.exists()


def test_the_queue_shows_both_records_side_by_side(commune_user: User, agency_user: User) -> None:
    duplicate = pair(commune_user, cccd="")
    issue(duplicate.person)
    client = english(commune_user)
    assert (
        f'href="{reverse("web:person_duplicates")}"'
        in client.get(reverse("web:person_list")).content.decode()
    )
    html = client.get(reverse("web:person_duplicates")).content.decode()
    assert "1 pair to review" in html
    assert f'href="/persons/{duplicate.person_id}/"' in html
    assert f'href="/persons/{duplicate.other_id}/"' in html
    assert "Thôn Khác" in html
    assert "Current severity: Severe" in html
    assert "Current severity: Not determined" in html
    assert "Determinations: 1, certificates: 1" in html
    assert "Determinations: 0, certificates: 0" in html
    assert "Same name and year of birth" in html
    assert f'href="{pair_url("web:person_duplicate_review", duplicate)}"' in html
    listed = AuditEvent.objects.filter(action="people.person.listed").latest("id")
    assert sorted(listed.new_values["ids"]) == sorted([duplicate.person_id, duplicate.other_id])
    agency = english(agency_user)
    assert (
        f'href="{reverse("web:person_duplicates")}"'
        not in agency.get(reverse("web:person_list")).content.decode()
    )


def test_scanning_the_area_adds_the_pairs_found(commune_user: User, province_user: User) -> None:
    make_person(commune_user)
    make_person(commune_user, village="Thôn Khác")
    make_person(province_user, commune=unit(DONG_DANG))  # the same name in the province: outside Bắc Sơn
    client = english(commune_user)
    response = client.post(reverse("web:person_duplicate_scan"), follow=True)
    assert "1 new pair of possible duplicates was found and added to the queue." in response.content.decode()
    assert duplicate_queue(viewer=commune_user).count() == 1
    again = client.post(reverse("web:person_duplicate_scan"), follow=True).content.decode()
    assert "No new pair of possible duplicates was found in your area." in again
    whole = english(province_user).post(reverse("web:person_duplicate_scan"), follow=True).content.decode()
    assert "2 new pairs of possible duplicates were found" in whole


def test_the_review_page_compares_the_two_records(commune_user: User) -> None:
    duplicate = pair(commune_user)
    html = english(commune_user).get(pair_url("web:person_duplicate_review", duplicate)).content.decode()
    cell = r"\s*<td[^>]*>([^<]*)</td>"
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+?)(?: <strong[^>]*>Differs</strong>)?</th>'
        + cell
        + cell,
        html,
    )
    assert ("Village", "–", "Thôn Khác") in rows
    assert ("Full name", "Đặng Thị Ánh", "Đặng Thị Ánh") in rows
    assert "Differs" in html
    assert "Not the same person" in html
    assert html.count("Merge: keep this record") == 2
    assert "moves the other record's determinations, certificates and functioning assessments" in html
    viewed = AuditEvent.objects.filter(action="people.person.viewed").values_list("object_id", flat=True)
    assert sorted(viewed) == sorted([str(duplicate.person_id), str(duplicate.other_id)])


def test_dismissing_a_pair(commune_user: User) -> None:
    duplicate = pair(commune_user)
    client = english(commune_user)
    response = client.post(pair_url("web:person_duplicate_dismiss", duplicate), follow=True)
    assert "are recorded as different persons" in response.content.decode()
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.decided_by) == (DuplicateStatus.NOT_DUPLICATE, commune_user)
    assert client.get(pair_url("web:person_duplicate_review", duplicate)).status_code == 404


def test_merging_keeps_the_chosen_record_with_both_histories(
    commune_user: User, other_commune_user: User
) -> None:
    duplicate = pair(commune_user)
    kept, merged_away = duplicate.other, duplicate.person
    certificate = issue(merged_away)
    client = english(commune_user)
    response = client.post(
        pair_url("web:person_duplicate_merge", duplicate),
        {"survivor": str(kept.pk), "person_version": "1", "other_version": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == person_url("web:person_detail", kept)
    merged_away.refresh_from_db()
    assert (merged_away.merged_into_id, merged_away.status) == (kept.pk, PersonStatus.REMOVED)
    certificate.refresh_from_db()
    assert certificate.person_id == kept.pk
    page = client.get(response["Location"]).content.decode()
    assert "The records were merged." in page
    assert "12/GXN" in page
    # Links to the merged-away record (bookmarks, old exports) lead to the record kept.
    old_page = client.get(person_url("web:person_detail", merged_away))
    assert old_page.status_code == 302
    assert old_page["Location"] == person_url("web:person_detail", kept)
    assert signed_in(other_commune_user).get(person_url("web:person_detail", merged_away)).status_code == 404
    functioning = client.get(person_url("web:person_functioning_create", merged_away) + "?instrument=wg_ss")
    assert functioning.status_code == 302
    assert functioning["Location"] == person_url("web:person_functioning_create", kept) + "?instrument=wg_ss"
    card = client.get(person_url("web:person_certificate_pdf", merged_away, certificate_id=certificate.pk))
    assert card["Location"] == person_url("web:person_certificate_pdf", kept, certificate_id=certificate.pk)
    assert client.post(person_url("web:person_identity_verify", merged_away)).status_code == 404


def test_a_record_changed_since_the_page_was_shown_is_not_merged(commune_user: User) -> None:
    duplicate = pair(commune_user)
    person_update(
        actor=commune_user,
        person=duplicate.person,
        expected_version=1,
        data=replace(person_data_from(duplicate.person), village="Thôn Mới"),
    )
    client = english(commune_user)
    response = client.post(
        pair_url("web:person_duplicate_merge", duplicate),
        {"survivor": str(duplicate.person_id), "person_version": "1", "other_version": "1"},
    )
    assert response["Location"] == pair_url("web:person_duplicate_review", duplicate)
    page = client.get(response["Location"]).content.decode()
    assert "Someone else changed this record while you were editing it." in page
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    unchosen = client.post(pair_url("web:person_duplicate_merge", duplicate), {"survivor": "0"}, follow=True)
    assert "Choose which of the two records to keep." in unchosen.content.decode()
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_who_may_review_a_pair(
    commune_user: User, other_commune_user: User, agency_user: User, viewer_user: User
) -> None:
    duplicate = pair(commune_user)
    review = pair_url("web:person_duplicate_review", duplicate)
    dismiss = pair_url("web:person_duplicate_dismiss", duplicate)
    merge = pair_url("web:person_duplicate_merge", duplicate)
    outsider = english(other_commune_user)
    assert outsider.get(review).status_code == 404
    assert outsider.post(dismiss).status_code == 404
    assert outsider.post(merge, {"survivor": str(duplicate.person_id)}).status_code == 404
    assert "0 pairs to review" in outsider.get(reverse("web:person_duplicates")).content.decode()
    for user in (agency_user, viewer_user):
        client = english(user)
        assert client.get(reverse("web:person_duplicates")).status_code == 403
        assert client.post(reverse("web:person_duplicate_scan")).status_code == 403
        assert client.get(review).status_code == 403
        assert client.post(dismiss).status_code == 403
        assert client.post(merge, {"survivor": str(duplicate.person_id)}).status_code == 403
    assert english(commune_user).get(dismiss).status_code == 405
    duplicate.refresh_from_db()
    assert duplicate.status == DuplicateStatus.OPEN


def test_a_pair_across_two_communes_is_decided_by_whoever_sees_both(
    commune_user: User, other_commune_user: User, province_user: User
) -> None:
    here = make_person(commune_user)
    there = make_person(other_commune_user, commune=unit(DONG_DANG))
    duplicate = duplicate_flag(
        actor=commune_user, person=here, others=[there], reason="same_name_birth_year"
    )[0]
    assert english(commune_user).get(pair_url("web:person_duplicate_review", duplicate)).status_code == 404
    assert english(province_user).get(pair_url("web:person_duplicate_review", duplicate)).status_code == 200
