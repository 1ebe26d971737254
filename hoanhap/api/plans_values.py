"""An indicator's figure for one unit (of either edition) and one period, with its disaggregations. No
`from __future__ import annotations` here: django-ninja reads them.

The same selector as the dashboards (``hoanhap.plans.figures.indicator_value``): the unit must lie inside
the caller's area (403 otherwise); counts below the suppression threshold are withheld (null, with
``suppressed``) from callers without "personal_data.view".
"""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from hoanhap.api.auth import TokenAuth
from hoanhap.api.persons import unit_for_code
from hoanhap.api.persons_common import ONE_ERRORS, viewer_of
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import Edition
from hoanhap.plans import definitions as d
from hoanhap.plans.compute import Cell
from hoanhap.plans.figures import indicator_value
from hoanhap.plans.periods import parse_period
from hoanhap.plans.selectors import access_indicator

router = Router(tags=["plans"], auth=TokenAuth("plans.view"))


class CellOut(Schema):
    key: str = Field(description="The category: a sex, age band, type, severity, ethnic group or unit path.")
    label: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None = Field(description="The percentage (one decimal), or the count.")
    suppressed: bool


class ValueOut(Schema):
    indicator: str
    name: str
    unit: str
    edition: str
    period: str
    is_percentage: bool
    total: CellOut
    breakdowns: dict[str, list[CellOut]]


class ValueQuery(Schema):
    unit: str = Field(max_length=10, description="The unit's code.")
    edition: Edition | None = Field(None, description="Without it, a current unit, else a legacy one.")
    period: str = Field(max_length=7, description="2024, 2024-Q3 or 2024-05.")
    split: str | None = Field(
        None,
        description="Comma-separated disaggregations (sex, age_group, type, severity, ethnicity, unit); "
        "all those the definition allows when absent, none when empty.",
    )


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "key": cell.key,
        "label": str(cell.label),
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "value": cell.value,
        "suppressed": cell.suppressed,
    }


def _dimensions(split: str | None) -> tuple[str, ...] | None:
    if split is None:
        return None
    wanted = tuple(part.strip() for part in split.split(",") if part.strip())
    unknown = [part for part in wanted if part not in d.DIMENSIONS]
    if unknown:
        raise ApplicationError(
            _("Choose one of: %(values)s.") % {"values": ", ".join(d.DIMENSIONS)}, field="split"
        )
    return wanted


@router.get(
    "/indicators/{indicator_id}/value",
    response={200: ValueOut, **ONE_ERRORS},
    summary="An indicator's value for a unit and a period",
)
def get_indicator_value(
    request: HttpRequest, indicator_id: int, filters: Query[ValueQuery]
) -> dict[str, Any]:
    """The total and the disaggregations. Small counts are withheld from callers who may not see personal
    data; a unit outside your area is refused (403)."""
    viewer = viewer_of(request)
    indicator = access_indicator(viewer=viewer, indicator_id=indicator_id)
    unit = unit_for_code(filters.unit, filters.edition, field="unit")
    period = parse_period(filters.period)
    value = indicator_value(
        viewer=viewer, indicator=indicator, unit=unit, period=period, dimensions=_dimensions(filters.split)
    )
    return {
        "indicator": indicator.code,
        "name": indicator.name,
        "unit": unit.code,
        "edition": unit.edition,
        "period": period.label,
        "is_percentage": value.is_percentage,
        "total": _cell(value.total),
        "breakdowns": {
            dimension: [_cell(cell) for cell in cells] for dimension, cells in value.breakdowns.items()
        },
    }
