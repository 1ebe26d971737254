"""The cells of service and attendance lists: amounts of money, dates, funding sources and kinds of
participant (see ``values`` for the parsers' contract: a value and a problem, never an exception)."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from hoanhap.core.text import fold
from hoanhap.exchange.reading.values import (
    CellValue,
    Parsed,
    cell_text,
    folded_words,
    once_per_text,
    parse_birth,
    refuse,
)
from hoanhap.exchange.reading.words import _cell_words, _match, _phrases
from hoanhap.provision.models import FundingSource, ParticipantKind

# "1.500.000", "1,500,000", "1 500 000 đ", "1500000đồng", "2 triệu", "1,5 triệu đồng"
_AMOUNT = re.compile(r"(\d{1,3}(?:[., ]\d{3})+|\d+(?:[.,]\d+)?)\s*(trieu|tr|nghin|ngan|k)?\s*(?:d|dong|vnd)?")
_GROUPED = re.compile(r"\d{1,3}(?:[., ]\d{3})+")
_MULTIPLIERS = {"trieu": 1_000_000, "tr": 1_000_000, "nghin": 1_000, "ngan": 1_000, "k": 1_000}


def parse_amount(value: CellValue) -> Parsed[int | None]:
    """An amount in đồng: a number cell, or a text such as "1.500.000 đ", "1,5 triệu" or "500k"."""
    if value is None or value == "":
        return Parsed(None)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return Parsed(round(value))
    match = _AMOUNT.fullmatch(" ".join(fold(cell_text(value)).split())) if isinstance(value, str) else None
    if match is None:
        return refuse(None, _("“{value}” is not an amount: write it in đồng, e.g. 1500000."), value)
    number, unit = match.groups()
    if unit:
        return Parsed(round(float(number.replace(",", ".")) * _MULTIPLIERS[unit]))
    if _GROUPED.fullmatch(number):
        return Parsed(int(re.sub(r"[., ]", "", number)))
    return Parsed(round(float(number.replace(",", "."))))


def parse_full_date(value: CellValue, *, today: date) -> Parsed[date | None]:
    """A whole date (a year alone is not enough for the date of a service)."""
    parsed = parse_birth(value, today=today)
    if parsed.problem is not None:
        return Parsed(None, parsed.problem)
    if parsed.value is None:
        return Parsed(None)
    if parsed.value.birth_date is None:
        return refuse(None, _("“{value}” is not a whole date: write the day, month and year."), value)
    return Parsed(parsed.value.birth_date)


_FUNDING = _phrases(
    {
        FundingSource.STATE_BUDGET: ("ngân sách nhà nước", "NSNN", "ngân sách trung ương", "trung ương"),
        FundingSource.PROVINCE: ("ngân sách tỉnh", "tỉnh", "NS tỉnh"),
        FundingSource.COMMUNE: ("ngân sách xã", "xã", "NS xã", "ngân sách phường", "phường"),
        FundingSource.CHILD_PROTECTION_FUND: ("quỹ bảo trợ trẻ em", "quỹ BTTE", "BTTE"),
        FundingSource.NGO: (
            "tổ chức",
            "tài trợ",
            "nhà tài trợ",
            "NGO",
            "phi chính phủ",
            "tổ chức phi chính phủ",
        ),
        FundingSource.FAMILY: ("gia đình", "gia đình tự chi trả", "tự túc"),
        FundingSource.OTHER: ("khác", "nguồn khác", "xã hội hóa"),
        "": ("nguồn",),
    }
)


@once_per_text
def parse_funding_source(value: CellValue) -> Parsed[str]:
    """A ``FundingSource`` value from "Ngân sách nhà nước", "NSNN", "Quỹ BTTE", "Tài trợ"…"""
    text = _cell_words(value)
    if text == "":
        return Parsed("")
    words = folded_words(text or "")
    found, unknown = _match(words, _FUNDING) if words else ([], [0])
    meanings = {meaning for meaning in found if meaning}
    if unknown or len(meanings) != 1:
        return refuse(
            "",
            _(
                "“{value}” is not a funding source: write e.g. Ngân sách nhà nước, Ngân sách tỉnh, "
                "Quỹ bảo trợ trẻ em, Tài trợ, Gia đình."
            ),
            value,
        )
    return Parsed(meanings.pop())


_KINDS = _phrases(
    {
        ParticipantKind.PWD: ("NKT", "người khuyết tật", "khuyết tật", "trẻ khuyết tật", "TKT"),
        ParticipantKind.FAMILY: (
            "người nhà",
            "gia đình",
            "người chăm sóc",
            "người thân",
            "cha",
            "mẹ",
            "bố",
            "cha mẹ",
            "vợ",
            "chồng",
            "con",
            "ông",
            "bà",
            "anh",
            "chị",
            "em",
            "người nhà NKT",
            "gia đình NKT",
        ),
        ParticipantKind.STAFF: (
            "cán bộ",
            "công chức",
            "viên chức",
            "cộng tác viên",
            "CTV",
            "nhân viên",
            "giáo viên",
            "cán bộ xã",
            "cán bộ thôn",
            "y tế thôn bản",
            "trưởng thôn",
            "hội viên",
        ),
    }
)


@once_per_text
def parse_participant_kind(value: CellValue) -> Parsed[str]:
    """A ``ParticipantKind`` from "NKT", "Người nhà", "Cán bộ", "CTV"…"""
    text = _cell_words(value)
    if text == "":
        return Parsed("")
    words = folded_words(text or "")
    found, unknown = _match(words, _KINDS) if words else ([], [0])
    if unknown or len(set(found)) != 1:
        return refuse(
            "",
            _("“{value}” does not say who the participant is: write NKT, Người nhà or Cán bộ."),
            value,
        )
    return Parsed(found[0])
