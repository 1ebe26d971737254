"""Indicator definitions as data: what a numerator or a denominator counts, written without code.

A *count definition* is a JSON object naming a source and its filters::

    {"source": "persons", "persons": {"age_max": 15, "statuses": ["active"]}}
    {"source": "service_records", "persons": {"age_max": 15},
     "services": {"domains": ["health", "education"], "service_types": []}}
    {"source": "participants", "participants": {"kind": "staff"}, "activities": {"kinds": ["training"]}}
    {"source": "campaign", "campaign": {"stage": "screened"}, "persons": {"age_max": 6}}
    {"source": "aggregates", "aggregate": {"metric": "staff_on_disability"}}
    {"source": "child_units"}

Sources count *persons* (each once however many records they have), except aggregate entries (their sum),
staff and family participants (told apart as ``hoanhap.provision.activity_selectors`` tells them apart) and
``child_units`` (the units one level below the unit the figure is for). ``"count": "child_units"`` turns a
source into "how many units below have at least one": "100 % of districts run a service network".

The filters are read on the last day of the period (see ``hoanhap.plans.periods``). Parsing checks every
name against the lists the data uses (sexes, disability types, service-type codes …) and raises
``ApplicationError`` naming the field at fault ("numerator.persons.age_min"), so the editor can show the
message beside the input.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.campaigns.models import Campaign
from hoanhap.campaigns.progress import STAGES
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Ethnicity, Household, PersonStatus, Sex, SpecialGroup
from hoanhap.plans.models import PeriodType
from hoanhap.provision.models import ActivityKind, AggregateMetric, Domain, ParticipantKind, ServiceType

PERSONS = "persons"
SERVICE_RECORDS = "service_records"
PARTICIPANTS = "participants"
CAMPAIGN = "campaign"
AGGREGATES = "aggregates"
CHILD_UNITS = "child_units"
SOURCES = (PERSONS, SERVICE_RECORDS, PARTICIPANTS, CAMPAIGN, AGGREGATES, CHILD_UNITS)

COUNT_PERSONS = "persons"
COUNT_CHILD_UNITS = "child_units"

SEX, AGE_GROUP, TYPE, SEVERITY, ETHNICITY, UNIT = "sex", "age_group", "type", "severity", "ethnicity", "unit"
DIMENSIONS = (SEX, AGE_GROUP, TYPE, SEVERITY, ETHNICITY, UNIT)
PERSON_DIMENSIONS = frozenset(DIMENSIONS)

OLDEST = 150  # an age band's upper bound may be left open; this bounds what may be typed


@dataclass(frozen=True)
class PersonFilters:
    """Who is counted, as of the last day of the period. Empty lists filter nothing."""

    age_min: int | None = None
    age_max: int | None = None
    sexes: tuple[str, ...] = ()
    disability_types: tuple[str, ...] = ()  # any of them
    severities: tuple[str, ...] = ()
    determined: bool = False  # only persons with a disability determination on or before that day
    special_groups: tuple[str, ...] = ()  # any of them
    statuses: tuple[str, ...] = (PersonStatus.ACTIVE,)
    ethnicities: tuple[str, ...] = ()
    households: tuple[str, ...] = ()

    @property
    def needs_determination(self) -> bool:
        return bool(self.disability_types or self.severities or self.determined)

    @property
    def is_empty(self) -> bool:
        return self == PersonFilters(statuses=())


@dataclass(frozen=True)
class CountSpec:
    source: str
    persons: PersonFilters | None = None
    domains: tuple[str, ...] = ()  # of the services, or of the activities
    service_types: tuple[str, ...] = ()
    activity_kinds: tuple[str, ...] = ()
    participant_kind: str = ""
    head_counts: bool = False
    stage: str = ""
    campaigns: tuple[int, ...] = ()
    metric: str = ""
    count: str = COUNT_PERSONS

    @property
    def dimensions(self) -> frozenset[str]:
        """The disaggregations this count can be split by."""
        if self.count == COUNT_CHILD_UNITS or self.source in (AGGREGATES, CHILD_UNITS):
            return frozenset({UNIT})
        if self.source == PARTICIPANTS and self.participant_kind != ParticipantKind.PWD:
            return frozenset({SEX, UNIT})
        if self.head_counts:
            return frozenset({SEX, UNIT})
        return PERSON_DIMENSIONS


@dataclass(frozen=True)
class IndicatorSpec:
    numerator: CountSpec
    denominator: CountSpec | None
    disaggregations: tuple[str, ...] = ()
    age_groups: tuple[tuple[int, int | None], ...] = ()
    period_type: str = PeriodType.YEAR

    @property
    def is_percentage(self) -> bool:
        return self.denominator is not None


# --- reading the JSON -------------------------------------------------------------------------------------


class _Reader:
    """Reads one JSON object, naming the field of every mistake and refusing keys it does not know."""

    def __init__(self, raw: Any, path: str, *, check: bool = True) -> None:
        if raw is None:
            raw = {}
        if not isinstance(raw, Mapping):
            raise ApplicationError(_("Expected a set of named settings."), field=path)
        self.raw = raw
        self.path = path
        self.check = check  # whether codes kept in tables (service types, campaigns …) are looked up
        self.used: set[str] = set()

    def field(self, key: str) -> str:
        return f"{self.path}.{key}"

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return self.raw.get(key, default)

    def choices(self, key: str, allowed: Iterable[str], default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.get(key)
        if value is None:
            return default
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ApplicationError(_("Expected a list of codes."), field=self.field(key))
        allowed = set(allowed)
        for item in value:
            if item not in allowed:
                raise ApplicationError(
                    _("Unknown code “%(code)s”.") % {"code": item}, code="unknown_code", field=self.field(key)
                )
        return tuple(dict.fromkeys(value))

    def choice(self, key: str, allowed: Iterable[str], *, required: bool = True) -> str:
        value = self.get(key)
        if value is None or value == "":
            if required:
                raise ApplicationError(_("Choose a value."), code="required", field=self.field(key))
            return ""
        if not isinstance(value, str) or value not in set(allowed):
            raise ApplicationError(
                _("Unknown code “%(code)s”.") % {"code": value}, code="unknown_code", field=self.field(key)
            )
        return value

    def age(self, key: str) -> int | None:
        value = self.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= OLDEST:
            raise ApplicationError(_("Enter an age in whole years, from 0 to 150."), field=self.field(key))
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.get(key, default)
        if not isinstance(value, bool):
            raise ApplicationError(_("Expected yes or no."), field=self.field(key))
        return value

    def sub(self, key: str) -> _Reader | None:
        value = self.get(key)
        return None if value is None else _Reader(value, self.field(key), check=self.check)

    def finish(self) -> None:
        unknown = sorted(set(self.raw) - self.used)
        if unknown:
            raise ApplicationError(
                _("Unknown setting “%(name)s”.") % {"name": unknown[0]},
                code="unknown_setting",
                field=self.field(unknown[0]),
            )


def _person_filters(reader: _Reader | None) -> PersonFilters:
    if reader is None:
        return PersonFilters()
    filters = PersonFilters(
        age_min=reader.age("age_min"),
        age_max=reader.age("age_max"),
        sexes=reader.choices("sexes", Sex.values),
        disability_types=reader.choices("disability_types", DisabilityType.values),
        severities=reader.choices("severities", Severity.values),
        determined=reader.flag("determined", False),
        special_groups=reader.choices("special_groups", SpecialGroup.values),
        statuses=reader.choices("statuses", PersonStatus.values, default=(PersonStatus.ACTIVE,)),
        ethnicities=reader.choices("ethnicities", _ethnicity_codes(reader, reader.get("ethnicities"))),
        households=reader.choices("households", [value for value in Household.values if value]),
    )
    reader.finish()
    if filters.age_min is not None and filters.age_max is not None and filters.age_min > filters.age_max:
        raise ApplicationError(
            _("The lowest age cannot be above the highest."), field=reader.field("age_min")
        )
    return filters


def _ethnicity_codes(reader: _Reader, value: Any) -> list[str]:
    """The codes among ``value`` that exist (read only when ethnicities are given)."""
    if not isinstance(value, list) or not value:
        return []
    if not reader.check:
        return [str(item) for item in value]
    return list(
        Ethnicity.objects.filter(code__in=[str(item) for item in value]).values_list("code", flat=True)
    )


def _service_filters(reader: _Reader | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if reader is None:
        return (), ()
    domains = reader.choices("domains", Domain.values)
    raw_codes = reader.get("service_types")
    known: Iterable[str] = []
    if isinstance(raw_codes, list) and raw_codes:
        known = (
            ServiceType.objects.filter(code__in=raw_codes).values_list("code", flat=True)
            if reader.check
            else [str(code) for code in raw_codes]
        )
    codes = reader.choices("service_types", known)
    reader.finish()
    return domains, codes


def _activity_filters(reader: _Reader | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if reader is None:
        return (), ()
    domains = reader.choices("domains", Domain.values)
    kinds = reader.choices("kinds", ActivityKind.values)
    reader.finish()
    return domains, kinds


def _campaign_filters(reader: _Reader | None, path: str) -> tuple[str, tuple[int, ...]]:
    if reader is None:
        raise ApplicationError(
            _("Choose the stage of the campaign."), code="required", field=f"{path}.campaign"
        )
    stage = reader.choice("stage", STAGES)
    raw = reader.get("campaigns") or []
    if not isinstance(raw, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in raw
    ):
        raise ApplicationError(_("Expected a list of campaign numbers."), field=reader.field("campaigns"))
    found = set(raw)
    if raw and reader.check:
        found = set(Campaign.objects.filter(pk__in=raw).values_list("pk", flat=True))
    missing = [item for item in raw if item not in found]
    if missing:
        raise ApplicationError(
            _("There is no campaign number %(number)s.") % {"number": missing[0]},
            code="unknown_code",
            field=reader.field("campaigns"),
        )
    reader.finish()
    return stage, tuple(dict.fromkeys(raw))


def parse_count(raw: Any, path: str, *, check: bool = True) -> CountSpec:
    """A count definition from its JSON form; ``ApplicationError`` with ``field`` under ``path``. ``check``
    False skips looking codes up in their tables, for a definition already checked when it was saved."""
    reader = _Reader(raw, path, check=check)
    source = reader.choice("source", SOURCES)
    count = reader.choice("count", (COUNT_PERSONS, COUNT_CHILD_UNITS), required=False) or COUNT_PERSONS
    if count == COUNT_CHILD_UNITS and source in (AGGREGATES, CHILD_UNITS):
        raise ApplicationError(
            _("Units with at least one can be counted from persons, services, participants or campaigns."),
            field=reader.field("count"),
        )
    persons_reader = reader.sub("persons")
    if source in (AGGREGATES, CHILD_UNITS) and persons_reader is not None:
        raise ApplicationError(_("This source does not count persons."), field=reader.field("persons"))
    spec: CountSpec
    if source == PERSONS:
        spec = CountSpec(source, persons=_person_filters(persons_reader), count=count)
    elif source == SERVICE_RECORDS:
        domains, codes = _service_filters(reader.sub("services"))
        spec = CountSpec(
            source, persons=_person_filters(persons_reader), domains=domains, service_types=codes, count=count
        )
    elif source == PARTICIPANTS:
        spec = _participants(reader, persons_reader, count)
    elif source == CAMPAIGN:
        stage, campaigns = _campaign_filters(reader.sub("campaign"), path)
        spec = CountSpec(
            source, persons=_person_filters(persons_reader), stage=stage, campaigns=campaigns, count=count
        )
    elif source == AGGREGATES:
        aggregate = reader.sub("aggregate")
        if aggregate is None:
            raise ApplicationError(_("Choose the figure."), code="required", field=reader.field("aggregate"))
        metric = aggregate.choice("metric", AggregateMetric.values)
        aggregate.finish()
        spec = CountSpec(source, metric=metric)
    else:
        spec = CountSpec(source, count=COUNT_PERSONS)
    reader.finish()
    return spec


def _participants(reader: _Reader, persons_reader: _Reader | None, count: str) -> CountSpec:
    """Participants of one kind in the activities held in the period. Person filters apply to the person
    with disabilities, or for family members to the person cared for; staff have none. Head-counts
    (participants not named) are added unless the count is filtered by persons' details, which they lack."""
    settings = reader.sub("participants")
    if settings is None:
        raise ApplicationError(
            _("Choose the kind of participant."), code="required", field=reader.field("participants")
        )
    kind = settings.choice("kind", ParticipantKind.values)
    if kind == ParticipantKind.STAFF and persons_reader is not None:
        raise ApplicationError(
            _("Staff participants have no person's details."), field=reader.field("persons")
        )
    # Taking part is an event: without person filters every participant counts, whatever became of them.
    persons = _person_filters(persons_reader) if persons_reader is not None else None
    filtered = persons is not None and not persons.is_empty
    head_counts = settings.flag("head_counts", not filtered)
    if head_counts and filtered:
        raise ApplicationError(
            _("Participants counted without names cannot be filtered by persons' details."),
            field=settings.field("head_counts"),
        )
    settings.finish()
    domains, kinds = _activity_filters(reader.sub("activities"))
    return CountSpec(
        PARTICIPANTS,
        persons=persons,
        domains=domains,
        activity_kinds=kinds,
        participant_kind=kind,
        head_counts=head_counts,
        count=count,
    )


def _age_groups(raw: Any) -> tuple[tuple[int, int | None], ...]:
    if raw in (None, []):
        return ()
    if not isinstance(raw, list):
        raise ApplicationError(_("Expected a list of age bands."), field="age_groups")
    bands: list[tuple[int, int | None]] = []
    for band in raw:
        valid = (
            isinstance(band, list)
            and len(band) == 2
            and isinstance(band[0], int)
            and (band[1] is None or isinstance(band[1], int))
            and 0 <= band[0] <= OLDEST
            and (band[1] is None or band[0] <= band[1] <= OLDEST)
        )
        if not valid:
            raise ApplicationError(
                _("Each age band is a lowest and a highest age (the highest may be left open)."),
                field="age_groups",
            )
        bands.append((band[0], band[1]))
    bands.sort()
    for (_low, high), (next_low, _next_high) in itertools.pairwise(bands):
        if high is None or high >= next_low:
            raise ApplicationError(_("Age bands must not overlap."), field="age_groups")
    return tuple(bands)


def parse_indicator(
    *,
    numerator: Any,
    denominator: Any = None,
    disaggregations: Any = None,
    age_groups: Any = None,
    period_type: str = PeriodType.YEAR,
    check: bool = True,
) -> IndicatorSpec:
    """A whole definition, checked: the counts, the disaggregations their sources allow, the age bands the
    age-group split needs, and the period type the sources can be read by."""
    if period_type not in PeriodType.values:
        raise ApplicationError(_("Choose the period type."), field="period_type")
    top = parse_count(numerator, "numerator", check=check)
    bottom = parse_count(denominator, "denominator", check=check) if denominator is not None else None
    if top.source == CHILD_UNITS:
        raise ApplicationError(_("The number of units can only be a denominator."), field="numerator.source")
    if bottom is not None and (top.count == COUNT_CHILD_UNITS) != (bottom.source == CHILD_UNITS):
        raise ApplicationError(
            _("Units with at least one are divided by the number of units, and only they are."),
            field="denominator.source",
        )
    if period_type == PeriodType.MONTH and AGGREGATES in (top.source, bottom.source if bottom else ""):
        raise ApplicationError(
            _("Aggregate entries are recorded by year or quarter, not by month."), field="period_type"
        )
    if disaggregations is None:
        disaggregations = []
    if not isinstance(disaggregations, list):
        raise ApplicationError(_("Expected a list of codes."), field="disaggregations")
    for dimension in disaggregations:
        if dimension not in DIMENSIONS:
            raise ApplicationError(
                _("Unknown code “%(code)s”.") % {"code": dimension},
                code="unknown_code",
                field="disaggregations",
            )
        if dimension not in top.dimensions:
            raise ApplicationError(
                _("The numerator's source cannot be split by %(dimension)s.") % {"dimension": dimension},
                field="disaggregations",
            )
    bands = _age_groups(age_groups)
    if AGE_GROUP in disaggregations and not bands:
        raise ApplicationError(_("Enter the age bands to split by."), code="required", field="age_groups")
    return IndicatorSpec(
        numerator=top,
        denominator=bottom,
        disaggregations=tuple(dict.fromkeys(disaggregations)),
        age_groups=bands,
        period_type=period_type,
    )


def spec_of(definition: Any) -> IndicatorSpec:
    """The parsed form of a saved ``IndicatorDefinition`` (checked when it was saved: no look-ups)."""
    return parse_indicator(
        numerator=definition.numerator,
        denominator=definition.denominator,
        disaggregations=definition.disaggregations,
        age_groups=definition.age_groups,
        period_type=definition.period_type,
        check=False,
    )
