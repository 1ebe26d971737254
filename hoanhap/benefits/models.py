"""Entitlement rules as effective-dated data (Decree 20/2021/NĐ-CP and the decrees that change it).

Each row holds one value of one rule (``code``, see ``hoanhap.benefits.codes``) for a span of months, with
its legal basis and how sure we are of it. A row with an empty ``unit_path`` is national; a row with a
province's path is that province's own rule (a province may pay more than the national standard level)
and wins over the national row inside the province. ``valid_from`` is the first day of a month,
``valid_to`` the last day of a month (inclusive) or empty for "until further notice"; the rows of one code
and scope never overlap (``benefit_parameter_add`` refuses it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
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
    # Paid to the household member who directly cares for a person with particularly severe disability.
    CARER_SUPPORT = "carer_support", _("Support to the caring household")
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


# --- Monthly payment runs ---------------------------------------------------------------------------------

# The kinds of support paid in money every month, and so by a monthly run (funeral support is paid once,
# the health-insurance card is not paid in money).
PAID_MONTHLY = (BenefitKind.MONTHLY_ALLOWANCE, BenefitKind.CARE_SUPPORT, BenefitKind.CARER_SUPPORT)


class PaymentRunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class PaymentRunLocked(Exception):
    """An approved or paid run, and its lines, are what was paid: they are never changed."""


# What marking an approved run as paid may write: nothing else of an approved run changes.
PAID_FIELDS = frozenset({"status", "paid_at", "paid_by"})


class PaymentRunQuerySet(models.QuerySet["PaymentRun"]):
    def update(self, **kwargs: Any) -> int:
        if self.exclude(status=PaymentRunStatus.DRAFT).exists():
            raise PaymentRunLocked("an approved payment run cannot be changed")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.exclude(status=PaymentRunStatus.DRAFT).exists():
            raise PaymentRunLocked("an approved payment run cannot be deleted")
        return super().delete()


class PaymentRun(models.Model):
    """The list of what one commune pays for one kind of support in one month.

    A draft is prepared (and may be prepared again, which replaces its lines) from the decisions in force;
    once approved, the run and its lines are what is paid and are locked: only marking it paid remains.
    Totals are those of the lines: ``arrears`` and ``recoveries`` are both positive sums, ``total`` is
    ``regular + arrears - recoveries``.
    """

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    month = models.DateField(_("month"), help_text=_("The first day of the month paid."))
    kind = models.CharField(_("support"), max_length=20, choices=BenefitKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentRunStatus.choices, default=PaymentRunStatus.DRAFT
    )
    payees = models.PositiveIntegerField(_("payees"), default=0)
    regular = models.BigIntegerField(_("amount for the month (đồng)"), default=0)
    arrears = models.BigIntegerField(_("arrears (đồng)"), default=0)
    recoveries = models.BigIntegerField(_("recoveries (đồng)"), default=0)
    total = models.BigIntegerField(_("total (đồng)"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_run = models.ForeignKey(
        "self",
        verbose_name=_("previous run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The latest approved run of an earlier month when this one was prepared."),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PaymentRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        ordering = ["-month", "unit_path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "month", "kind"], name="payment_run_unique"),
        ]
        indexes = [models.Index(fields=["unit_path", "month"], name="payment_run_scope")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The status as stored: what decides whether the row may still change.
        self._stored_status = self.status if not self._state.adding else None

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%m/%Y} ({self.unit_path})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = None if self._state.adding else self._stored_status
        if stored not in (None, PaymentRunStatus.DRAFT):
            # An approved run only becomes paid, and only its payment fields are written.
            update_fields = kwargs.get("update_fields")
            marking_paid = (
                stored == PaymentRunStatus.APPROVED
                and self.status == PaymentRunStatus.PAID
                and update_fields is not None
                and set(update_fields) <= PAID_FIELDS
            )
            if not marking_paid:
                raise PaymentRunLocked("an approved payment run cannot be changed")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._stored_status != PaymentRunStatus.DRAFT:
            raise PaymentRunLocked("an approved payment run cannot be deleted")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> PaymentRun:
        run = super().from_db(*args, **kwargs)
        run._stored_status = run.__dict__.get("status")
        return run

    @property
    def is_locked(self) -> bool:
        return self.status != PaymentRunStatus.DRAFT


class PaymentLineQuerySet(models.QuerySet["PaymentLine"]):
    def _refuse_locked(self, run_ids: Any = None) -> None:
        runs = PaymentRun.objects.exclude(status=PaymentRunStatus.DRAFT)
        locked = runs.filter(pk__in=run_ids) if run_ids is not None else runs.filter(lines__in=self)
        if locked.exists():
            raise PaymentRunLocked("the lines of an approved payment run cannot be changed")

    def update(self, **kwargs: Any) -> int:
        self._refuse_locked()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_locked()
        return super().delete()

    def bulk_create(
        self,
        objs: Iterable[Any],
        batch_size: int | None = None,
        ignore_conflicts: bool = False,
        update_conflicts: bool = False,
        update_fields: Collection[str] | None = None,
        unique_fields: Collection[str] | None = None,
    ) -> list[Any]:
        objs = list(objs)
        self._refuse_locked({line.run_id for line in objs})
        return super().bulk_create(
            objs,
            batch_size=batch_size,
            ignore_conflicts=ignore_conflicts,
            update_conflicts=update_conflicts,
            update_fields=update_fields,
            unique_fields=unique_fields,
        )


class PaymentLine(models.Model):
    """What one payee receives in a run: the month's sum, arrears and recoveries of earlier months.

    The person's details are copied as they were when the run was prepared, so an approved list reads the
    same later. ``months`` holds each month the line pays or recovers, ``{"month": "YYYY-MM-01", "dong":
    n}`` (negative for a recovery): the bookkeeping later runs read to know what was already paid.
    """

    run = models.ForeignKey(
        PaymentRun, verbose_name=_("payment run"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField(_("number"))
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        BenefitDecision,
        verbose_name=_("decision in force"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person's latest decision of this kind signed by the end of the month."),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    payee_name = models.CharField(_("payee"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    village = models.CharField(_("village"), max_length=100, blank=True)
    severity = models.CharField(_("severity"), max_length=20, blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=8, decimal_places=4, null=True, blank=True)
    regular = models.BigIntegerField(_("amount for the month (đồng)"))
    arrears = models.BigIntegerField(_("arrears (đồng)"))
    recoveries = models.BigIntegerField(_("recoveries (đồng)"))
    total = models.BigIntegerField(_("total (đồng)"))
    months = models.JSONField(_("months covered"), default=list)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)

    objects = PaymentLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="payment_line_person_unique"),
        ]
        indexes = [models.Index(fields=["person", "run"], name="payment_line_person")]

    def __str__(self) -> str:
        return f"{self.position}. {self.full_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if PaymentRun.objects.filter(pk=self.run_id).exclude(status=PaymentRunStatus.DRAFT).exists():
            raise PaymentRunLocked("the lines of an approved payment run cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if PaymentRun.objects.filter(pk=self.run_id).exclude(status=PaymentRunStatus.DRAFT).exists():
            raise PaymentRunLocked("the lines of an approved payment run cannot be deleted")
        return super().delete(*args, **kwargs)
