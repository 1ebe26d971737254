"""The registry API: scope, audit, validation per field, concurrent edits, duplicates, legacy communes."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from hoanhap.accounts.services.tokens import api_token_create
from hoanhap.audit.models import AuditEvent
from hoanhap.exchange.exports import PersonExportFilters, person_export_file
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.services import person_set_status
from tests.factories import BAC_SON, DONG_DANG, make_cccd, make_person, unit

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/persons"


def bearer(user: User, language: str = "en") -> dict[str, str]:
    _token, raw = api_token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": language}


def new_person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Hoàng Văn Sơn",
        "sex": "male",
        "commune": BAC_SON,
        "birth_year": 1980,
        "ethnicity": "02",
    }
    body.update(overrides)
    return body


def post(client: Client, path: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(path, body, content_type="application/json", **headers)


def patch(client: Client, path: str, body: Any, headers: dict[str, str]) -> Any:
    return client.patch(path, body, content_type="application/json", **headers)


def field_errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {error["field"]: error["detail"] for error in response.json()["errors"]}


# --- Scope -----------------------------------------------------------------------------------------------


def test_a_commune_officer_lists_only_their_communes_persons(
    client: Client, commune_user: User, other_commune_user: User, province_user: User
) -> None:
    mine = make_person(commune_user, full_name="Lê Thị An")
    theirs = make_person(other_commune_user, full_name="Lê Thị Ba", commune=unit(DONG_DANG))
    body = client.get(PERSONS, **bearer(commune_user)).json()
    assert [item["id"] for item in body["items"]] == [mine.pk]
    assert body["count"] == 1
    assert body["items"][0]["commune"] == {"code": BAC_SON, "name": "Xã Bắc Sơn"}
    province = client.get(PERSONS, **bearer(province_user)).json()
    assert {item["id"] for item in province["items"]} == {mine.pk, theirs.pk}


def test_another_communes_person_is_not_found_by_id_and_absent_from_exports(
    client: Client, commune_user: User, other_commune_user: User
) -> None:
    theirs = make_person(other_commune_user, full_name="Lê Thị Ba", commune=unit(DONG_DANG))
    headers = bearer(commune_user)
    assert client.get(f"{PERSONS}/{theirs.pk}", **headers).status_code == 404
    assert client.get(f"{PERSONS}/{theirs.pk}/determinations", **headers).status_code == 404
    assert client.get(f"{PERSONS}/{theirs.pk}/certificates", **headers).status_code == 404
    changed = patch(client, f"{PERSONS}/{theirs.pk}", {"version": 1, "village": "X"}, headers)
    assert changed.status_code == 404
    assert Person.objects.get(pk=theirs.pk).village == ""
    export = person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="csv")
    assert "Lê Thị Ba" not in export.content.decode("utf-8-sig")
    assert export.rows == 0


def test_a_commune_officer_cannot_register_in_another_commune(client: Client, commune_user: User) -> None:
    response = post(client, PERSONS, new_person(commune=DONG_DANG), bearer(commune_user))
    assert response.json()["code"] == "out_of_scope"
    assert field_errors(response) == {"commune": "This commune is outside your area."}
    assert not Person.objects.exists()


def test_viewers_are_refused_and_agency_reporters_only_read(
    client: Client, viewer_user: User, agency_user: User
) -> None:
    person = make_person(None)
    assert client.get(PERSONS, **bearer(viewer_user)).status_code == 403
    assert client.get(f"{PERSONS}/{person.pk}", **bearer(viewer_user)).status_code == 403
    assert client.get(f"{PERSONS}/{person.pk}", **bearer(agency_user)).status_code == 200
    refused = post(client, PERSONS, new_person(), bearer(agency_user))
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert Person.objects.count() == 1


# --- Reading ---------------------------------------------------------------------------------------------


def test_the_list_is_in_vietnamese_order_filtered_and_paginated(client: Client, commune_user: User) -> None:
    for name, sex, year in [
        ("Vũ Văn Bình", "male", 1990),
        ("Lý Thị Ánh", "female", 1975),
        ("Lê Thị An", "female", 1975),
    ]:
        make_person(commune_user, full_name=name, sex=sex, birth_year=year)
    headers = bearer(commune_user)
    names = [item["full_name"] for item in client.get(PERSONS, **headers).json()["items"]]
    assert names == ["Lê Thị An", "Lý Thị Ánh", "Vũ Văn Bình"]
    women = client.get(PERSONS, {"sex": "female", "birth_year": 1975, "q": "anh"}, **headers).json()
    assert [item["full_name"] for item in women["items"]] == ["Lý Thị Ánh"]
    second = client.get(PERSONS, {"page": 2, "page_size": 2}, **headers).json()
    assert ([item["full_name"] for item in second["items"]], second["count"], second["pages"]) == (
        ["Vũ Văn Bình"],
        3,
        2,
    )
    assert client.get(PERSONS, {"page": 3, "page_size": 2}, **headers).json()["items"] == []


def test_list_and_detail_show_the_current_disability(client: Client, commune_user: User) -> None:
    person = make_person(commune_user)
    headers = bearer(commune_user)
    determination = {"decided_on": "2023-03-01", "body": "commune_council", "severity": "mild"}
    post(client, f"{PERSONS}/{person.pk}/determinations", {**determination, "types": ["other"]}, headers)
    latest = {**determination, "decided_on": "2024-05-02", "severity": "severe"}
    created = post(
        client, f"{PERSONS}/{person.pk}/determinations", {**latest, "types": ["vision", "mobility"]}, headers
    )
    assert created.status_code == 201
    item = client.get(PERSONS, **headers).json()["items"][0]
    assert (item["severity"], item["types"]) == ("severe", ["mobility", "vision"])
    detail = client.get(f"{PERSONS}/{person.pk}", **headers).json()
    assert (detail["severity"], detail["types"]) == ("severe", ["mobility", "vision"])
    assert [d["decided_on"] for d in detail["determinations"]] == ["2024-05-02", "2023-03-01"]
    history = client.get(f"{PERSONS}/{person.pk}/determinations", **headers).json()
    assert [d["severity"] for d in history] == ["severe", "mild"]


def test_certificates_are_issued_and_replaced(client: Client, commune_user: User) -> None:
    person = make_person(commune_user)
    other = make_person(commune_user, full_name="Lê Thị An")
    headers = bearer(commune_user)
    determination = post(
        client,
        f"{PERSONS}/{person.pk}/determinations",
        {"decided_on": "2024-01-10", "body": "medical_board", "severity": "severe", "types": ["vision"]},
        headers,
    ).json()
    others = post(
        client,
        f"{PERSONS}/{other.pk}/determinations",
        {"decided_on": "2024-01-10", "body": "medical_board", "severity": "mild", "types": ["other"]},
        headers,
    ).json()
    url = f"{PERSONS}/{person.pk}/certificates"
    first = {"determination": determination["id"], "number": "12/2024", "issued_on": "2024-01-15"}
    wrong = post(client, url, {**first, "determination": others["id"], "reason": "first_issue"}, headers)
    assert field_errors(wrong) == {"determination": "Choose one of this person's determinations."}
    issued = post(client, url, {**first, "reason": "first_issue"}, headers)
    assert issued.status_code == 201
    assert issued.json()["issuing_commune"]["code"] == BAC_SON
    again = post(client, url, {**first, "reason": "first_issue", "number": "13/2024"}, headers)
    assert "reason" in field_errors(again)
    replaced = post(client, url, {**first, "reason": "lost_or_damaged", "number": "14/2024"}, headers)
    assert replaced.json()["replaces"] == issued.json()["id"]
    listed = client.get(url, **headers).json()
    assert [(c["number"], c["in_force"]) for c in listed] == [("14/2024", True), ("12/2024", False)]


# --- Audit -----------------------------------------------------------------------------------------------


def test_list_detail_and_export_reads_are_recorded(client: Client, commune_user: User) -> None:
    person = make_person(commune_user)
    headers = bearer(commune_user)
    client.get(PERSONS, {"village": "Nà"}, **headers)
    listed = AuditEvent.objects.get(action="people.person.listed")
    assert listed.new_values["ids"] == []
    assert listed.new_values["filters"]["village"] == "Nà"
    client.get(f"{PERSONS}/{person.pk}", **headers)
    viewed = AuditEvent.objects.get(action="people.person.viewed")
    assert (viewed.actor_id, viewed.object_id, viewed.channel) == (commune_user.pk, str(person.pk), "api")
    person_export_file(viewer=commune_user, filters=PersonExportFilters(), fmt="xlsx")
    exported = AuditEvent.objects.get(action="people.persons.exported")
    assert (exported.actor_id, exported.new_values["rows"]) == (commune_user.pk, 1)


def test_writes_are_recorded_without_a_read_event(client: Client, commune_user: User) -> None:
    response = post(client, PERSONS, new_person(), bearer(commune_user))
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="people.person.registered")
    assert (event.object_id, event.channel) == (str(response.json()["id"]), "api")
    assert not AuditEvent.objects.filter(action="people.person.viewed").exists()


# --- Invalid input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cccd", "code"),
    [
        ("02019801234", "cccd_length"),  # 11 digits
        ("0200 8012345X", "cccd_not_digits"),
        (make_cccd(sex="female", birth_year=1980), "cccd_sex"),  # the record says male
        (make_cccd(sex="male", birth_year=1981), "cccd_birth_year"),  # the record says 1980
        (make_cccd(sex="male", birth_year=1980, place="999"), "cccd_place"),
    ],
)
def test_every_citizen_id_problem_is_a_422_on_the_cccd_field(
    client: Client, commune_user: User, cccd: str, code: str
) -> None:
    response = post(client, PERSONS, new_person(cccd=cccd), bearer(commune_user))
    errors = field_errors(response)
    assert list(errors) == ["cccd"]
    assert response.json()["code"] == code
    assert errors["cccd"] == response.json()["detail"]
    assert not Person.objects.exists()


def test_a_valid_citizen_id_with_spaces_is_accepted(client: Client, commune_user: User) -> None:
    cccd = make_cccd(sex="male", birth_year=1980)
    response = post(
        client, PERSONS, new_person(cccd=f"{cccd[:3]} {cccd[3:6]} {cccd[6:]}"), bearer(commune_user)
    )
    assert response.status_code == 201
    assert response.json()["cccd"] == cccd


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_name": "   "}, "full_name"),
        ({"sex": "unknown"}, "sex"),
        ({"birth_year": None}, "birth_year"),
        ({"birth_year": 1850}, "birth_year"),
        ({"birth_date": "1980-02-30"}, "birth_date"),
        ({"birth_date": "2999-01-01", "birth_year": None}, "birth_date"),
        ({"ethnicity": "77"}, "ethnicity"),
        ({"commune": "99999"}, "commune"),
        ({"commune": "20"}, "commune"),  # a province
        ({"village": "x" * 101}, "village"),
        ({"household": "rich"}, "household"),
        ({"special_groups": ["pirate"]}, "special_groups.0"),
        ({"successor": "99999"}, "successor"),
        ({"carer_id": 999999}, "carer_id"),
    ],
)
def test_invalid_fields_are_named_in_a_422(
    client: Client, commune_user: User, overrides: dict[str, Any], field: str
) -> None:
    errors = field_errors(post(client, PERSONS, new_person(**overrides), bearer(commune_user)))
    assert field in errors
    assert errors[field]
    assert not Person.objects.exists()


def test_missing_fields_are_each_named(client: Client, commune_user: User) -> None:
    errors = field_errors(post(client, PERSONS, {}, bearer(commune_user)))
    assert set(errors) == {"full_name", "sex", "commune"}
    assert errors["sex"] == "Enter a value: this field is required."


def test_errors_are_in_the_language_of_the_request(client: Client, commune_user: User) -> None:
    english = post(client, PERSONS, {"sex": "x"}, bearer(commune_user, "en")).json()
    vietnamese = post(client, PERSONS, {"sex": "x"}, bearer(commune_user, "vi")).json()
    assert english["detail"] == "The request is not valid."
    assert vietnamese["detail"] == "Yêu cầu không hợp lệ."
    assert {"field": "sex", "detail": "Choose one of: male, female."} in english["errors"]


def test_a_body_that_is_not_json_is_a_400(client: Client, commune_user: User) -> None:
    response = post(client, PERSONS, "{not json", bearer(commune_user))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


# --- Concurrent edits ------------------------------------------------------------------------------------


def test_a_stale_patch_is_a_409_with_the_stored_record_and_changes_nothing(
    client: Client, commune_user: User
) -> None:
    person = make_person(commune_user)
    headers = bearer(commune_user)
    first = patch(client, f"{PERSONS}/{person.pk}", {"version": 1, "village": "Thôn Nà Lay"}, headers)
    assert first.status_code == 200
    assert (first.json()["village"], first.json()["version"]) == ("Thôn Nà Lay", 2)
    stale = patch(client, f"{PERSONS}/{person.pk}", {"version": 1, "phone": "0912345678"}, headers)
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert (stale.json()["current"]["village"], stale.json()["current"]["version"]) == ("Thôn Nà Lay", 2)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.version, stored.phone, stored.village) == (2, "", "Thôn Nà Lay")
    assert AuditEvent.objects.filter(action="people.person.updated").count() == 1


def test_a_patch_changes_only_the_fields_sent(client: Client, commune_user: User) -> None:
    person = make_person(commune_user, village="Thôn Cũ", special_groups=["orphan"])
    response = patch(
        client,
        f"{PERSONS}/{person.pk}",
        {"version": 1, "birth_date": "1975-04-30", "phone": None},
        bearer(commune_user),
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["birth_date"], body["birth_year"]) == ("1975-04-30", 1975)
    assert (body["village"], body["special_groups"], body["phone"]) == ("Thôn Cũ", ["orphan"], "")


def test_a_patch_needs_the_version(client: Client, commune_user: User) -> None:
    person = make_person(commune_user)
    errors = field_errors(patch(client, f"{PERSONS}/{person.pk}", {"village": "X"}, bearer(commune_user)))
    assert list(errors) == ["version"]


# --- Duplicates ------------------------------------------------------------------------------------------


def test_a_probable_duplicate_is_a_409_until_confirmed(client: Client, commune_user: User) -> None:
    existing = make_person(commune_user, full_name="Hoàng Văn Sơn", sex="male", birth_year=1980)
    headers = bearer(commune_user)
    warned = post(client, PERSONS, new_person(full_name="hoàng  văn sơn"), headers)
    assert warned.status_code == 409
    body = warned.json()
    assert body["code"] == "possible_duplicate"
    assert [candidate["id"] for candidate in body["candidates"]] == [existing.pk]
    assert body["others"] == 0
    assert Person.objects.count() == 1
    confirmed = post(client, PERSONS, new_person(confirm_not_duplicate=True), headers)
    assert confirmed.status_code == 201
    assert Person.objects.count() == 2


def test_a_duplicate_outside_the_area_is_counted_but_not_named(
    client: Client, commune_user: User, other_commune_user: User
) -> None:
    cccd = make_cccd(sex="male", birth_year=1980)
    elsewhere = make_person(
        other_commune_user,
        full_name="Hoàng Văn Sơn",
        sex="male",
        birth_year=1980,
        cccd=cccd,
        commune=unit(DONG_DANG),
    )
    person_set_status(
        actor=other_commune_user,
        person=elsewhere,
        expected_version=1,
        status=PersonStatus.MOVED,
        since=date(2024, 1, 1),
    )
    headers = bearer(commune_user)
    warned = post(client, PERSONS, new_person(cccd=cccd), headers)
    assert warned.status_code == 409
    assert warned.json()["candidates"] == []
    assert warned.json()["others"] == 1
    assert "Hoàng" not in warned.content.decode()
    assert (
        post(client, PERSONS, new_person(cccd=cccd, confirm_not_duplicate=True), headers).status_code == 201
    )


def test_invalid_input_is_reported_before_a_duplicate_warning(client: Client, commune_user: User) -> None:
    make_person(commune_user, full_name="Hoàng Văn Sơn", sex="male", birth_year=1980)
    response = post(client, PERSONS, new_person(ethnicity="77"), bearer(commune_user))
    assert list(field_errors(response)) == ["ethnicity"]


# --- Legacy communes -------------------------------------------------------------------------------------


def test_a_legacy_commune_code_resolves_to_its_current_commune(client: Client, province_user: User) -> None:
    headers = bearer(province_user)
    explicit = post(client, PERSONS, new_person(commune="06328", commune_edition="legacy"), headers)
    assert explicit.status_code == 201
    assert explicit.json()["commune"]["code"] == BAC_SON  # Xã Long Đống became Xã Bắc Sơn
    # Without an edition, a code that no current commune has is looked up in the legacy list.
    assert not AdminUnit.objects.filter(edition="current", code="06328").exists()
    implicit = post(
        client, PERSONS, new_person(full_name="Lê Thị An", sex="female", commune="06328"), headers
    )
    assert implicit.json()["commune"]["code"] == BAC_SON


def test_a_divided_legacy_commune_asks_for_the_successor(client: Client, province_user: User) -> None:
    split = AdminUnit.objects.filter(
        edition="legacy", tier="commune", successions__is_split=True, path__startswith="/l/20/"
    ).first()
    assert split is not None
    headers = bearer(province_user)
    body = new_person(commune=split.code, commune_edition="legacy")
    asked = post(client, PERSONS, body, headers)
    assert asked.json()["code"] == "split_commune"
    assert list(field_errors(asked)) == ["commune"]
    options = asked.json()["options"]
    assert len(options) > 1
    chosen = post(client, PERSONS, {**body, "successor": options[1]["code"]}, headers)
    assert chosen.status_code == 201
    assert chosen.json()["commune"]["code"] == options[1]["code"]


# --- Documentation ---------------------------------------------------------------------------------------


def test_every_registry_operation_documents_its_answers(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    create = paths["/api/v1/persons"]["post"]
    assert set(create["responses"]) == {"201", "401", "403", "409", "422"}
    assert set(paths["/api/v1/persons/{person_id}"]["patch"]["responses"]) == {
        "200",
        "401",
        "403",
        "404",
        "409",
        "422",
    }
    for item in paths.values():
        for operation in item.values():
            assert operation["summary"], operation["operationId"]
    docs = client.get("/api/v1/docs").content.decode()
    for operation in ["GET /api/v1/persons", "POST /api/v1/persons", "PATCH /api/v1/persons/{person_id}"]:
        assert operation in docs
    assert "POST /api/v1/persons/{person_id}/certificates" in docs
