"""Entitlement rules as effective-dated data (Decree 20/2021/NĐ-CP and the decrees that change it).

Each row holds one value of one rule (``code``, see ``hoanhap.benefits.codes``) for a span of months, with
its legal basis and how sure we are of it. A row with an empty ``unit_path`` is national; a row with a
province's path is that province's own rule (a province may pay more than the national standard level)
and wins over the national row inside the province. ``valid_from`` is the first day of a month,
``valid_to`` the last day of a month (inclusive) or empty for "until further notice"; the rows of one code
and scope never overlap (``benefit_parameter_add`` refuses it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoanhap.benefits.parameters import plain_decimal
from hoanhap.geo.models import AdminUnit


class Confidence(models.TextChoices):
    """As the markers of DOMAIN.md: ✅ read in the legal text, ◐ from a secondary source, ❌ unconfirmed."""

    CONFIRMED = "confirmed", _("Confirmed in the legal text")
    SECONDARY = "secondary", _("From a secondary source")
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")


# The weakest confidence among the rules an amount rests on is the confidence of the amount.
CONFIDENCE_RANK = {Confidence.NOT_CONFIRMED: 0, Confidence.SECONDARY: 1, Confidence.CONFIRMED: 2}


class BenefitParameter(models.Model):
    code = models.CharField(_("rule"), max_length=64)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the national rule."),
    )
    unit_path = models.CharField(_("unit path"), max_length=64, blank=True, editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    text_value = models.CharField(_("value (text)"), max_length=64, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    confidence = models.CharField(_("confidence"), max_length=16, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("entitlement rule")
        verbose_name_plural = _("entitlement rules")
        ordering = ["code", "unit_path", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="benefit_parameter_span",
            ),
            models.CheckConstraint(
                condition=(models.Q(value__isnull=False) & models.Q(text_value=""))
                | (models.Q(value__isnull=True) & ~models.Q(text_value="")),
                name="benefit_parameter_one_value",
            ),
        ]
        indexes = [models.Index(fields=["unit_path", "valid_from"], name="benefit_parameter_month")]

    def __str__(self) -> str:
        value = self.text_value if self.value is None else plain_decimal(self.value)
        return f"{self.code} = {value} ({self.valid_from:%m/%Y})"


class BenefitKind(models.TextChoices):
    MONTHLY_ALLOWANCE = "monthly_allowance", _("Monthly allowance")
    CARE_SUPPORT = "care_support", _("Care support")
    HEALTH_INSURANCE = "health_insurance", _("Health-insurance card")
    FUNERAL = "funeral", _("Funeral support")


class DecisionAction(models.TextChoices):
    START = "start", _("Start")
    CHANGE = "change", pgettext_lazy("benefit decision", "Change")
    STOP = "stop", _("Stop")


class StopReason(models.TextChoices):
    DEATH = "death", _("Death")
    MOVED_AWAY = "moved_away", _("Moved away")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("No longer eligible")
    OTHER = "other", _("Other")


class BenefitDecision(models.Model):
    """A decision of the commune chair to start, change or stop one kind of support for a person.

    Decisions are never edited: a mistake is corrected by a newer decision, so the history of what was
    decided, and paid, stays readable. ``coefficient`` and ``monthly_amount`` are what the engine computed
    for ``effective_from`` when the decision was recorded (empty for a stop, and for the health-insurance
    card, which is not paid in money); ``severity`` is the severity they were computed from.
    """

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="benefit_decisions"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    kind = models.CharField(_("support"), max_length=20, choices=BenefitKind.choices)
    action = models.CharField(_("action"), max_length=10, choices=DecisionAction.choices)
    number = models.CharField(_("decision number"), max_length=50)
    signed_on = models.DateField(_("signed on"))
    effective_from = models.DateField(_("effective from"))
    severity = models.CharField(_("severity"), max_length=20, blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=8, decimal_places=4, null=True, blank=True)
    monthly_amount = models.PositiveBigIntegerField(_("amount (đồng)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=StopReason.choices, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("benefit decision")
        verbose_name_plural = _("benefit decisions")
        ordering = ["person", "kind", "effective_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit_path", "number"], name="benefit_decision_number_unique"),
            models.CheckConstraint(
                condition=models.Q(action="stop", coefficient__isnull=True, monthly_amount__isnull=True)
                | (~models.Q(action="stop") & models.Q(reason="")),
                name="benefit_decision_stop_has_no_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "kind", "effective_from"], name="benefit_decision_person"),
            models.Index(fields=["unit_path", "kind"], name="benefit_decision_scope"),
        ]

    def __str__(self) -> str:
        what = f"{self.get_kind_display()} {self.get_action_display()}"
        return f"{self.number} {what} ({self.effective_from:%m/%Y})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a benefit decision is immutable: record a new decision instead")
        super().save(*args, **kwargs)
