from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoanhap.audit.models import AuditEvent
from hoanhap.core.scope import subtree_q
from hoanhap.geo.loading import DATA_DIR, DatasetError, geo_load_units
from hoanhap.geo.models import AdminUnit, AdminUnitSuccession, Edition, Tier
from hoanhap.geo.selectors import unit_get, unit_subtree

pytestmark = pytest.mark.django_db


def test_the_current_edition_has_34_provinces_and_3321_communes() -> None:
    current = AdminUnit.objects.filter(edition=Edition.CURRENT)
    assert current.filter(tier=Tier.PROVINCE).count() == 34
    assert current.filter(tier=Tier.COMMUNE).count() == 3321
    assert current.filter(tier=Tier.DISTRICT).count() == 0
    by_type = {t: current.filter(type=t).count() for t in ("commune", "ward", "special_zone")}
    assert by_type == {"commune": 2621, "ward": 687, "special_zone": 13}


def test_the_legacy_edition_has_63_provinces_with_districts_and_communes() -> None:
    legacy = AdminUnit.objects.filter(edition=Edition.LEGACY)
    assert legacy.filter(tier=Tier.PROVINCE).count() == 63
    assert legacy.filter(tier=Tier.DISTRICT).count() == 696
    # 10,035 communes existed on 30 June 2025 (see hoanhap/geo/data/SOURCE.md).
    assert legacy.filter(tier=Tier.COMMUNE).count() == 10035


def test_every_legacy_commune_has_a_current_successor_and_splits_are_flagged() -> None:
    legacy_communes = AdminUnit.objects.filter(edition=Edition.LEGACY, tier=Tier.COMMUNE)
    assert not legacy_communes.filter(successions__isnull=True).exists()
    split = legacy_communes.filter(successions__is_split=True).distinct()
    assert split.count() == 440
    for unit in split[:20]:
        assert unit.successions.count() > 1
    assert not AdminUnitSuccession.objects.filter(successor__edition=Edition.LEGACY).exists()


@pytest.mark.parametrize("edition", [Edition.CURRENT, Edition.LEGACY])
def test_subtree_of_a_province_is_exactly_its_communes(edition: str) -> None:
    province = unit_get(edition=edition, code="20")
    in_subtree = set(unit_subtree(unit=province).filter(tier=Tier.COMMUNE).values_list("code", flat=True))
    # Independent computation: walk the parent links instead of the materialised path.
    if edition == Edition.CURRENT:
        expected = set(AdminUnit.objects.filter(parent=province).values_list("code", flat=True))
    else:
        expected = set(AdminUnit.objects.filter(parent__parent=province).values_list("code", flat=True))
    assert in_subtree == expected
    assert len(expected) > 50


def test_subtree_is_a_single_query() -> None:
    province = unit_get(edition=Edition.CURRENT, code="20")
    with CaptureQueriesContext(connection) as queries:
        list(unit_subtree(unit=province))
    assert len(queries) == 1
    assert "LIKE" not in queries[0]["sql"].upper()


def test_subtree_filter_does_not_leak_into_a_province_with_a_longer_code() -> None:
    assert not AdminUnit.objects.filter(subtree_q("path", "/c/2/")).exists()


def test_loading_again_changes_nothing() -> None:
    events_before = AuditEvent.objects.count()
    report = geo_load_units(actor=None)
    assert not report.changed
    assert report.unchanged == {Edition.LEGACY: 10794, Edition.CURRENT: 3355}
    assert AuditEvent.objects.count() == events_before


def test_loading_repairs_a_changed_unit_and_is_audited() -> None:
    AdminUnit.objects.filter(edition=Edition.CURRENT, code="06325").update(name="Sai tên")
    report = geo_load_units(actor=None)
    assert report.updated[Edition.CURRENT] == 1
    assert unit_get(edition=Edition.CURRENT, code="06325").name == "Xã Bắc Sơn"
    assert AuditEvent.objects.filter(action="geo.units.loaded").exists()


def test_a_broken_dataset_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    for name in ("editions.csv", "units_legacy.csv", "succession.csv", "succession_provinces.csv"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    lines = (DATA_DIR / "units_current.csv").read_text(encoding="utf-8").splitlines()
    lines.append("99999,Xã Mồ Côi,commune,98,,")
    (tmp_path / "units_current.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="unknown parent 98"):
        geo_load_units(actor=None, data_dir=tmp_path)
    assert not AdminUnit.objects.filter(code="99999").exists()


def test_codes_are_unique_per_edition_but_shared_across_editions(**_: Any) -> None:
    assert AdminUnit.objects.filter(code="20").count() == 2
    assert {u.edition for u in AdminUnit.objects.filter(code="20")} == {Edition.CURRENT, Edition.LEGACY}
