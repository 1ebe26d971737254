"""Rules for the entitlement tests: the shipped national rules (loaded by the migration), and variants."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from hoanhap.benefits.parameters import ParameterSet
from hoanhap.benefits.selectors import parameters_at


def rules(year: int, month: int, unit_path: str = "") -> ParameterSet:
    return parameters_at(month=date(year, month, 1), unit_path=unit_path)


def changed(
    params: ParameterSet, code: str, *, value: Decimal | None = None, text_value: str = ""
) -> ParameterSet:
    """``params`` with one rule's value replaced, as a new row would replace it."""
    rule = dataclasses.replace(params.rule(code), value=value, text_value=text_value)
    return ParameterSet(month=params.month, unit_path=params.unit_path, rules={**params.rules, code: rule})
