from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.provision.aggregates import aggregate_entries_record, aggregate_total, aggregate_values
from hoanhap.provision.models import AggregateEntry, AggregateMetric
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, unit

pytestmark = pytest.mark.django_db

STAFF = AggregateMetric.STAFF


def test_one_entry_per_unit_period_and_figure_changed_in_place_and_audited(commune_user: User) -> None:
    bac_son = unit(BAC_SON)
    aggregate_entries_record(actor=commune_user, unit=bac_son, year=2025, quarter=0, values={STAFF: 12})
    aggregate_entries_record(actor=commune_user, unit=bac_son, year=2025, quarter=0, values={STAFF: 14})
    aggregate_entries_record(actor=commune_user, unit=bac_son, year=2025, quarter=2, values={STAFF: 13})
    assert AggregateEntry.objects.count() == 2
    assert aggregate_values(viewer=commune_user, unit=bac_son, year=2025, quarter=0) == {STAFF: 14}
    changed = AuditEvent.objects.get(action="provision.aggregate.changed")
    assert (changed.old_values["value"], changed.new_values["value"]) == (12, 14)
    assert AuditEvent.objects.filter(action="provision.aggregate.recorded").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        AggregateEntry.objects.create(
            unit=bac_son, unit_path=bac_son.path, year=2025, quarter=0, metric=STAFF, value=1
        )


def test_a_province_total_adds_its_communes(province_user: User, commune_user: User) -> None:
    aggregate_entries_record(
        actor=province_user, unit=unit(BAC_SON), year=2025, quarter=0, values={STAFF: 10}
    )
    aggregate_entries_record(
        actor=province_user, unit=unit(DONG_DANG), year=2025, quarter=0, values={STAFF: 5}
    )
    assert (
        aggregate_total(viewer=province_user, unit=unit(LANG_SON), year=2025, quarter=0, metric=STAFF) == 15
    )
    assert aggregate_total(viewer=commune_user, unit=unit(LANG_SON), year=2025, quarter=0, metric=STAFF) == 10


def test_out_of_area_or_without_the_capability_or_a_bad_period_is_refused(
    commune_user: User, agency_user: User
) -> None:
    with pytest.raises(PermissionDenied):
        aggregate_entries_record(
            actor=commune_user, unit=unit(DONG_DANG), year=2025, quarter=0, values={STAFF: 1}
        )
    with pytest.raises(PermissionDenied):
        aggregate_entries_record(
            actor=agency_user, unit=unit(BAC_SON), year=2025, quarter=0, values={STAFF: 1}
        )
    with pytest.raises(ApplicationError) as error:
        aggregate_entries_record(
            actor=commune_user, unit=unit(BAC_SON), year=2025, quarter=5, values={STAFF: 1}
        )
    assert error.value.field == "quarter"
