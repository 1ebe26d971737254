import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.people.cccd import cccd_problems
from hoanhap.people.identity.comparison import name_key
from hoanhap.people.identity.http_registry import HttpPopulationRegistry
from hoanhap.people.identity.registry import CitizenRecord, RegistryUnavailable, population_registry
from hoanhap.people.identity.sandbox import SandboxPopulationRegistry, sandbox_citizens
from hoanhap.people.identity.selectors import latest_identity_check
from hoanhap.people.identity.services import identity_verify
from hoanhap.people.models import IdentityCheck, Person
from hoanhap.people.services import person_set_status
from hoanhap.people.validation import legacy_province_codes
from tests.factories import DONG_DANG, make_cccd, make_person

TOKEN = "s3cret-token"
ANH = "020175123456"  # Đặng Thị Ánh, as make_person registers her by default


# --- A stand-in for the national service, on 127.0.0.1 only ---------------------------------------------


@dataclass
class Answer:
    status: int = 200
    body: Any = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class FakeRegistry:
    """Answers each path with a configured ``Answer`` and keeps every request it received."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.received: list[Received] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                fake.received.append(
                    Received("POST", self.path, dict(self.headers.items()), self.rfile.read(length))
                )
                answer = fake.answers.get(self.path, Answer(404, {"error": "unknown"}))
                time.sleep(answer.delay)
                body = answer.body if isinstance(answer.body, bytes) else json.dumps(answer.body).encode()
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout tests)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def citizen(self, **overrides: Any) -> dict[str, Any]:
        data = {
            "cccd": ANH,
            "full_name": "Đặng Thị Ánh",
            "sex": "female",
            "birth_date": "1975-04-12",
            "birth_year": 1975,
            "residence": "Thôn Nà Lầu, Xã Bắc Sơn, Tỉnh Lạng Sơn",
            "commune_code": "06325",
            "death_date": None,
        }
        data.update(overrides)
        return data


@pytest.fixture
def fake_registry() -> Iterator[FakeRegistry]:
    fake = FakeRegistry()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "population-token"
    path.write_text(TOKEN + "\n", encoding="utf-8")
    return path


@pytest.fixture
def http_settings(settings: Any, fake_registry: FakeRegistry, token_file: Path) -> FakeRegistry:
    settings.POPULATION_REGISTRY = "http"
    settings.POPULATION_URL = fake_registry.url
    settings.POPULATION_TOKEN_FILE = str(token_file)
    settings.POPULATION_TIMEOUT_SECONDS = 0.3
    return fake_registry


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1"


# --- identity_verify with the sandbox (the default) -------------------------------------------------------


@pytest.mark.django_db
def test_a_person_who_agrees_with_the_database_is_matched(commune_user: User) -> None:
    person = make_person(commune_user, cccd=ANH, birth_date=date(1975, 4, 12))
    check = identity_verify(actor=commune_user, person=person)
    assert (check.outcome, check.source, check.differences) == ("matched", "sandbox", {})
    assert check.checked_by == commune_user
    event = AuditEvent.objects.get(action="people.identity.verified")
    assert (event.actor_id, event.object_id, event.unit_path) == (
        commune_user.pk,
        str(person.pk),
        person.unit_path,
    )
    assert event.new_values["outcome"] == "matched"


@pytest.mark.django_db
def test_the_birth_year_is_compared_when_the_record_has_no_date(commune_user: User) -> None:
    assert (
        identity_verify(actor=commune_user, person=make_person(commune_user, cccd=ANH)).outcome == "matched"
    )


@pytest.mark.django_db
def test_tone_mark_placement_is_not_a_difference(commune_user: User) -> None:
    person = make_person(
        commune_user,
        full_name="Nguyễn Thị Thủy",
        cccd="020168002745",
        birth_date=date(1968, 12, 1),
        birth_year=1968,
    )
    assert identity_verify(actor=commune_user, person=person).outcome == "matched"


@pytest.mark.parametrize(
    ("recorded", "cccd", "registry"),
    [
        ("Nông Thị Nhung", "020190004417", "Nông Thị Hồng Nhung"),  # a middle name left out
        ("Lương Văn Thắng", "020086002231", "Lường Văn Thắng"),  # one tone: another family name
    ],
)
@pytest.mark.django_db
def test_a_name_spelled_otherwise_is_a_difference(
    commune_user: User, recorded: str, cccd: str, registry: str
) -> None:
    year = 1900 + int(cccd[4:6])
    sex = "female" if int(cccd[3]) % 2 else "male"
    person = make_person(commune_user, full_name=recorded, cccd=cccd, birth_year=year, sex=sex)
    check = identity_verify(actor=commune_user, person=person)
    assert check.outcome == "differences"
    assert check.differences == {"full_name": {"registry": registry, "recorded": recorded}}


@pytest.mark.django_db
def test_a_different_birth_date_is_a_difference(commune_user: User) -> None:
    person = make_person(
        commune_user,
        full_name="Hoàng Văn Páo",
        sex="male",
        cccd="020058001204",
        birth_year=1958,
        birth_date=date(1958, 5, 3),  # day and month swapped
    )
    check = identity_verify(actor=commune_user, person=person)
    assert check.outcome == "differences"
    assert check.differences == {"birth_date": {"registry": "1958-03-05", "recorded": "1958-05-03"}}


@pytest.mark.django_db
def test_a_person_who_moved_differs_in_commune(commune_user: User) -> None:
    person = make_person(
        commune_user, full_name="Lộc Văn Sình", sex="male", cccd="020070003390", birth_year=1970
    )
    check = identity_verify(actor=commune_user, person=person)
    assert check.differences == {"commune": {"registry": DONG_DANG, "recorded": "06325"}}


@pytest.mark.django_db
def test_a_death_known_to_the_database_is_a_difference_until_recorded(commune_user: User) -> None:
    person = make_person(
        commune_user,
        full_name="Triệu Thị Mai",
        cccd="020145000873",
        birth_year=1945,
        birth_date=date(1945, 8, 20),
    )
    check = identity_verify(actor=commune_user, person=person)
    assert check.outcome == "differences"
    assert check.differences == {"death_date": {"registry": "2025-11-02", "recorded": None}}

    person = person_set_status(
        actor=commune_user,
        person=person,
        expected_version=person.version,
        status="deceased",
        since=date(2025, 11, 2),
    )
    assert identity_verify(actor=commune_user, person=person).outcome == "matched"


@pytest.mark.django_db
def test_a_citizen_id_the_database_does_not_know_is_not_found(commune_user: User) -> None:
    person = make_person(commune_user, cccd=make_cccd(sex="female", birth_year=1975, serial=999999))
    check = identity_verify(actor=commune_user, person=person)
    assert (check.outcome, check.differences) == ("not_found", {})
    assert AuditEvent.objects.filter(action="people.identity.verified", object_id=str(person.pk)).exists()


@pytest.mark.django_db
def test_a_person_without_citizen_id_cannot_be_checked(commune_user: User) -> None:
    person = make_person(commune_user)
    with pytest.raises(ApplicationError) as error:
        identity_verify(actor=commune_user, person=person)
    assert error.value.field == "cccd"
    assert not IdentityCheck.objects.exists()


@pytest.mark.django_db
def test_the_latest_check_is_the_last_one_made(commune_user: User, settings: Any) -> None:
    person = make_person(commune_user, cccd=ANH)
    assert latest_identity_check(person=person) is None
    identity_verify(actor=commune_user, person=person)
    settings.POPULATION_REGISTRY = "http"
    settings.POPULATION_URL = closed_port_url()
    settings.POPULATION_TOKEN_FILE = "/nonexistent/token"
    last = identity_verify(actor=commune_user, person=person)
    assert latest_identity_check(person=person) == last
    assert last.outcome == "unavailable"


# --- identity_verify when the service cannot answer -------------------------------------------------------


@pytest.mark.django_db
def test_a_server_that_is_down_gives_unavailable(commune_user: User, settings: Any, token_file: Path) -> None:
    settings.POPULATION_REGISTRY = "http"
    settings.POPULATION_URL = closed_port_url()
    settings.POPULATION_TOKEN_FILE = str(token_file)
    person = make_person(commune_user, cccd=ANH)
    check = identity_verify(actor=commune_user, person=person)
    assert (check.outcome, check.source, check.differences) == ("unavailable", "http", {})
    assert AuditEvent.objects.get(action="people.identity.verified").new_values["outcome"] == "unavailable"


@pytest.mark.django_db
def test_a_server_that_is_too_slow_gives_unavailable(commune_user: User, http_settings: FakeRegistry) -> None:
    http_settings.answers["/api/v1/citizens/lookup"] = Answer(200, http_settings.citizen(), delay=1.0)
    started = time.monotonic()
    check = identity_verify(actor=commune_user, person=make_person(commune_user, cccd=ANH))
    assert check.outcome == "unavailable"
    assert time.monotonic() - started < 0.9


@pytest.mark.django_db
def test_identity_verify_speaks_to_the_configured_server(
    commune_user: User, http_settings: FakeRegistry
) -> None:
    http_settings.answers["/api/v1/citizens/lookup"] = Answer(200, http_settings.citizen(birth_year=1975))
    person = make_person(commune_user, cccd=ANH, full_name="Đặng Thị Anh")
    check = identity_verify(actor=commune_user, person=person)
    assert check.source == "http"
    assert check.differences == {"full_name": {"registry": "Đặng Thị Ánh", "recorded": "Đặng Thị Anh"}}


# --- The HTTP adapter against a local server --------------------------------------------------------------


def adapter(fake: FakeRegistry, token_file: Path, timeout: float = 2.0) -> HttpPopulationRegistry:
    return HttpPopulationRegistry(url=fake.url + "/", token_file=token_file, timeout=timeout)


def test_the_lookup_sends_the_token_and_only_the_citizen_id(
    fake_registry: FakeRegistry, token_file: Path
) -> None:
    fake_registry.answers["/api/v1/citizens/lookup"] = Answer(
        200, fake_registry.citizen(death_date="2025-11-02")
    )
    record = adapter(fake_registry, token_file).lookup(ANH)
    assert record == CitizenRecord(
        cccd=ANH,
        full_name="Đặng Thị Ánh",
        sex="female",
        birth_year=1975,
        birth_date=date(1975, 4, 12),
        residence="Thôn Nà Lầu, Xã Bắc Sơn, Tỉnh Lạng Sơn",
        commune_code="06325",
        death_date=date(2025, 11, 2),
    )
    [request] = fake_registry.received
    assert request.path == "/api/v1/citizens/lookup"  # nothing personal in the URL
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert json.loads(request.body) == {"cccd": ANH}


def test_an_unknown_citizen_id_is_none(fake_registry: FakeRegistry, token_file: Path) -> None:
    fake_registry.answers["/api/v1/citizens/lookup"] = Answer(404, {"error": "not found"})
    assert adapter(fake_registry, token_file).lookup(ANH) is None


@pytest.mark.parametrize(
    "answer",
    [
        Answer(500, {"error": "down"}),
        Answer(401, {"error": "bad token"}),
        Answer(200, b"<html>maintenance</html>"),
        Answer(200, {"cccd": ANH, "full_name": "", "sex": "female", "birth_year": 1975}),
        Answer(
            200, {"cccd": "001079012345", "full_name": "Trần Quốc Toản", "sex": "male", "birth_year": 1979}
        ),
    ],
    ids=["server error", "refused token", "not json", "malformed", "another citizen"],
)
def test_an_answer_off_the_contract_is_unavailable(
    fake_registry: FakeRegistry, token_file: Path, answer: Answer
) -> None:
    fake_registry.answers["/api/v1/citizens/lookup"] = answer
    with pytest.raises(RegistryUnavailable):
        adapter(fake_registry, token_file).lookup(ANH)


def test_a_timeout_is_unavailable(fake_registry: FakeRegistry, token_file: Path) -> None:
    fake_registry.answers["/api/v1/citizens/lookup"] = Answer(200, fake_registry.citizen(), delay=1.0)
    with pytest.raises(RegistryUnavailable):
        adapter(fake_registry, token_file, timeout=0.2).lookup(ANH)


def test_a_redirect_is_not_followed(fake_registry: FakeRegistry, token_file: Path) -> None:
    elsewhere = FakeRegistry()
    elsewhere.thread.start()
    try:
        fake_registry.answers["/api/v1/citizens/lookup"] = Answer(
            307, {}, headers={"Location": elsewhere.url + "/citizens/lookup"}
        )
        with pytest.raises(RegistryUnavailable):
            adapter(fake_registry, token_file).lookup(ANH)
        assert elsewhere.received == []
    finally:
        elsewhere.server.shutdown()
        elsewhere.server.server_close()


def test_a_missing_token_file_is_unavailable_and_nothing_is_sent(
    fake_registry: FakeRegistry, tmp_path: Path
) -> None:
    with pytest.raises(RegistryUnavailable):
        adapter(fake_registry, tmp_path / "missing").lookup(ANH)
    assert fake_registry.received == []


def test_an_event_is_reported(fake_registry: FakeRegistry, token_file: Path) -> None:
    fake_registry.answers["/api/v1/events"] = Answer(202, {})
    adapter(fake_registry, token_file).report_event(
        "death", ANH, date(2025, 11, 2), {"commune_code": "06325"}
    )
    [request] = fake_registry.received
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert json.loads(request.body) == {
        "kind": "death",
        "cccd": ANH,
        "date": "2025-11-02",
        "details": {"commune_code": "06325"},
    }
    fake_registry.answers["/api/v1/events"] = Answer(503, {})
    with pytest.raises(RegistryUnavailable):
        adapter(fake_registry, token_file).report_event("moved", ANH, date(2025, 11, 2), {})


@pytest.mark.parametrize(
    "url",
    ["http://dancu.example.gov.vn/api", "ftp://127.0.0.1/api", "https://dancu.example.gov.vn/api?cccd=1", ""],
)
def test_personal_data_goes_only_over_https_or_to_this_machine(url: str, token_file: Path) -> None:
    with pytest.raises(ImproperlyConfigured):
        HttpPopulationRegistry(url=url, token_file=token_file, timeout=5)


# --- The factory and the sandbox --------------------------------------------------------------------------


def test_the_factory_follows_the_settings(settings: Any, token_file: Path) -> None:
    assert isinstance(population_registry(), SandboxPopulationRegistry)
    settings.POPULATION_REGISTRY = "http"
    settings.POPULATION_URL = "https://dancu.example.gov.vn/api/v1"
    settings.POPULATION_TOKEN_FILE = str(token_file)
    registry = population_registry()
    assert isinstance(registry, HttpPopulationRegistry)
    assert (registry.url, registry.timeout) == (
        "https://dancu.example.gov.vn/api/v1",
        settings.POPULATION_TIMEOUT_SECONDS,
    )
    settings.POPULATION_REGISTRY = "ldap"
    with pytest.raises(ImproperlyConfigured):
        population_registry()


def test_the_sandbox_keeps_reported_events_in_memory() -> None:
    registry = SandboxPopulationRegistry()
    registry.report_event("moved", "020 070 003 390", date(2025, 9, 1), {"commune_code": DONG_DANG})
    assert [(event.kind, event.cccd) for event in registry.reported] == [("moved", "020070003390")]
    assert registry.lookup("020.070.003.390") is not None


@pytest.mark.django_db
def test_the_sandbox_citizens_are_plausible() -> None:
    citizens = sandbox_citizens()
    assert len(citizens) >= 24
    assert len({citizen.cccd for citizen in citizens}) == len(citizens)
    communes = set(AdminUnit.objects.filter(edition=Edition.CURRENT).values_list("code", flat=True))
    provinces = legacy_province_codes()
    for citizen in citizens:
        assert (
            cccd_problems(
                citizen.cccd, sex=citizen.sex, birth_year=citizen.birth_year, province_codes=provinces
            )
            == []
        )
        assert not citizen.commune_code or citizen.commune_code in communes
    assert any(citizen.death_date for citizen in citizens)
    assert any(citizen.birth_date is None for citizen in citizens)


def test_names_compare_by_letters_and_tones() -> None:
    assert name_key("Hoàng Thị Hòa") == name_key("  hoàng  THỊ Hoà ")
    assert name_key("Nguyễn Thị Thủy") == name_key("Nguyễn Thị Thuỷ")
    assert name_key("Đặng Thị Ánh") != name_key("Đặng Thị Anh")
    assert name_key("Vi Văn Khải") != name_key("Vy Văn Khải")
    assert name_key("Đặng") != name_key("Dặng")


@pytest.mark.django_db
def test_the_person_model_is_untouched_by_a_check(commune_user: User) -> None:
    person = make_person(commune_user, full_name="Nông Thị Nhung", cccd="020190004417", birth_year=1990)
    identity_verify(actor=commune_user, person=person)
    assert Person.objects.get(pk=person.pk).full_name == "Nông Thị Nhung"
    assert Person.objects.get(pk=person.pk).version == person.version
