"""Village names (thôn, bản, ấp, tổ dân phố) for generated persons.

Basis: the common shapes of village names in each region. In the northern uplands Tày-Nùng and Thái
place words ("Nà" rice field, "Khuổi" stream, "Pác" mouth of a stream, "Pò" hill, "Nặm" water) begin many
names; in the Central Highlands Ba Na, Xơ Đăng, Gia Rai and Ê Đê words ("Kon", "Plei", "Đăk", "Buôn") and
plain numbers ("Thôn 3"); elsewhere Sino-Vietnamese pairs ("Tân Lập", "Phú Mỹ"), with "Ấp" in the South;
wards are divided into numbered or named "Tổ dân phố". The parts are combined at random: plausible names,
not a list of real villages.
"""

from __future__ import annotations

import random

from hoanhap.geo.models import UnitType


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


UPLAND_FIRST = ("Nà", "Khuổi", "Pác", "Pò", "Còn", "Lũng", "Phai", "Nặm", "Bó", "Khòn", "Cốc", "Nà", "Nà")
UPLAND_SECOND = _words(
    "Lay Mò Sla Pàn Bon Liềng Slam Cáp Nghiều Riềng Hin Vài Thin Mạ Tào Quang Pất Luông Hẩu Slưa Mèo Khao"
)
HIGHLAND_FIRST = ("Kon", "Plei", "Đăk", "Kon", "Plei", "Buôn")
HIGHLAND_SECOND = (
    "Hra Chót",
    "Klor",
    "Krông",
    "Rơ Wa",
    "Tu",
    "Jơ Dreh",
    "Đôn",
    "Kang",
    "Rơ Hai",
    "Mơ Nay",
    "Brăp",
    "Năng",
    "Long",
    "Sơ Lam",
    "Trang",
    "Hring",
    "Tơ Re",
)
LOWLAND_FIRST = _words(
    "An Phú Tân Đông Tây Nam Bắc Thượng Trung Hạ Hòa Phúc Thành Vĩnh Long Mỹ Bình Quang Đại Xuân"
)
LOWLAND_SECOND = _words("Lạc Mỹ Lập Hòa Phú Thịnh Lộc An Bình Thành Hưng Tiến Vinh Lợi Thọ Hiệp Khánh")

# Legacy provinces (two-digit codes of the 63-province list) by the shape of their village names.
UPLAND_PROVINCES = frozenset({"02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20"})
BAN_PROVINCES = frozenset({"11", "12", "14"})  # Thái and Mông areas: "Bản" is the usual word
HIGHLAND_PROVINCES = frozenset({"62", "64", "66", "67", "68"})
SOUTHERN_PROVINCES = frozenset(
    {
        "70",
        "72",
        "74",
        "75",
        "77",
        "79",
        "80",
        "82",
        "83",
        "84",
        "86",
        "87",
        "89",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    }
)


def _lowland(rng: random.Random) -> str:
    first = rng.choice(LOWLAND_FIRST)
    second = rng.choice([word for word in LOWLAND_SECOND if word != first])
    return f"{first} {second}"


def _village_name(rng: random.Random, *, legacy_province: str, unit_type: str) -> str:
    if unit_type == UnitType.WARD:
        if rng.random() < 0.7:
            return f"Tổ dân phố {rng.randint(1, 25)}"
        return f"Tổ dân phố {_lowland(rng)}"
    if legacy_province in UPLAND_PROVINCES:
        word = "Bản" if legacy_province in BAN_PROVINCES or rng.random() < 0.4 else "Thôn"
        if rng.random() < 0.15:
            return f"Thôn {_lowland(rng)}"
        return f"{word} {rng.choice(UPLAND_FIRST)} {rng.choice(UPLAND_SECOND)}"
    if legacy_province in HIGHLAND_PROVINCES:
        if rng.random() < 0.35:
            return f"Thôn {rng.randint(1, 15)}"
        return f"Thôn {rng.choice(HIGHLAND_FIRST)} {rng.choice(HIGHLAND_SECOND)}"
    word = "Ấp" if legacy_province in SOUTHERN_PROVINCES else "Thôn"
    return f"{word} {_lowland(rng)}"


def commune_villages(*, seed: int, commune_code: str, legacy_province: str, unit_type: str) -> list[str]:
    """Between 6 and 14 distinct village names, always the same for one commune and seed."""
    rng = random.Random(f"{seed}:villages:{commune_code}")  # noqa: S311 - test data, not secrets
    wanted = rng.randint(6, 14)
    names: list[str] = []
    for _attempt in range(wanted * 5):
        name = _village_name(rng, legacy_province=legacy_province, unit_type=unit_type)
        if name not in names:
            names.append(name)
        if len(names) == wanted:
            break
    return names
