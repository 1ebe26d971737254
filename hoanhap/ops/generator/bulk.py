"""Generating many plausible persons fast, for demonstrations, tests and benchmarks.

Rows are written with ``bulk_create`` in batches, not through the person services (which check scope and
duplicates and write one audit event per person, far too slow for a million rows). What the services
guarantee is kept by construction: every row satisfies ``clean_person_data`` and the citizen-ID rules, the
derived columns are computed by the same functions (``fold``, ``vietnamese_sort_key``, the commune's path),
active citizen IDs are unique, dates follow one another (birth, determination, certificate, status).
A sample of every batch is passed through ``clean_person_data`` as a guard. One audit event records the run.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hoanhap.assessments.models import (
    AssessingBody,
    Certificate,
    CertificateReason,
    DisabilityDetermination,
    DisabilityType,
)
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import subtree_q
from hoanhap.core.text import fold, normalize_name
from hoanhap.geo.models import AdminUnit, AdminUnitSuccession, Edition, Tier, UnitType
from hoanhap.ops.generator import proportions as p
from hoanhap.ops.generator.draw import DrawnPerson, Weighted, draw_person
from hoanhap.ops.generator.villages import commune_villages
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Person, PersonSpecialGroup, PersonStatus, Sex
from hoanhap.people.sorting import vietnamese_sort_key
from hoanhap.people.validation import clean_person_data

BATCH_SIZE = 5000
CHECKED_PER_BATCH = 10  # rows of each batch also passed through clean_person_data
CENTURY_DIGIT = {18: 8, 19: 0, 20: 2, 21: 4}  # + 1 for women (hoanhap/people/cccd.py)


@dataclass(frozen=True)
class CommunePlan:
    unit: AdminUnit
    legacy_province: str  # where most of the commune came from: the CCCD place and the ethnic mix
    ethnicities: Weighted
    villages: tuple[str, ...]


@dataclass
class GenerationReport:
    persons: int = 0
    determinations: int = 0
    certificates: int = 0
    communes: int = 0
    seconds: float = 0.0
    by_ethnicity: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "persons": self.persons,
            "determinations": self.determinations,
            "certificates": self.certificates,
            "communes": self.communes,
            "seconds": round(self.seconds, 1),
        }


def generation_communes(*, provinces: Sequence[str] = (), communes: Sequence[str] = ()) -> list[AdminUnit]:
    """The current communes named and those of the provinces named; every commune if neither is given."""
    current = AdminUnit.objects.filter(edition=Edition.CURRENT)
    condition = Q()
    for code in provinces:
        province = current.filter(code=code, tier=Tier.PROVINCE).first()
        if province is None:
            raise ApplicationError(f"unknown current province code {code}", field="province")
        condition |= subtree_q("path", province.path)
    found = {unit.code: unit for unit in current.filter(code__in=communes, tier=Tier.COMMUNE)}
    unknown = [code for code in communes if code not in found]
    if unknown:
        raise ApplicationError(f"unknown current commune code {unknown[0]}", field="communes")
    if found:
        condition |= Q(pk__in=[unit.pk for unit in found.values()])
    units = list(current.filter(condition, tier=Tier.COMMUNE).order_by("path"))
    if not units:
        raise ApplicationError("no administrative units: run load-units first", field="communes")
    return units


def _legacy_provinces(units: list[AdminUnit]) -> dict[int, str]:
    """For each current commune, the legacy province most of its predecessors lay in."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    rows = AdminUnitSuccession.objects.filter(successor__in=units).values_list(
        "successor_id", "predecessor__path"
    )
    for successor_id, path in rows:
        counts[successor_id][path.split("/")[2]] += 1
    return {
        unit.pk: (
            min(counts[unit.pk].items(), key=lambda item: (-item[1], item[0]))[0]
            if counts[unit.pk]
            else unit.province_code
        )
        for unit in units
    }


def _plans(units: list[AdminUnit], seed: int) -> list[CommunePlan]:
    legacy = _legacy_provinces(units)
    plans = []
    for unit in units:
        mix = dict(p.ETHNIC_MIX.get(legacy[unit.pk], p.DEFAULT_MIX))
        if unit.type == UnitType.WARD and p.KINH in mix:
            mix[p.KINH] *= p.WARD_KINH_FACTOR
        villages = commune_villages(
            seed=seed, commune_code=unit.code, legacy_province=legacy[unit.pk], unit_type=unit.type
        )
        plans.append(CommunePlan(unit, legacy[unit.pk], Weighted.of(mix), tuple(villages)))
    return plans


class _Numbers:
    """Unique citizen IDs and certificate numbers, avoiding those already in the database."""

    def __init__(self, plans: list[CommunePlan]) -> None:
        places = {f"0{plan.legacy_province}" for plan in plans}
        condition = Q()
        for place in sorted(places):
            condition |= Q(cccd__startswith=place)
        self.cccds = set(Person.objects.filter(condition).values_list("cccd", flat=True))
        self.certificates: set[tuple[int, str]] = set(
            Certificate.objects.filter(issuing_commune__in=[plan.unit for plan in plans]).values_list(
                "issuing_commune_id", "number"
            )
        )
        self.counters: Counter[int] = Counter()

    def cccd(self, rng: random.Random, *, place: str, male: bool, birth_year: int) -> str:
        prefix = f"{place}{CENTURY_DIGIT[birth_year // 100] + (0 if male else 1)}{birth_year % 100:02d}"
        while True:
            number = f"{prefix}{rng.randrange(1_000_000):06d}"
            if number not in self.cccds:
                self.cccds.add(number)
                return number

    def certificate(self, commune_id: int) -> str:
        while True:
            self.counters[commune_id] += 1
            number = f"{self.counters[commune_id]:05d}/GXNKT"
            if (commune_id, number) not in self.certificates:
                self.certificates.add((commune_id, number))
                return number


class _Derived:
    """Name-derived columns, computed once per distinct name (names repeat a lot)."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, str, str]] = {}

    def __call__(self, name: str) -> tuple[str, str, str]:
        if name not in self.cache:
            normal = normalize_name(name)
            self.cache[name] = (normal, fold(normal), vietnamese_sort_key(normal))
        return self.cache[name]


def _person_row(drawn: DrawnPerson, plan: CommunePlan, cccd: str, derived: _Derived, actor: Any) -> Person:
    full_name, folded, sort_key = derived(drawn.full_name)
    return Person(
        full_name=full_name,
        name_folded=folded,
        sort_key=sort_key,
        birth_date=drawn.birth if drawn.full_birth_date else None,
        birth_year=drawn.birth.year,
        sex=Sex.MALE if drawn.male else Sex.FEMALE,
        ethnicity_id=drawn.ethnicity,
        cccd=cccd,
        commune_id=plan.unit.pk,
        unit_path=plan.unit.path,
        province_code=plan.unit.province_code,
        village=drawn.village,
        phone=drawn.phone,
        carer_name=normalize_name(drawn.carer_name),
        carer_relation=drawn.carer_relation,
        household=drawn.household,
        status=drawn.status,
        status_date=drawn.status_date,
        status_reason="Chuyển nơi cư trú" if drawn.status == PersonStatus.MOVED else "",
        created_by=actor,
        updated_by=actor,
    )


def _check(person: Person, plan: CommunePlan, drawn: DrawnPerson, today: date) -> None:
    """Guard: the row is what ``clean_person_data`` makes of it (it raises at the first broken rule)."""
    data = PersonData(
        full_name=person.full_name,
        sex=person.sex,
        commune=plan.unit,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        ethnicity=drawn.ethnicity,
        cccd=person.cccd,
        village=person.village,
        phone=person.phone,
        carer_name=person.carer_name,
        carer_relation=person.carer_relation,
        household=person.household,
        special_groups=list(drawn.special_groups),
    )
    clean_person_data(data, today=today)
    if (data.full_name, data.village, data.cccd, data.phone) != (
        person.full_name,
        person.village,
        person.cccd,
        person.phone,
    ):
        raise RuntimeError(f"generated person {person.full_name!r} differs from its cleaned form")


def _write_determinations(
    batch: list[tuple[Person, CommunePlan, DrawnPerson]], numbers: _Numbers, actor: Any
) -> tuple[int, int]:
    determinations: list[tuple[DisabilityDetermination, Person, DrawnPerson, int]] = []
    for person, _plan, drawn in batch:
        for index, spec in enumerate(drawn.determinations):
            row = DisabilityDetermination(
                person_id=person.pk,
                decided_on=spec.decided_on,
                body=AssessingBody.MEDICAL_BOARD if spec.medical_board else AssessingBody.COMMUNE_COUNCIL,
                minutes_number=spec.minutes_number,
                severity=spec.severity,
                unit_path=person.unit_path,
                created_by=actor,
                **{value: value in spec.types for value in DisabilityType.values},
            )
            determinations.append((row, person, drawn, index))
    DisabilityDetermination.objects.bulk_create(
        [row for row, *_rest in determinations], batch_size=BATCH_SIZE
    )
    # Certificates in rounds: a re-issue replaces the certificate in force, which must exist first.
    in_force: dict[int, Certificate] = {}
    rounds: list[list[Certificate]] = [[], []]
    for row, person, drawn, index in determinations:
        spec = drawn.determinations[index]
        if spec.certificate_on is None:
            continue
        previous = in_force.get(person.pk)
        if previous is None:
            reason = CertificateReason.FIRST_ISSUE
        elif drawn.age_on(drawn.determinations[0].decided_on) < 6 <= drawn.age_on(spec.decided_on):
            reason = CertificateReason.REACHED_SIX
        else:
            reason = CertificateReason.CHANGED
        certificate = Certificate(
            person_id=person.pk,
            determination_id=row.pk,
            number=numbers.certificate(person.commune_id),
            issued_on=spec.certificate_on,
            issuing_commune_id=person.commune_id,
            reason=reason,
            replaces=previous,
            unit_path=person.unit_path,
            created_by=actor,
        )
        rounds[0 if previous is None else 1].append(certificate)
        in_force[person.pk] = certificate
    for certificates in rounds:
        Certificate.objects.bulk_create(certificates, batch_size=BATCH_SIZE)
    return len(determinations), sum(len(certificates) for certificates in rounds)


@transaction.atomic
def persons_generate(
    *,
    actor: Any,
    count: int,
    communes: list[AdminUnit],
    seed: int = 0,
    with_determinations: bool = False,
    today: date | None = None,
    units_named: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> GenerationReport:
    """Add ``count`` generated persons to ``communes`` (current communes); the same seed and database give
    the same persons. ``units_named`` are the codes the operator asked for, kept in the audit event."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    plans = _plans(communes, seed)
    # Some communes register more persons than others.
    weights = list(Weighted.of({str(i): rng.randint(50, 150) for i in range(len(plans))}).cumulative)
    numbers, derived = _Numbers(plans), _Derived()
    report = GenerationReport(communes=len(plans))
    while report.persons < count:
        size = min(BATCH_SIZE, count - report.persons)
        batch: list[tuple[Person, CommunePlan, DrawnPerson]] = []
        for plan in rng.choices(plans, cum_weights=weights, k=size):
            drawn = draw_person(
                rng,
                ethnicities=plan.ethnicities,
                villages=plan.villages,
                today=today,
                with_determinations=with_determinations,
            )
            cccd = ""
            if drawn.has_cccd:
                place = f"0{plan.legacy_province}"
                cccd = numbers.cccd(rng, place=place, male=drawn.male, birth_year=drawn.birth.year)
            batch.append((_person_row(drawn, plan, cccd, derived, actor), plan, drawn))
            report.by_ethnicity[drawn.ethnicity] += 1
        for person, plan, drawn in batch[:CHECKED_PER_BATCH]:
            _check(person, plan, drawn, today)
        Person.objects.bulk_create([person for person, *_rest in batch], batch_size=BATCH_SIZE)
        PersonSpecialGroup.objects.bulk_create(
            [
                PersonSpecialGroup(person_id=person.pk, group=group)
                for person, _plan, drawn in batch
                for group in drawn.special_groups
            ],
            batch_size=BATCH_SIZE,
        )
        if with_determinations:
            determinations, certificates = _write_determinations(batch, numbers, actor)
            report.determinations += determinations
            report.certificates += certificates
        report.persons += size
        if progress:
            progress(report.persons, count)
    provinces = sorted({plan.unit.province_code for plan in plans})
    audit_record(
        actor=actor,
        action="people.persons.generated",
        object_type="people.person",
        object_repr=f"{report.persons} generated persons",
        unit_path=f"/c/{provinces[0]}/" if len(provinces) == 1 else "",
        new={
            "count": report.persons,
            "units": list(units_named) or ["all"],
            "communes": len(plans),
            "provinces": provinces,
            "seed": seed,
            "with_determinations": with_determinations,
            "determinations": report.determinations,
            "certificates": report.certificates,
        },
    )
    report.seconds = time.perf_counter() - started
    return report
