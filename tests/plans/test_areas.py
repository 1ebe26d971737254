"""Figures across the two editions of units, and the counts shared with the provision and campaigns apps."""

from __future__ import annotations

from datetime import date
from typing import Any

from hoanhap.campaigns.progress import campaign_progress
from hoanhap.geo.models import Edition
from hoanhap.plans.areas import area_of, current_area_path
from hoanhap.plans.compute import compute_spec
from hoanhap.plans.definitions import parse_indicator
from hoanhap.plans.periods import parse_period, year
from hoanhap.provision.activity_selectors import activity_counts
from hoanhap.provision.models import ActivityKind, AggregateMetric, ParticipantKind
from tests.factories import BAC_SON, DONG_DANG, LANG_SON, unit
from tests.plans.builders import BAC_SON_DISTRICT, YEAR, World


def _staff_figure(code: str, edition: str = Edition.CURRENT) -> int | None:
    spec = parse_indicator(numerator={"source": "aggregates", "aggregate": {"metric": AggregateMetric.STAFF}})
    return compute_spec(spec=spec, unit=unit(code, edition), period=year(YEAR)).total.numerator


def test_figures_recorded_under_former_units_count_in_todays_units(world: World) -> None:
    """Long Đống (06328) was merged into Bắc Sơn: its 7 count in Bắc Sơn and in Lạng Sơn. The former
    district's own 11 cannot be divided among its communes: they count in today's province, which holds
    the whole district, but in no commune."""
    communes = {commune.code: i for i, commune in enumerate(world.communes)}
    own = {code: 10 + 3 * i for code, i in communes.items()}  # AggregateMetric.STAFF is the first metric
    assert _staff_figure(BAC_SON) == own[BAC_SON] + 7
    assert _staff_figure(DONG_DANG) == own[DONG_DANG]
    assert _staff_figure(LANG_SON) == sum(own.values()) + 7 + 11
    district_communes = [c.code for c in world.communes[:-2]]
    assert _staff_figure(BAC_SON_DISTRICT, Edition.LEGACY) == sum(own[c] for c in district_communes) + 7 + 11
    assert _staff_figure("06328", Edition.LEGACY) == 7  # Bắc Sơn kept the code of the former township


def test_the_area_of_a_former_unit_is_the_current_communes_that_kept_its_communes_codes(db: Any) -> None:
    district = area_of(unit(BAC_SON_DISTRICT, Edition.LEGACY))
    assert district.prefixes == ("/l/20/185/",)
    assert len(district.leaves) == 6
    assert all(path.startswith("/c/20/") for path in district.leaves)
    assert district.current_paths() == district.leaves
    assert current_area_path(unit(BAC_SON_DISTRICT, Edition.LEGACY)) == "/c/20/"
    # Long Đống's persons count under the township whose code Bắc Sơn kept; its plans are Bắc Sơn's.
    assert area_of(unit("06328", Edition.LEGACY)).current_paths() == ()
    assert current_area_path(unit("06328", Edition.LEGACY)) == unit(BAC_SON).path
    assert current_area_path(unit("06325", Edition.LEGACY)) == unit(BAC_SON).path
    commune = area_of(unit(BAC_SON))
    assert commune.leaves == ("/l/20/185/06325/", "/l/20/185/06328/", "/l/20/185/06343/")
    assert commune.children == ()


def test_participants_are_counted_as_the_activity_counts_count_them(world: World, admin_user: Any) -> None:
    """The same identity rule as ``provision.activity_selectors.activity_counts`` (named participants once,
    head-counts added), checked on the same data so the two cannot drift apart."""
    period = year(YEAR)
    for kind in (ParticipantKind.PWD, ParticipantKind.FAMILY, ParticipantKind.STAFF):
        spec = parse_indicator(
            numerator={
                "source": "participants",
                "participants": {"kind": kind},
                "activities": {"kinds": [ActivityKind.TRAINING]},
            }
        )
        figure = compute_spec(spec=spec, unit=unit(LANG_SON), period=period).total.numerator
        counts = activity_counts(
            viewer=admin_user,
            start=period.start,
            end=period.end,
            unit=unit(LANG_SON),
            kind=ActivityKind.TRAINING,
        )
        assert figure == counts.total(kind), kind


def test_campaign_stages_are_counted_as_the_campaign_progress_counts_them(
    world: World, admin_user: Any
) -> None:
    progress = campaign_progress(viewer=admin_user, campaign=world.campaign).total
    period = year(YEAR)
    for stage in ("registered", "screened", "indicated", "operated", "followed_up"):
        spec = parse_indicator(
            numerator={
                "source": "campaign",
                "campaign": {"stage": stage, "campaigns": [world.campaign.pk]},
                "persons": {"statuses": []},
            }
        )
        figure = compute_spec(spec=spec, unit=unit(LANG_SON), period=period).total.numerator
        # The campaign ran within the year, but a few children were screened (and so operated) in 2025.
        later = compute_spec(spec=spec, unit=unit(LANG_SON), period=year(YEAR + 1)).total.numerator
        assert (figure or 0) + (later or 0) == getattr(progress, stage), stage


def test_a_quarter_counts_only_its_own_days(world: World) -> None:
    spec = parse_indicator(
        numerator={"source": "service_records", "persons": {"statuses": []}}, period_type="quarter"
    )
    quarters = [
        compute_spec(spec=spec, unit=unit(LANG_SON), period=parse_period(f"{YEAR}-Q{q}")).total.numerator or 0
        for q in (1, 2, 3, 4)
    ]
    whole = compute_spec(spec=spec, unit=unit(LANG_SON), period=year(YEAR)).total.numerator or 0
    # A person served in two quarters counts once in the year.
    assert max(quarters) <= whole <= sum(quarters)
    assert parse_period("2024-Q3").start == date(2024, 7, 1)
    assert parse_period("2024-02").end == date(2024, 2, 29)
