"""The codes of the entitlement rules, and what kind of value each one holds.

The values themselves are data (``BenefitParameter`` rows, loaded from ``data/parameters.csv``); only the
meaning of each code is fixed here, because the engine applies it. A code that is not listed cannot be
recorded, so a typing mistake in a new row cannot silently leave the old rule in force.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

STANDARD_LEVEL = "standard_level"
COEF_PARTICULARLY_SEVERE = "coef.particularly_severe"
COEF_PARTICULARLY_SEVERE_CHILD_OR_ELDERLY = "coef.particularly_severe.child_or_elderly"
COEF_SEVERE = "coef.severe"
COEF_SEVERE_CHILD_OR_ELDERLY = "coef.severe.child_or_elderly"
# Care support of a person who is pregnant or raising one child under 36 months ...
COEF_CARE_ONE = "coef.care.one"
# ... and of one who is pregnant while raising such a child, or raising two or more.
COEF_CARE_TWO = "coef.care.two"
COEF_CARER_HOUSEHOLD = "coef.carer_household"
COEF_FOSTER_PARTICULARLY_SEVERE = "coef.foster.particularly_severe"
COEF_FOSTER_PARTICULARLY_SEVERE_CHILD = "coef.foster.particularly_severe_child"
AGE_CHILD_BELOW = "age.child_below"
AGE_ELDERLY_FROM = "age.elderly_from"
AGE_CROSSING_RULE = "age.crossing_rule"
FUNERAL_MULTIPLE = "funeral.multiple"


class CrossingRule(models.TextChoices):
    """The first month in which a birthday that crosses an age threshold changes the coefficient."""

    MONTH_AFTER_BIRTHDAY = "month_after_birthday", _("The month after the birthday")
    BIRTHDAY_MONTH = "birthday_month", _("The month of the birthday")


# Amounts in đồng: whole numbers above zero.
AMOUNT_CODES = frozenset({STANDARD_LEVEL})
# Multiples of the standard level: above zero, fractions allowed (1.5, 2.5).
COEFFICIENT_CODES = frozenset(
    {
        COEF_PARTICULARLY_SEVERE,
        COEF_PARTICULARLY_SEVERE_CHILD_OR_ELDERLY,
        COEF_SEVERE,
        COEF_SEVERE_CHILD_OR_ELDERLY,
        COEF_CARE_ONE,
        COEF_CARE_TWO,
        COEF_CARER_HOUSEHOLD,
        COEF_FOSTER_PARTICULARLY_SEVERE,
        COEF_FOSTER_PARTICULARLY_SEVERE_CHILD,
        FUNERAL_MULTIPLE,
    }
)
# Ages in whole years.
AGE_CODES = frozenset({AGE_CHILD_BELOW, AGE_ELDERLY_FROM})
# Codes whose value is a word from a fixed list, not a number.
TEXT_CODES: dict[str, frozenset[str]] = {AGE_CROSSING_RULE: frozenset(CrossingRule.values)}

KNOWN_CODES = AMOUNT_CODES | COEFFICIENT_CODES | AGE_CODES | frozenset(TEXT_CODES)
