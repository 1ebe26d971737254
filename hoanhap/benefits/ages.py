"""The age that counts in a month, by the crossing rule in force.

The age that counts is the age on one day: the last day of the month before (``age.crossing_rule`` =
``month_after_birthday``, the default: a birthday that crosses 16 or 60 changes the coefficient from the
following month) or the last day of the month itself (``birthday_month``).

When only the year of birth is known the person is taken to be born on 1 January of that year, the date
Vietnamese civil-status and social-insurance records use for an unknown day and month. The explanation
says so, and the full date should be recorded whenever it is known: with 1 January a child leaves the
"under 16" group, and an adult joins the "60 and over" group, at the earliest month the year allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from hoanhap.benefits import codes as c
from hoanhap.benefits.explain import Day, Line
from hoanhap.benefits.parameters import Parameter, ParameterSet, first_of_month, last_day_of_month

OTHER_RULE = {
    c.CrossingRule.MONTH_AFTER_BIRTHDAY: c.CrossingRule.BIRTHDAY_MONTH,
    c.CrossingRule.BIRTHDAY_MONTH: c.CrossingRule.MONTH_AFTER_BIRTHDAY,
}
RULE_MESSAGE = {
    c.CrossingRule.MONTH_AFTER_BIRTHDAY: _(
        "age %(age)s on %(day)s (a birthday changes the coefficient from the following month)"
    ),
    c.CrossingRule.BIRTHDAY_MONTH: _(
        "age %(age)s on %(day)s (a birthday changes the coefficient from its own month)"
    ),
}


@dataclass(frozen=True)
class Age:
    years: int
    on: date
    child: bool
    elderly: bool
    # The rules this age rests on: the two thresholds, and the crossing rule when it decided the group.
    rules: tuple[Parameter, ...]
    explanation: tuple[Line, ...]


def years_between(birth: date, day: date) -> int:
    """Completed years on ``day`` (0 before the first birthday, and for a day before the birth)."""
    years = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return max(years, 0)


def counting_day(*, month: date, rule: str) -> date:
    """The day whose age counts for ``month`` under the crossing ``rule``."""
    if rule == c.CrossingRule.BIRTHDAY_MONTH:
        return last_day_of_month(month)
    return first_of_month(month) - timedelta(days=1)


def _groups(years: int, params: ParameterSet) -> tuple[bool, bool]:
    """(child, elderly) for an age in years."""
    return years < params.number(c.AGE_CHILD_BELOW), years >= params.number(c.AGE_ELDERLY_FROM)


def age_in_month(
    *, params: ParameterSet, birth_date: date | None = None, birth_year: int | None = None
) -> Age:
    """The age that counts in ``params.month``; ``birth_date`` wins over ``birth_year``."""
    if birth_date is not None:
        birth = birth_date
    elif birth_year is not None:
        birth = date(birth_year, 1, 1)
    else:
        raise ValueError("a date or a year of birth is needed")
    crossing = params.rule(c.AGE_CROSSING_RULE)
    rule = c.CrossingRule(crossing.text_value)
    on = counting_day(month=params.month, rule=rule)
    years = years_between(birth, on)
    child, elderly = _groups(years, params)
    rules = [params.rule(c.AGE_CHILD_BELOW), params.rule(c.AGE_ELDERLY_FROM)]
    other_years = years_between(birth, counting_day(month=params.month, rule=OTHER_RULE[rule]))
    if _groups(other_years, params) != (child, elderly):
        rules.append(crossing)  # the month of a threshold birthday: the crossing rule decides
    lines = []
    if birth_date is None:
        lines.append(
            Line(
                _("only the year of birth is known: the date of birth is taken to be %(day)s"),
                {"day": Day(birth)},
            )
        )
    lines.append(Line(RULE_MESSAGE[rule], {"age": years, "day": Day(on)}))
    return Age(years=years, on=on, child=child, elderly=elderly, rules=tuple(rules), explanation=tuple(lines))
