"""What a person with disabilities is entitled to in a month: pure functions over a ``ParameterSet``.

No database access: the caller fetches the rules in force once (``parameters_at``) and may compute any
number of persons with them. Every amount carries its explanation (``Line``s, readable in Vietnamese and
English) and the confidence of the weakest rule it rests on. Amounts are whole đồng, computed in
``Decimal``.

The rules applied (Decree 20/2021/NĐ-CP, see DOMAIN.md; every value is data):

* monthly allowance = standard level × coefficient, for severe and particularly severe disability only; a
  child (under ``age.child_below``) or an elderly person (``age.elderly_from`` and over) has the higher
  coefficient. A person receives the single highest coefficient among those that apply.
* care support on top, for severe and particularly severe disability: pregnant or raising one child under
  36 months ``coef.care.one``; pregnant and raising such a child, or raising two or more, ``coef.care.two``.
* a state-paid health-insurance card for everyone on the monthly allowance.
* funeral support on the death of a person on the monthly allowance: at least ``funeral.multiple`` × the
  standard level, always marked not confirmed (the rule is confirmed, the amount a province pays is not).
  The allowance of the month of death is still computed.
* a household directly caring for a person with particularly severe disability, and someone who takes such
  a person in, receive support of their own (``carer_household_support``, ``foster_support``): the payee
  is the carer, not the person.

The age that counts is explained in ``hoanhap.benefits.ages``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import Severity
from hoanhap.benefits import codes as c
from hoanhap.benefits.ages import Age, age_in_month
from hoanhap.benefits.explain import Day, Line, Money, Number, coefficient
from hoanhap.benefits.models import CONFIDENCE_RANK, Confidence
from hoanhap.benefits.parameters import Parameter, ParameterSet, first_of_month

ELIGIBLE = frozenset({Severity.PARTICULARLY_SEVERE, Severity.SEVERE})

# (base coefficient, the higher one of a child or an elderly person), and why each applies, by severity.
ALLOWANCE_CODES = {
    Severity.PARTICULARLY_SEVERE: (c.COEF_PARTICULARLY_SEVERE, c.COEF_PARTICULARLY_SEVERE_CHILD_OR_ELDERLY),
    Severity.SEVERE: (c.COEF_SEVERE, c.COEF_SEVERE_CHILD_OR_ELDERLY),
}
BASE_REASON = {
    Severity.PARTICULARLY_SEVERE: _("particularly severe disability"),
    Severity.SEVERE: _("severe disability"),
}
CHILD_REASON = {
    Severity.PARTICULARLY_SEVERE: _("particularly severe disability, under %(age)s"),
    Severity.SEVERE: _("severe disability, under %(age)s"),
}
ELDERLY_REASON = {
    Severity.PARTICULARLY_SEVERE: _("particularly severe disability, aged %(age)s or over"),
    Severity.SEVERE: _("severe disability, aged %(age)s or over"),
}
NOT_ELIGIBLE = {
    "allowance": _(
        "mild disability: no monthly allowance; only severe and particularly severe disability qualify"
    ),
    "care": _("care support is only for severe and particularly severe disability"),
    "funeral": _("no funeral support from this programme: it is for persons on the monthly allowance"),
    "carer": _("support to a caring household is only for a person with particularly severe disability"),
    "foster": _("support for taking someone in is only for a person with particularly severe disability"),
}


@dataclass(frozen=True)
class Amount:
    """A monthly (or one-off) sum in đồng; 0 when not entitled."""

    dong: int
    coefficient: Decimal | None
    confidence: str
    explanation: tuple[Line, ...]

    @property
    def entitled(self) -> bool:
        return self.dong > 0


@dataclass(frozen=True)
class Entitlements:
    month: date
    severity: str
    standard_level: Parameter
    age: Age
    monthly_allowance: Amount
    care_support: Amount
    health_insurance: bool
    health_insurance_explanation: Line
    funeral_support: Amount | None  # None unless the person died in the month
    explanation: tuple[Line, ...]  # the standard level and the age, which the amounts use

    @property
    def total_per_month(self) -> int:
        return self.monthly_allowance.dong + self.care_support.dong


# --- Building blocks -------------------------------------------------------------------------------------


def weakest_confidence(confidences: Iterable[str]) -> str | None:
    """The least sure of ``confidences`` (None for none)."""
    return min(confidences, key=lambda value: CONFIDENCE_RANK[Confidence(value)], default=None)


def weakest(rules: Iterable[Parameter]) -> str:
    return weakest_confidence(rule.confidence for rule in rules) or Confidence.NOT_CONFIRMED


def times(level: Decimal, factor: Decimal) -> int:
    """``level`` × ``factor`` in whole đồng (half a đồng and more rounds up)."""
    return int((level * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def basis_of(rule: Parameter) -> str | Promise:
    return rule.legal_basis or _("legal basis not recorded")


def _value(rule: Parameter) -> Decimal:
    return rule.value if rule.value is not None else Decimal(0)


def standard_level_line(rule: Parameter) -> Line:
    if rule.is_national:
        message = _("standard level %(amount)s from %(day)s — %(basis)s")
    else:
        message = _("the province's own standard level %(amount)s from %(day)s — %(basis)s")
    values = {"amount": Money(int(_value(rule))), "day": Day(rule.valid_from), "basis": basis_of(rule)}
    return Line(message, values)


def coefficient_line(rule: Parameter, reason: Line) -> Line:
    return Line(
        _("coefficient %(coefficient)s: %(reason)s — %(basis)s"),
        {"coefficient": coefficient(_value(rule)), "reason": reason, "basis": basis_of(rule)},
    )


def _nothing(lines: Sequence[Line], params: ParameterSet) -> Amount:
    level = params.rule(c.STANDARD_LEVEL)
    return Amount(dong=0, coefficient=None, confidence=level.confidence, explanation=tuple(lines))


def _level_times(
    *,
    params: ParameterSet,
    rule: Parameter,
    reason: Line,
    sum_message: Promise,
    extra: Iterable[Parameter] = (),
    notes: Sequence[Line] = (),
) -> Amount:
    """Standard level × ``rule``'s coefficient, explained by the coefficient, ``notes`` and the sum."""
    level = params.rule(c.STANDARD_LEVEL)
    factor = _value(rule)
    dong = times(_value(level), factor)
    arithmetic = Line(
        sum_message,
        {"amount": Money(dong), "level": Money(int(_value(level))), "coefficient": coefficient(factor)},
    )
    return Amount(
        dong=dong,
        coefficient=factor,
        confidence=weakest([level, rule, *extra]),
        explanation=(coefficient_line(rule, reason), *notes, arithmetic),
    )


# --- The person's own support ----------------------------------------------------------------------------


def _allowance_candidates(params: ParameterSet, severity: Severity, age: Age) -> list[tuple[Parameter, Line]]:
    base_code, higher_code = ALLOWANCE_CODES[severity]
    candidates = [(params.rule(base_code), Line(BASE_REASON[severity]))]
    if age.child:
        threshold = Number(params.number(c.AGE_CHILD_BELOW))
        candidates.append((params.rule(higher_code), Line(CHILD_REASON[severity], {"age": threshold})))
    elif age.elderly:
        threshold = Number(params.number(c.AGE_ELDERLY_FROM))
        candidates.append((params.rule(higher_code), Line(ELDERLY_REASON[severity], {"age": threshold})))
    return candidates


def monthly_allowance(*, params: ParameterSet, severity: str, age: Age) -> Amount:
    if severity not in ELIGIBLE:
        return _nothing([Line(NOT_ELIGIBLE["allowance"])], params)
    candidates = _allowance_candidates(params, Severity(severity), age)
    # One person receives one coefficient only: the highest of those that apply (the first on a tie).
    chosen, reason = max(candidates, key=lambda candidate: _value(candidate[0]))
    passed_over = [
        Line(
            _("coefficient %(coefficient)s (%(reason)s) applies too, but only the highest one is paid"),
            {"coefficient": coefficient(_value(rule)), "reason": other},
        )
        for rule, other in candidates
        if rule is not chosen
    ]
    return _level_times(
        params=params,
        rule=chosen,
        reason=reason,
        sum_message=_("monthly allowance %(amount)s = %(level)s × %(coefficient)s"),
        extra=age.rules,
        notes=passed_over,
    )


def _care_rule(pregnant: bool, children: int) -> tuple[str, Line]:
    """The care-support coefficient's code and why it applies (``pregnant or children`` holds)."""
    if pregnant and children >= 2:
        message = _("pregnant and raising %(count)s children under 36 months")
        return c.COEF_CARE_TWO, Line(message, {"count": children})
    if pregnant and children == 1:
        return c.COEF_CARE_TWO, Line(_("pregnant and raising a child under 36 months"))
    if children >= 2:
        return c.COEF_CARE_TWO, Line(_("raising %(count)s children under 36 months"), {"count": children})
    if children == 1:
        return c.COEF_CARE_ONE, Line(_("raising one child under 36 months"))
    return c.COEF_CARE_ONE, Line(_("pregnant"))


def care_support(
    *, params: ParameterSet, severity: str, pregnant: bool, children_under_36_months: int
) -> Amount:
    if children_under_36_months < 0:
        raise ValueError("children_under_36_months cannot be negative")
    if not pregnant and not children_under_36_months:
        return _nothing([], params)
    if severity not in ELIGIBLE:
        return _nothing([Line(NOT_ELIGIBLE["care"])], params)
    code, reason = _care_rule(pregnant, children_under_36_months)
    return _level_times(
        params=params,
        rule=params.rule(code),
        reason=reason,
        sum_message=_("care support %(amount)s = %(level)s × %(coefficient)s"),
    )


def funeral_support(*, params: ParameterSet, on_allowance: bool) -> Amount:
    if not on_allowance:
        return _nothing([Line(NOT_ELIGIBLE["funeral"])], params)
    level = params.rule(c.STANDARD_LEVEL)
    multiple = params.rule(c.FUNERAL_MULTIPLE)
    factor = _value(multiple)
    dong = times(_value(level), factor)
    rule_line = Line(
        _("funeral support of at least %(multiple)s × the standard level — %(basis)s"),
        {"multiple": Number(factor), "basis": basis_of(multiple)},
    )
    sum_line = Line(
        _("at least %(amount)s = %(multiple)s × %(level)s; the amount paid is not confirmed"),
        {"amount": Money(dong), "multiple": Number(factor), "level": Money(int(_value(level)))},
    )
    return Amount(
        dong=dong, coefficient=factor, confidence=Confidence.NOT_CONFIRMED, explanation=(rule_line, sum_line)
    )


def _health_insurance_line(on_allowance: bool) -> Line:
    if on_allowance:
        return Line(_("a health-insurance card paid by the state, as for everyone on the monthly allowance"))
    return Line(_("no health-insurance card from this programme: it comes with the monthly allowance"))


def entitlements(
    *,
    params: ParameterSet,
    month: date,
    severity: str,
    birth_date: date | None = None,
    birth_year: int | None = None,
    pregnant: bool = False,
    children_under_36_months: int = 0,
    deceased_in_month: bool = False,
) -> Entitlements:
    """Everything the person receives in ``month``. ``params`` are the rules in force in that month; a
    rule missing from them raises ``MissingRule`` (an ``ApplicationError`` on ``month``)."""
    if first_of_month(month) != params.month:
        raise ValueError(f"the rules given are those of {params.month:%Y-%m}, not of {month:%Y-%m}")
    if severity not in Severity.values:
        raise ValueError(f"unknown severity {severity!r}")
    level = params.rule(c.STANDARD_LEVEL)
    age = age_in_month(params=params, birth_date=birth_date, birth_year=birth_year)
    allowance = monthly_allowance(params=params, severity=severity, age=age)
    care = care_support(
        params=params, severity=severity, pregnant=pregnant, children_under_36_months=children_under_36_months
    )
    funeral = funeral_support(params=params, on_allowance=allowance.entitled) if deceased_in_month else None
    return Entitlements(
        month=params.month,
        severity=severity,
        standard_level=level,
        age=age,
        monthly_allowance=allowance,
        care_support=care,
        health_insurance=allowance.entitled,
        health_insurance_explanation=_health_insurance_line(allowance.entitled),
        funeral_support=funeral,
        explanation=(standard_level_line(level), *age.explanation),
    )


# --- Support paid to someone else: the carer ------------------------------------------------------------


def carer_household_support(*, params: ParameterSet, severity: str) -> Amount:
    """Monthly support to a household directly caring for a person with particularly severe disability,
    per person cared for (a household caring for two receives it twice); paid to the carer."""
    if severity != Severity.PARTICULARLY_SEVERE:
        return _nothing([Line(NOT_ELIGIBLE["carer"])], params)
    return _level_times(
        params=params,
        rule=params.rule(c.COEF_CARER_HOUSEHOLD),
        reason=Line(_("a household directly caring for a person with particularly severe disability")),
        sum_message=_("support to the carer %(amount)s = %(level)s × %(coefficient)s"),
    )


def foster_support(
    *, params: ParameterSet, severity: str, birth_date: date | None = None, birth_year: int | None = None
) -> Amount:
    """Monthly support to someone who takes in a person with particularly severe disability (more for a
    child); paid to that person, not to the one taken in."""
    if severity != Severity.PARTICULARLY_SEVERE:
        return _nothing([Line(NOT_ELIGIBLE["foster"])], params)
    age = age_in_month(params=params, birth_date=birth_date, birth_year=birth_year)
    if age.child:
        rule = params.rule(c.COEF_FOSTER_PARTICULARLY_SEVERE_CHILD)
        reason = Line(
            _("taking in a child under %(age)s with particularly severe disability"),
            {"age": Number(params.number(c.AGE_CHILD_BELOW))},
        )
    else:
        rule = params.rule(c.COEF_FOSTER_PARTICULARLY_SEVERE)
        reason = Line(_("taking in a person with particularly severe disability"))
    return _level_times(
        params=params,
        rule=rule,
        reason=reason,
        sum_message=_("support to the person taking them in %(amount)s = %(level)s × %(coefficient)s"),
        extra=age.rules,
        notes=age.explanation,
    )
