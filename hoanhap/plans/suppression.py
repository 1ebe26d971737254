"""Withholding small counts from those who may not see personal data.

In a small commune "2 women with a severe intellectual disability of the Dao group" points at persons. For
viewers without ``personal_data.view`` every count below the threshold in force (``SuppressionRule``,
effective-dated data) is withheld, with the percentage resting on it. In a split, a single withheld cell
could be recovered by subtracting the others from the total, so the next smallest cell is withheld too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from hoanhap.core.exceptions import ApplicationError
from hoanhap.plans.compute import Cell, IndicatorValue
from hoanhap.plans.models import SuppressionRule


def threshold_on(day: date) -> int:
    """The smallest count shown on ``day`` to those without access to personal data."""
    rule = (
        SuppressionRule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise ApplicationError(
            _("No small-count suppression rule is recorded for this date."), field="threshold"
        )
    return rule.threshold


def _withhold(cell: Cell, *, numerator: bool, denominator: bool) -> Cell:
    hidden_numerator = numerator and cell.numerator is not None
    hidden_denominator = denominator and cell.denominator is not None
    if not (hidden_numerator or hidden_denominator):
        return cell
    return replace(
        cell,
        numerator=None if hidden_numerator else cell.numerator,
        denominator=None if hidden_denominator else cell.denominator,
        value=None,
        suppressed=True,
    )


def _small(count: int | None, threshold: int) -> bool:
    return count is not None and count < threshold


def _complement(counts: list[int | None], small: list[bool]) -> list[bool]:
    """Withhold the next smallest count too when exactly one is withheld: it could be recovered by
    subtracting the others from the total."""
    if sum(small) != 1:
        return small
    shown = [(count, index) for index, count in enumerate(counts) if count is not None and not small[index]]
    if not shown:
        return small
    marked = list(small)
    marked[min(shown)[1]] = True
    return marked


def _suppress_cells(cells: tuple[Cell, ...], threshold: int) -> tuple[Cell, ...]:
    numerators = [c.numerator for c in cells]
    denominators = [c.denominator for c in cells]
    small_top = _complement(numerators, [_small(count, threshold) for count in numerators])
    small_bottom = _complement(denominators, [_small(count, threshold) for count in denominators])
    return tuple(
        _withhold(c, numerator=top, denominator=bottom)
        for c, top, bottom in zip(cells, small_top, small_bottom, strict=True)
    )


def suppress(value: IndicatorValue, threshold: int) -> IndicatorValue:
    """``value`` with every count of persons below ``threshold`` withheld (counts of units are shown)."""
    if value.counts_units:
        return value
    total = value.total
    total = _withhold(
        total, numerator=_small(total.numerator, threshold), denominator=_small(total.denominator, threshold)
    )
    breakdowns = {name: _suppress_cells(cells, threshold) for name, cells in value.breakdowns.items()}
    return replace(value, total=total, breakdowns=breakdowns)
