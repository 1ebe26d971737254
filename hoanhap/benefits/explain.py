"""Explanations that read in the language of whoever reads them.

An explanation line is an English message id (translated through the catalogue) with its values kept as
values, not as text: a sum of money, a coefficient, a day or a month is formatted only when the line is
read, in the conventions of the active language — "500.000 đ", "hệ số 2,5", "01/07/2024" in Vietnamese,
"500,000 VND", "2.5", "1 July 2024" in English. So one computed result can be shown to a Vietnamese family
and sent to an English-speaking client alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from hoanhap.benefits.parameters import plain_decimal

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def vietnamese() -> bool:
    return (translation.get_language() or "vi").startswith("vi")


def _group_thousands(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


@dataclass(frozen=True)
class Money:
    """A sum in đồng."""

    dong: int

    def __str__(self) -> str:
        if vietnamese():
            return f"{_group_thousands(self.dong, '.')} đ"
        return f"{_group_thousands(self.dong, ',')} VND"


@dataclass(frozen=True)
class Number:
    """A coefficient, a multiple or an age: "2,5" in Vietnamese, "2.5" in English.

    ``decimals`` keeps one decimal place on whole coefficients, as the decrees write them ("hệ số 2,0").
    """

    value: Decimal
    decimals: bool = False

    def __str__(self) -> str:
        text = plain_decimal(self.value)
        if self.decimals and "." not in text:
            text += ".0"
        integer, _dot, fraction = text.partition(".")
        sign = "-" if integer.startswith("-") else ""
        integer = _group_thousands(int(integer.lstrip("-")), "." if vietnamese() else ",")
        if not fraction:
            return sign + integer
        return f"{sign}{integer}{',' if vietnamese() else '.'}{fraction}"


def coefficient(value: Decimal) -> Number:
    return Number(value, decimals=True)


@dataclass(frozen=True)
class Day:
    value: date

    def __str__(self) -> str:
        if vietnamese():
            return f"{self.value:%d/%m/%Y}"
        return f"{self.value.day} {ENGLISH_MONTHS[self.value.month - 1]} {self.value.year}"


@dataclass(frozen=True)
class Month:
    value: date

    def __str__(self) -> str:
        if vietnamese():
            return f"{self.value:%m/%Y}"
        return f"{ENGLISH_MONTHS[self.value.month - 1]} {self.value.year}"


@dataclass(frozen=True)
class Line:
    """One sentence of an explanation: ``message`` (a lazy English message id with ``%(name)s``
    placeholders) and the values to put in it. Values may be ``Money``, ``Number``, ``Day``, ``Month``,
    lazy texts, other lines, or plain strings and integers. ``str(line)`` reads it in the active language.
    """

    message: Promise
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def __str__(self) -> str:
        text = str(self.message)
        if not self.values:
            return text
        return text % {name: str(value) for name, value in self.values.items()}

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return str(self)
