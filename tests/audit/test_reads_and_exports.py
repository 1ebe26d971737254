"""Reads and exports of personal data leave a trace; and nothing outside the services writes the trail."""

import ast
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hoanhap.accounts.models import User
from hoanhap.accounts.selectors import access_user, user_page
from hoanhap.audit.exports import safe_cell_text
from hoanhap.audit.models import AuditEvent
from hoanhap.audit.selectors import AuditFilters, audit_event_page
from hoanhap.audit.services import audit_record
from tests.factories import signed_in

pytestmark = pytest.mark.django_db
PACKAGE = Path(__file__).resolve().parents[2] / "hoanhap"


def test_listing_accounts_records_which_accounts_were_shown(admin_user: User, commune_user: User) -> None:
    page = user_page(viewer=admin_user, query="xa")
    event = AuditEvent.objects.get(action="accounts.user.listed")
    assert event.new_values["ids"] == [user.pk for user in page] == [commune_user.pk]
    assert event.new_values["query"] == "xa"


def test_opening_someone_elses_account_is_recorded_but_not_ones_own(
    admin_user: User, commune_user: User
) -> None:
    access_user(viewer=admin_user, user_id=commune_user.pk)
    access_user(viewer=admin_user, user_id=admin_user.pk)
    viewed = AuditEvent.objects.filter(action="accounts.user.viewed")
    assert [(e.actor_id, e.object_id) for e in viewed] == [(admin_user.pk, str(commune_user.pk))]


def test_reading_the_trail_is_recorded_in_the_readers_province(province_user: User) -> None:
    audit_event_page(viewer=province_user, filters=AuditFilters(action="accounts."))
    event = AuditEvent.objects.get(action="audit.events.viewed")
    assert event.unit_path == "/c/20/"
    assert event.new_values["filters"] == {"action": "accounts."}


def test_the_export_holds_only_events_in_scope_defuses_formulas_and_is_recorded(
    admin_user: User, province_user: User
) -> None:
    action = "agencies.agency.created"
    audit_record(actor=admin_user, action=action, unit_path="/c/20/06325/", object_repr="=HYPERLINK(1)")
    audit_record(actor=admin_user, action=action, unit_path="/c/51/23293/", object_repr="outside")
    response = signed_in(province_user).get(f"/audit/export.xlsx?action={action}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[6] for row in rows[1:]] == ["'=HYPERLINK(1)"]  # only the event inside the province
    assert rows[1][2:4] == (action, "Agency created")
    assert all(sheet.cell(row=2, column=col).data_type != "f" for col in range(1, 12))
    event = AuditEvent.objects.get(action="audit.events.exported")
    assert event.actor_id == province_user.pk
    assert event.new_values["rows"] == 1
    assert event.unit_path == "/c/20/"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_triggers_are_neutralised(text: str) -> None:
    assert safe_cell_text(text) == "'" + text


def test_ordinary_text_is_unchanged() -> None:
    assert safe_cell_text("Nguyễn Văn A") == "Nguyễn Văn A"
    assert safe_cell_text(None) == ""


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("layer", ["web", "api"])
def test_views_and_endpoints_never_write_the_trail_themselves(layer: str) -> None:
    """Only services write audit events; no view or endpoint can change or delete them."""
    for path in (PACKAGE / layer).rglob("*.py"):
        modules = imported_modules(path)
        assert "hoanhap.audit.services" not in modules, path
        source = path.read_text(encoding="utf-8")
        assert "AuditEvent.objects" not in source, path


def test_every_action_code_written_anywhere_has_a_label() -> None:
    from hoanhap.audit.actions import registered_actions

    written = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_record":
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        written.add(keyword.value.value)
    assert len(written) >= 18
    assert written <= set(registered_actions())
