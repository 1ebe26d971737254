"""The generated world and the seed plans, shared by the indicator tests."""

from __future__ import annotations

from typing import Any

import pytest

from hoanhap.plans.models import IndicatorDefinition
from hoanhap.plans.seed import seed_plans_load
from tests.plans.builders import World, build_world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def seeded(db: Any) -> dict[str, IndicatorDefinition]:
    """The seed indicators and plans, loaded as the demo loads them."""
    seed_plans_load(actor=None)
    return {indicator.code: indicator for indicator in IndicatorDefinition.objects.all()}
