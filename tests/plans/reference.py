"""Hand-written counts of the seed indicators, to check ``hoanhap.plans.compute`` against.

Deliberately independent of the code under test: every row is read into Python and each indicator is
counted by reading its definition in the plan, one function per indicator, with ages, statuses and
determinations worked out by hand on the last day of the period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from hoanhap.assessments.models import DisabilityDetermination, DisabilityType
from hoanhap.campaigns.models import Registration
from hoanhap.geo.models import AdminUnit, AdminUnitSuccession, Edition
from hoanhap.people.models import Person
from hoanhap.provision.models import AggregateEntry, HeadCount, Participant, ServiceRecord

Count = tuple[int, int | None]


@dataclass
class P:
    id: int
    path: str
    birth: date
    born_by_year: int
    sex: str
    status: str
    status_date: date | None
    merged: bool
    dets: list[tuple[date, int, str, set[str]]] = field(default_factory=list)

    def age(self, day: date) -> int:
        return day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))

    def counts(self, day: date) -> bool:
        """Registered, born, not merged and active on ``day``."""
        if self.merged or self.birth > day:
            return False
        return self.status == "active" or (self.status_date is not None and self.status_date > day)


class Data:
    """Every row the seed indicators read, loaded once."""

    def __init__(self) -> None:
        self.persons: dict[int, P] = {}
        for row in Person.objects.values(
            "id", "unit_path", "birth_date", "birth_year", "sex", "status", "status_date", "merged_into_id"
        ):
            birth = row["birth_date"] or date(row["birth_year"], 1, 1)
            self.persons[row["id"]] = P(
                row["id"],
                row["unit_path"],
                birth,
                row["birth_year"],
                row["sex"],
                row["status"],
                row["status_date"],
                row["merged_into_id"] is not None,
            )
        for det in DisabilityDetermination.objects.values():
            types = {value for value in DisabilityType.values if det[value]}
            self.persons[det["person_id"]].dets.append((det["decided_on"], det["id"], det["severity"], types))
        self.services = list(
            ServiceRecord.objects.values(
                "person_id", "unit_path", "delivered_on", "service_type__domain", "service_type__code"
            )
        )
        self.participants = list(
            Participant.objects.values(
                "kind",
                "person_id",
                "cared_for_id",
                "name_folded",
                "agency_id",
                "activity__unit_path",
                "activity__held_on",
                "activity__kind",
                "activity__domain",
            )
        )
        self.heads = list(
            HeadCount.objects.values(
                "kind",
                "count",
                "activity__unit_path",
                "activity__held_on",
                "activity__kind",
                "activity__domain",
            )
        )
        self.aggregates = list(
            AggregateEntry.objects.values("unit_path", "metric", "year", "quarter", "value")
        )
        self.registrations = []
        for reg in Registration.objects.select_related("result__session", "surgery").prefetch_related(
            "follow_ups"
        ):
            result = getattr(reg, "result", None)
            self.registrations.append(
                {
                    "person_id": reg.person_id,
                    "unit_path": reg.unit_path,
                    "registered_on": reg.registered_on,
                    "screened_on": result.session.held_on if result else None,
                }
            )


def kept_code_pairs() -> list[tuple[str, str]]:
    """(former commune path, current commune path) where the current commune kept the former one's code."""
    return [
        (pred, succ)
        for pred, succ, pred_code, succ_code in AdminUnitSuccession.objects.values_list(
            "predecessor__path", "successor__path", "predecessor__code", "successor__code"
        )
        if pred_code == succ_code
    ]


@dataclass
class Place:
    """Where a row with a given path is counted, for one unit, by the rule of ``hoanhap.plans.areas``
    restated by hand: a current commune belongs to the former commune whose code it kept; a former commune
    to its successor with its code (the successor with the lowest code when none kept it); a row at a
    former district counts in a current unit when every commune of the district went there."""

    unit: AdminUnit
    members: Callable[[str], bool]
    child_of: Callable[[str], str | None]
    children: int


def place_of(unit: AdminUnit) -> Place:
    pairs = kept_code_pairs()
    if unit.edition == Edition.LEGACY:
        current_to_former = {succ: pred for pred, succ in pairs}
        inside = {succ for succ, pred in current_to_former.items() if pred.startswith(unit.path)}
        children = list(AdminUnit.objects.filter(parent=unit).values_list("path", flat=True))

        def former(path: str) -> str:
            return current_to_former.get(path, path)

        return Place(
            unit,
            lambda path: path.startswith(unit.path) or path in inside,
            lambda path: next((c for c in children if former(path).startswith(c)), None),
            len(children),
        )
    successors: dict[str, list[tuple[str, str]]] = {}
    for pred, succ, succ_code, pred_code in AdminUnitSuccession.objects.values_list(
        "predecessor__path", "successor__path", "successor__code", "predecessor__code"
    ):
        successors.setdefault(pred, []).append((succ_code, succ if succ_code != pred_code else "!" + succ))

    def successor(former: str) -> str:
        options = successors.get(former, [])
        kept = [succ[1:] for _code, succ in options if succ.startswith("!")]
        return kept[0] if kept else min(options)[1] if options else ""

    def wholly_inside(former: str) -> bool:
        communes = [path for path in successors if path.startswith(former) and path != former]
        return bool(communes) and all(successor(path).startswith(unit.path) for path in communes)

    children = list(AdminUnit.objects.filter(parent=unit).values_list("path", flat=True))

    def member(path: str) -> bool:
        if path.startswith(unit.path):
            return True
        if path in successors:
            return successor(path).startswith(unit.path)
        return path.startswith("/l/") and wholly_inside(path)

    return Place(
        unit, member, lambda path: next((c for c in children if path.startswith(c)), None), len(children)
    )


def _latest_det(person: P, day: date) -> tuple[date, int, str, set[str]] | None:
    known = [det for det in person.dets if det[0] <= day]
    return max(known) if known else None


class Reference:
    def __init__(self, data: Data, place: Place, start: date, end: date) -> None:
        self.data, self.place, self.start, self.end = data, place, start, end

    def persons(self, ok: Callable[[P], bool]) -> set[int]:
        return {
            p.id
            for p in self.data.persons.values()
            if self.place.members(p.path) and p.counts(self.end) and ok(p)
        }

    def served(self, ok_service: Callable[[dict], bool], ok_person: Callable[[P], bool]) -> set[int]:
        found = set()
        for row in self.data.services:
            person = self.data.persons[row["person_id"]]
            if (
                self.start <= row["delivered_on"] <= self.end
                and self.place.members(row["unit_path"])
                and ok_service(row)
                and person.counts(self.end)
                and ok_person(person)
            ):
                found.add(person.id)
        return found

    def aggregate(self, metric: str) -> int:
        return sum(
            row["value"]
            for row in self.data.aggregates
            if row["metric"] == metric
            and row["year"] == self.end.year
            and row["quarter"] == 0
            and self.place.members(row["unit_path"])
        )

    def _held(self, row: dict, kinds: set[str], domains: set[str] | None) -> bool:
        return (
            self.start <= row["activity__held_on"] <= self.end
            and self.place.members(row["activity__unit_path"])
            and row["activity__kind"] in kinds
            and (domains is None or row["activity__domain"] in domains)
        )

    def participants(
        self,
        kind: str,
        kinds: set[str],
        domains: set[str] | None = None,
        person_ok: Callable[[P], bool] | None = None,
        heads: bool = True,
    ) -> int:
        identities = set()
        for row in self.data.participants:
            if row["kind"] != kind or not self._held(row, kinds, domains):
                continue
            if kind == "pwd":
                person = self.data.persons[row["person_id"]]
                if person_ok and not (person.counts(self.end) and person_ok(person)):
                    continue
                identities.add(row["person_id"])
            elif kind == "family":
                cared = self.data.persons.get(row["cared_for_id"])
                if person_ok and (cared is None or not (cared.counts(self.end) and person_ok(cared))):
                    continue
                identities.add((row["name_folded"], row["cared_for_id"]))
            else:
                identities.add((row["name_folded"], row["agency_id"]))
        extra = (
            sum(
                row["count"]
                for row in self.data.heads
                if row["kind"] == kind and self._held(row, kinds, domains)
            )
            if heads
            else 0
        )
        return len(identities) + extra

    def campaign(self, stage_day: str, ok: Callable[[P], bool]) -> int:
        found = set()
        for row in self.data.registrations:
            person = self.data.persons[row["person_id"]]
            day = row[stage_day]
            if (
                day is not None
                and self.start <= day <= self.end
                and self.place.members(row["unit_path"])
                and person.counts(self.end)
                and ok(person)
            ):
                found.add(person.id)
        return len(found)

    def units_with_child_service(self) -> int:
        children = set()
        for row in self.data.services:
            person = self.data.persons[row["person_id"]]
            if (
                self.start <= row["delivered_on"] <= self.end
                and self.place.members(row["unit_path"])
                and person.counts(self.end)
                and person.age(self.end) <= 15
            ):
                child = self.place.child_of(row["unit_path"])
                if child:
                    children.add(child)
        return len(children)


def _any(_row: object) -> bool:
    return True


def seed_counts(ref: Reference) -> dict[str, Count]:
    """Numerator and denominator of every seed indicator, counted by hand."""
    end = ref.end

    def domain(*names: str) -> Callable[[dict], bool]:
        return lambda row: row["service_type__domain"] in names

    def code(name: str) -> Callable[[dict], bool]:
        return lambda row: row["service_type__code"] == name

    def aged(low: int = 0, high: int = 200) -> Callable[[P], bool]:
        return lambda p: low <= p.age(end) <= high

    every = ref.persons(_any)
    children = ref.persons(aged(0, 15))
    return {
        "pwd-health-services": (len(ref.served(domain("health"), _any)), len(every)),
        "children-0-6-screened": (
            ref.campaign("screened_on", aged(0, 6)),
            ref.campaign("registered_on", aged(0, 6)),
        ),
        "cwd-school-age-education": (
            len(ref.served(domain("education"), aged(3, 17))),
            len(ref.persons(aged(3, 17))),
        ),
        "pwd-preferential-loans": (
            len(ref.served(code("preferential-loan"), _any)),
            ref.aggregate("pwd_needing_loan"),
        ),
        "pwd-ict-access": (len(ref.served(domain("ict"), aged(15))), len(ref.persons(aged(15)))),
        "pwd-sport": (len(ref.served(code("sport"), _any)), len(every)),
        "pwd-culture": (len(ref.served(code("culture"), _any)), len(every)),
        "pwd-hardship-legal-aid": (
            len(ref.served(domain("legal_aid"), _any)),
            ref.aggregate("pwd_in_hardship"),
        ),
        "staff-trained": (ref.participants("staff", {"training"}), ref.aggregate("staff_on_disability")),
        "families-trained": (ref.participants("family", {"training"}), ref.aggregate("families_of_pwd")),
        "women-pwd-supported": (
            len(ref.served(domain("women"), lambda p: p.sex == "female")),
            ref.aggregate("women_needing_support"),
        ),
        "cwd-protection-care-education": (
            len(ref.served(domain("health", "education", "awareness"), aged(0, 15))),
            len(children),
        ),
        "cwd-inclusion-skills": (
            ref.participants("pwd", {"training", "communication"}, person_ok=aged(0, 15), heads=False),
            len(children),
        ),
        "carers-of-cwd-trained": (
            ref.participants("family", {"training"}, person_ok=aged(0, 15), heads=False),
            len(children),
        ),
        "cwd-staff-trained": (
            ref.participants("staff", {"training"}, domains={"health", "education", "awareness"}),
            ref.aggregate("staff_on_disability"),
        ),
        "units-with-cwd-service-network": (ref.units_with_child_service(), ref.place.children),
    }


__all__ = ["Data", "Reference", "place_of", "seed_counts"]
