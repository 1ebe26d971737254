"""The demo's sample list shows each thing the import does: it is read as a commune would expect."""

from collections import Counter
from pathlib import Path

import pytest

from hoanhap.accounts.models import User
from hoanhap.exchange.import_analysis import person_import_analyse
from hoanhap.exchange.import_services import person_import_upload
from hoanhap.exchange.models import ImportRow, RowClass
from hoanhap.ops.demo_list import demo_list_write
from tests.factories import unit

pytestmark = pytest.mark.django_db


def test_the_sample_list_has_new_rejected_and_repeated_rows(commune_user: User, tmp_path: Path) -> None:
    path = demo_list_write(tmp_path)
    person_import = person_import_upload(
        actor=commune_user, commune=unit("06325"), file_name=path.name, content=path.read_bytes()
    )
    person_import_analyse(actor=commune_user, person_import=person_import)
    rows = ImportRow.objects.filter(person_import=person_import, kind="data")
    assert Counter(rows.values_list("row_class", flat=True)) == {
        RowClass.CREATE: 4,
        RowClass.REJECTED: 2,
        RowClass.DUPLICATE_IN_FILE: 1,
    }
    names = set(rows.filter(row_class=RowClass.CREATE).values_list("values__full_name", flat=True))
    assert "Lương Thị Phượng" in names  # typed in TCVN3
    villages = set(rows.values_list("values__village", flat=True))
    assert villages == {"Nà Lầu", "Bản Chang"}
