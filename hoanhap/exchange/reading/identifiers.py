"""Citizen IDs and phone numbers as commune lists write them (see ``values`` for the parsers' contract)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from hoanhap.exchange.reading.values import (
    CellValue,
    Parsed,
    Problem,
    cell_text,
    refuse,
)
from hoanhap.people.cccd import cccd_problems, normalize_cccd

# --- Citizen ID ----------------------------------------------------------------------------------------

# "1.23457E+11": a 12-digit number shown in scientific notation and saved that way, its last digits lost.
_SCIENTIFIC = re.compile(r"(\d)(?:[.,](\d+))?[eE]\+?\d{1,2}")
# Fewer significant digits than this in such a text and the number was rounded for display.
_EXACT_SCIENTIFIC_DIGITS = 10
_CCCD_LENGTH = 12
_CMND_LENGTHS = (8, 9)  # a 9-digit CMND number; 8 when a number cell dropped its leading zero


def parse_cccd(value: CellValue, *, province_codes: frozenset[str]) -> Parsed[str]:
    """A citizen ID (12 digits) from a text with spaces, dots or dashes, or from a number cell.

    A number cell has lost the leading zeros every ID born in a province 001–099 starts with: they are
    put back when the padded number passes the structural check of ``hoanhap.people.cccd`` (province or
    country code in the first three digits). Text is taken as typed: a missing digit there cannot be told
    from a lost zero. ``province_codes`` are the legacy provinces' two-digit codes. The agreement with the
    person's sex and birth year is checked later, with the rest of the record.
    """
    if value is None:
        return Parsed("")
    if isinstance(value, bool | date):
        return _not_a_cccd(value, _("It is not a number."))
    if isinstance(value, float):
        if not value.is_integer() or value < 0:
            return _not_a_cccd(value, _("It is not a whole number."))
        value = int(value)
    if isinstance(value, int):
        return _cccd_from_number(value, province_codes=province_codes)
    if not isinstance(value, str):
        return _not_a_cccd(value, _("It is not a number."))
    text = cell_text(value)
    if not text:
        return Parsed("")
    if match := _SCIENTIFIC.fullmatch(text):
        lead, decimals = match.groups()
        if len(lead + (decimals or "")) < _EXACT_SCIENTIFIC_DIGITS:
            return _not_a_cccd(
                text, _("Excel showed it in scientific notation and its last digits were lost.")
            )
        try:
            number = int(Decimal(text.replace(",", ".")))
        except InvalidOperation:
            return _not_a_cccd(text, _("It is not a number."))
        return _cccd_from_number(number, province_codes=province_codes)
    digits = normalize_cccd(text)
    if len(digits) == 9 and digits.isdigit():
        return _cmnd(text)
    return _checked_cccd(digits, shown=text, province_codes=province_codes)


def _cccd_from_number(number: int, *, province_codes: frozenset[str]) -> Parsed[str]:
    digits = str(number)
    if len(digits) in _CMND_LENGTHS:
        return _cmnd(digits)
    if _CCCD_LENGTH - 2 <= len(digits) < _CCCD_LENGTH:
        return _checked_cccd(digits.zfill(_CCCD_LENGTH), shown=digits, province_codes=province_codes)
    return _checked_cccd(digits, shown=digits, province_codes=province_codes)


def _checked_cccd(number: str, *, shown: str, province_codes: frozenset[str]) -> Parsed[str]:
    problems = cccd_problems(number, sex="", birth_year=None, province_codes=province_codes)
    if problems:
        return _not_a_cccd(shown, problems[0].message)
    return Parsed(number)


def _cmnd(shown: str) -> Parsed[str]:
    message = _("“{value}” is an old identity card (CMND) number: enter the 12-digit citizen ID (CCCD).")
    return refuse("", message, shown)


def _not_a_cccd(value: object, reason: Problem) -> Parsed[str]:
    return refuse("", _("“{value}” is not a valid citizen ID. {reason}"), value, reason=reason)


# Mobile numbers renumbered from 11 to 10 digits in 2018: old prefix → new prefix.
_RENUMBERED_MOBILE_PREFIXES = {
    **{f"016{digit}": f"03{digit}" for digit in "23456789"},  # Viettel
    **{"0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078"},  # MobiFone
    **{"0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082"},  # VinaPhone
    **{"0186": "056", "0188": "058", "0199": "059"},  # Vietnamobile, Gmobile
}
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_SEVERAL_NUMBERS = re.compile(r"[/,;&\n]|\s[-–]\s|\s+(?:hoặc|hoac|or)\s+", re.IGNORECASE)


def parse_phone(value: CellValue) -> Parsed[str]:
    """A Vietnamese phone number as its digits, starting with 0.

    Spaces, dots, dashes and brackets are dropped; "+84", "84" and "0084" become "0"; a number cell that
    lost its leading zero gets it back (9 digits starting 3, 5, 7, 8 or 9 for a mobile, 10 starting 2 for
    a landline); an old 11-digit mobile number (0168…, 0123…) is written with its 2018 prefix. A cell with
    two numbers is a problem: the registry keeps one and the officer chooses which.
    """
    if value is None:
        return Parsed("")
    if isinstance(value, bool | date) or (isinstance(value, float) and not value.is_integer()):
        return _not_a_phone(value)
    text = cell_text(value)
    if not text:
        return Parsed("")
    if len([part for part in _SEVERAL_NUMBERS.split(text) if part.strip()]) > 1:
        return refuse("", _("“{value}” holds more than one phone number: keep the one to record."), text)
    digits = re.sub(r"[\s.()\-–]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return _not_a_phone(text)
    for international in ("0084", "84"):
        if digits.startswith(international) and len(digits) - len(international) in (9, 10):
            digits = "0" + digits[len(international) :]
            break
    if not digits.startswith("0"):
        digits = "0" + digits
    if len(digits) == 11 and digits[:4] in _RENUMBERED_MOBILE_PREFIXES:
        digits = _RENUMBERED_MOBILE_PREFIXES[digits[:4]] + digits[4:]
    is_mobile = len(digits) == 10 and digits.startswith(_MOBILE_PREFIXES)
    is_landline = len(digits) == 11 and digits.startswith("02")
    if not (is_mobile or is_landline):
        return _not_a_phone(text)
    return Parsed(digits)


def _not_a_phone(value: object) -> Parsed[str]:
    message = _(
        "“{value}” is not a phone number: a mobile number has 10 digits (09…, 03…), a landline 11 (02…)."
    )
    return refuse("", message, value)
