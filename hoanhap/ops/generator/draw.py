"""Drawing one generated person: plain values, no database. ``bulk`` turns them into rows."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from hoanhap.ops.generator import proportions as p
from hoanhap.ops.generator.names import NameStyle, Order, style_for


@dataclass(frozen=True)
class Weighted:
    """Values with cumulative weights, for ``random.choices`` without recomputing the sums."""

    values: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weights: dict[str, int] | tuple[tuple[str, int], ...]) -> Weighted:
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        pairs = [(value, weight) for value, weight in pairs if weight > 0]
        return cls(tuple(value for value, _w in pairs), tuple(accumulate(w for _v, w in pairs)))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


SEVERITIES = Weighted.of(p.SEVERITY_WEIGHTS)
TYPES = Weighted.of(p.TYPE_WEIGHTS)
STATUSES = Weighted.of(p.STATUS_WEIGHTS)
HOUSEHOLDS = Weighted.of(p.HOUSEHOLD_WEIGHTS)
AGE_BANDS = Weighted.of({f"{low}-{high}": weight for low, high, weight in p.AGE_BANDS})
_SURNAMES: dict[int, Weighted] = {}


def _surnames(style: NameStyle) -> Weighted:
    key = id(style)
    if key not in _SURNAMES:
        _SURNAMES[key] = Weighted.of(style.surnames)
    return _SURNAMES[key]


def _join(parts: list[str]) -> str:
    """Words separated by spaces, except after a prefix ending in an apostrophe ("H'Hen", "K'Brăk")."""
    text = ""
    for part in parts:
        if not part:
            continue
        text += part if not text or text.endswith("'") else " " + part
    return text


def draw_name(rng: random.Random, ethnicity: str, *, male: bool, surname: str = "") -> str:
    """A name in the group's style; ``surname`` (a relative's) is used where the style has surnames first."""
    style = style_for(ethnicity)
    given = rng.choice(style.male_given if male else style.female_given)
    prefix = style.male_prefix if male else style.female_prefix
    if style.order is Order.SURNAME_LAST:
        return _join([prefix, given, _surnames(style).draw(rng)])
    if style.order is Order.SEX_PREFIX:
        return _join([prefix, given])
    if style.order is Order.PREFIXED and rng.random() < style.prefixed_share and not surname:
        return _join([prefix, given])
    middle = rng.choice(style.male_middles if male else style.female_middles)
    return _join([surname or _surnames(style).draw(rng), middle, given])


@dataclass
class DrawnDetermination:
    decided_on: date
    severity: str
    types: tuple[str, ...]
    medical_board: bool
    minutes_number: str
    certificate_on: date | None  # None: no certificate issued for this determination


@dataclass
class DrawnPerson:
    full_name: str
    male: bool
    birth: date  # always drawn; stored only when ``full_birth_date``
    full_birth_date: bool
    ethnicity: str
    has_cccd: bool
    village: str
    phone: str
    household: str
    status: str
    status_date: date | None
    carer_name: str
    carer_relation: str
    determinations: list[DrawnDetermination] = field(default_factory=list)
    special_groups: list[str] = field(default_factory=list)

    @property
    def surname(self) -> str:
        """The surname a surname-first name starts with ("" for other styles and prefixed names)."""
        style = style_for(self.ethnicity)
        if style.order not in {Order.SURNAME_FIRST, Order.PREFIXED}:
            return ""
        known = [name for name, _weight in style.surnames if self.full_name.startswith(name + " ")]
        return max(known, key=len, default="")

    def age_on(self, day: date) -> int:
        years = day.year - self.birth.year
        return years - ((day.month, day.day) < (self.birth.month, self.birth.day))


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _types(rng: random.Random) -> tuple[str, ...]:
    types = {TYPES.draw(rng)}
    if rng.random() < p.SEVERAL_TYPES_SHARE:
        wanted = 2 if rng.random() < 0.75 else 3
        while len(types) < wanted:
            types.add(TYPES.draw(rng))
    return tuple(sorted(types))


def _worse(severity: str) -> str:
    return {"mild": "severe", "severe": "particularly_severe"}.get(severity, "severe")


def _determinations(rng: random.Random, birth: date, today: date) -> list[DrawnDetermination]:
    earliest = max(birth + timedelta(days=30), p.FIRST_DETERMINATIONS)
    if earliest > today:
        earliest = birth
    dates = [_day_between(rng, earliest, today)]
    if rng.random() < p.TWO_DETERMINATIONS_SHARE and (today - dates[0]).days > 180:
        dates.append(_day_between(rng, dates[0] + timedelta(days=180), today))
    drawn: list[DrawnDetermination] = []
    for decided_on in dates:
        severity, types = SEVERITIES.draw(rng), _types(rng)
        if drawn and (severity, types) == (drawn[-1].severity, drawn[-1].types):
            severity = _worse(severity)  # a re-assessment records a change
        medical_board = rng.random() < p.MEDICAL_BOARD_SHARE
        number = f"{rng.randint(1, 99):02d}/{'GĐYK' if medical_board else 'BB-HĐXĐKT'}"
        certificate_on = None
        if rng.random() < p.CERTIFICATE_SHARE:
            certificate_on = min(decided_on + timedelta(days=rng.randint(*p.CERTIFICATE_DELAY_DAYS)), today)
        drawn.append(DrawnDetermination(decided_on, severity, types, medical_board, number, certificate_on))
    return drawn


def _carer(rng: random.Random, person: DrawnPerson, age: int) -> tuple[str, str]:
    female = rng.random() < 0.75
    if age < p.CARER_AGE:
        relation = rng.choice(("Mẹ", "Mẹ", "Mẹ", "Bà")) if female else "Bố"
    elif female:
        relation = "Vợ" if person.male and age < 75 else "Con gái"
    else:
        relation = "Chồng" if not person.male and age < 75 else "Con trai"
    # Children take their father's surname: a father, or a man's son or daughter, shares the person's.
    shares_surname = relation == "Bố" or (person.male and relation in {"Con trai", "Con gái"})
    surname = person.surname if shares_surname else ""
    return draw_name(rng, person.ethnicity, male=not female, surname=surname), relation


def _special_groups(rng: random.Random, age: int, ethnicity: str) -> list[str]:
    groups = []
    if age >= 45 and rng.random() < p.AGENT_ORANGE_SHARE:
        groups.append("agent_orange")
    if age >= 65 and rng.random() < p.WAR_INVALID_SHARE:
        groups.append("war_invalid")
    if age >= 70 and rng.random() < p.LONE_ELDERLY_SHARE:
        groups.append("lone_elderly")
    if age < p.CARER_AGE and rng.random() < p.ORPHAN_SHARE:
        groups.append("orphan")
    if ethnicity != p.KINH and rng.random() < p.REMOTE_AREA_SHARE:
        groups.append("remote_area")
    return groups


def draw_person(
    rng: random.Random,
    *,
    ethnicities: Weighted,
    villages: tuple[str, ...],
    today: date,
    with_determinations: bool,
) -> DrawnPerson:
    low, high = (int(part) for part in AGE_BANDS.draw(rng).split("-"))
    age = rng.randint(low, high)
    birth = today - timedelta(days=age * 365 + age // 4 + rng.randrange(365))
    male = rng.random() < p.MALE_SHARE
    ethnicity = ethnicities.draw(rng)
    person = DrawnPerson(
        full_name=draw_name(rng, ethnicity, male=male),
        male=male,
        birth=birth,
        full_birth_date=rng.random() < p.FULL_BIRTH_DATE_SHARE,
        ethnicity=ethnicity,
        has_cccd=False,
        village=rng.choice(villages) if villages and rng.random() < p.VILLAGE_SHARE else "",
        phone=f"0{rng.choice('3789')}{rng.randrange(10**8):08d}" if rng.random() < p.PHONE_SHARE else "",
        household=HOUSEHOLDS.draw(rng),
        status=STATUSES.draw(rng),
        status_date=None,
        carer_name="",
        carer_relation="",
    )
    age = person.age_on(today)
    person.has_cccd = rng.random() < (p.CCCD_SHARE_ADULTS if age >= p.CCCD_AGE else p.CCCD_SHARE_CHILDREN)
    if with_determinations:
        person.determinations = _determinations(rng, birth, today)
    particularly_severe = bool(person.determinations) and (
        person.determinations[-1].severity == "particularly_severe"
    )
    if age < p.CARER_AGE or (particularly_severe and rng.random() < p.CARER_SHARE_PARTICULARLY_SEVERE):
        person.carer_name, person.carer_relation = _carer(rng, person, age)
    if person.status != "active":
        last = birth
        for drawn in person.determinations:
            last = max(last, drawn.decided_on, drawn.certificate_on or drawn.decided_on)
        person.status_date = _day_between(rng, last, today)
    person.special_groups = _special_groups(rng, age, ethnicity)
    return person
