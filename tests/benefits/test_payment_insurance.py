"""The health-insurance cards due as a workbook: its rows, its scope, and its audit as an export."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.payment_insurance import health_insurance_workbook
from tests.benefits.test_decisions import adult, record

pytestmark = pytest.mark.django_db

OCTOBER = date(2024, 10, 1)


@pytest.fixture(autouse=True)
def headers_in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_the_workbook_lists_each_card_due_with_the_new_ones_marked_and_records_an_export(
    commune_user: User, other_commune_user: User
) -> None:
    since_july = adult(full_name="Hoàng Văn Một", birth_date=date(1975, 3, 9))
    record(commune_user, since_july)
    new = adult(full_name="Lý Thị Hai", village="Bản Đồng Ý")
    record(commune_user, new, signed_on=date(2024, 10, 2), effective_from=OCTOBER)
    content, rows = health_insurance_workbook(viewer=commune_user, month=date(2024, 10, 20))
    assert rows == 2
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == (
        "No.",
        "Full name",
        "Date of birth",
        "Sex",
        "Citizen ID",
        "Commune",
        "Village",
        "Decision",
        "New this month",
    )
    by_name = {row[1]: row for row in table[1:]}
    assert by_name["Hoàng Văn Một"][2] == "1975-03-09"  # a known date of birth as a date
    assert by_name["Lý Thị Hai"][2] == 1975  # else the year alone
    assert (by_name["Lý Thị Hai"][5], by_name["Lý Thị Hai"][6]) == ("Xã Bắc Sơn", "Bản Đồng Ý")
    assert (by_name["Hoàng Văn Một"][8], by_name["Lý Thị Hai"][8]) == (None, "Yes")
    event = AuditEvent.objects.get(action="people.persons.exported", actor_id=commune_user.pk)
    assert event.new_values is not None
    assert event.new_values["filters"] == {"health_insurance_due": "2024-10"}
    assert sorted(event.new_values["ids"]) == sorted([since_july.pk, new.pk])
    # The export is recorded instead of a read of the list.
    assert not AuditEvent.objects.filter(action="benefits.health_insurance.listed").exists()
    _content, others = health_insurance_workbook(viewer=other_commune_user, month=OCTOBER)
    assert others == 0


def test_a_viewer_cannot_export_the_cards_due(viewer_user: User) -> None:
    with pytest.raises(PermissionDenied):
        health_insurance_workbook(viewer=viewer_user, month=OCTOBER)
    assert not AuditEvent.objects.filter(action="people.persons.exported").exists()
