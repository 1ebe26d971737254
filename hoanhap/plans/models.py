"""Plans, their objectives and targets, the indicators the targets are measured by, and the tasks.

A plan is issued by a unit or an agency for a span of years, may implement a higher plan (a national
decision → a provincial plan → a district, city or commune plan) and may be cut into phases (2019–2020,
2021–2025). Each objective carries targets: an indicator, a value (a count, a percentage or a range), for a
phase or the whole period, and optionally for one unit (a commune's own target overrides the plan's).

Indicators are data, not code: an ``IndicatorDefinition`` holds its numerator and denominator as counts over
the registry, services, activities, campaigns and aggregate entries (see ``hoanhap.plans.definitions``), so
officers write new ones in a form and ``hoanhap.plans.compute`` evaluates them for any unit and period.

``area_path`` on a plan is a path of the *current* edition (the deepest current unit covering the issuer's
area, see ``hoanhap.plans.areas.current_area_path``) so that scope, which is made of current units, also
covers plans issued by units that no longer exist (a district in 2024).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoanhap.agencies.models import Agency
from hoanhap.geo.models import AdminUnit
from hoanhap.provision.models import Domain

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"]
EVIDENCE_EXTENSIONS = [*DOCUMENT_EXTENSIONS, "xls", "xlsx", "ods"]


def _user_fk(verbose_name: StrOrPromise) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    ISSUED = "issued", pgettext_lazy("plan status", "Issued")


class Plan(models.Model):
    issuer_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("issuing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer_agency = models.ForeignKey(
        Agency,
        verbose_name=_("issuing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The agency that follows the plan, compiles the results and reports up ("cơ quan thường trực"): the
    # overdue tasks of the plan are listed on its home page.
    coordinating_office = models.ForeignKey(
        Agency,
        verbose_name=_("coordinating office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
    )
    area_path = models.CharField(_("area path"), max_length=64, blank=True, editable=False, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=PlanLevel.choices)
    number = models.CharField(pgettext_lazy("document", "number"), max_length=50, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=400)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("plan it implements"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implementing_plans",
    )
    # The higher document when it is not itself in the system ("Quyết định số 1438/QĐ-TTg …").
    legal_basis = models.CharField(_("legal basis"), max_length=400, blank=True)
    document = models.FileField(
        _("signed document"),
        upload_to="plans/documents/%Y/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = _user_fk(_("created by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = _user_fk(pgettext_lazy("plan", "issued by"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class Phase(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["plan", "start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="phase_order"),
            models.UniqueConstraint(fields=["plan", "start_year"], name="phase_start_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class Objective(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="objectives"
    )
    code = models.CharField(pgettext_lazy("objective", "number"), max_length=20)
    text = models.TextField(_("objective"))
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["plan", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="objective_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class PeriodType(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class IndicatorDefinition(models.Model):
    """How a figure is counted. ``numerator`` and ``denominator`` are count definitions (JSON, validated by
    ``hoanhap.plans.definitions.parse_indicator``); without a denominator the figure is a count."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    numerator = models.JSONField(_("numerator"))
    denominator = models.JSONField(_("denominator"), null=True, blank=True)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    # Age bands for the "age group" disaggregation: [[0, 5], [6, 15], [16, null]].
    age_groups = models.JSONField(_("age groups"), default=list, blank=True)
    period_type = models.CharField(
        _("period type"), max_length=10, choices=PeriodType.choices, default=PeriodType.YEAR
    )
    legal_basis = models.CharField(_("legal basis"), max_length=400, blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = _user_fk(_("created by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = _user_fk(_("last changed by"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_percentage(self) -> bool:
        return self.denominator is not None


class TargetKind(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENTAGE = "percentage", _("Percentage")
    RANGE = "range", _("Percentage range")


class Target(models.Model):
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        IndicatorDefinition, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TargetKind.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    low = models.DecimalField(_("from"), max_digits=5, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(_("to"), max_digits=5, decimal_places=2, null=True, blank=True)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    # Empty: the plan's own target, for the issuer's area. A unit: that unit's target, which overrides it.
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["objective", "indicator", "phase__start_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="range") & Q(low__isnull=False) & Q(high__isnull=False) & Q(value__isnull=True)
                )
                | (~Q(kind="range") & Q(value__isnull=False) & Q(low__isnull=True) & Q(high__isnull=True)),
                name="target_value_shape",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == TargetKind.RANGE:
            return f"{self.low}–{self.high} %"
        return f"{self.value} %" if self.kind == TargetKind.PERCENTAGE else f"{self.value}"


class Task(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    text = models.TextField(_("task"))
    expected_result = models.TextField(_("expected result"), blank=True)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("coordinating agencies"), blank=True, related_name="coordinated_tasks"
    )
    # The deadline as data ({"every": "year", "before": "12-15"}, {"on": "2024-11-01"}, …; see
    # ``hoanhap.plans.recurrence``) and as the plan words it ("Hằng năm, trước ngày 15/12").
    recurrence = models.JSONField(_("deadline or recurrence"))
    deadline_note = models.CharField(_("deadline as written"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = _user_fk(_("created by"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.text[:100]


class OccurrenceStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("task status", "Done")


class TaskOccurrence(models.Model):
    """One time a task is due: once for a single deadline, once a year for "annually", …"""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="occurrences"
    )
    period_label = models.CharField(_("period"), max_length=20)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=OccurrenceStatus.choices, default=OccurrenceStatus.OPEN
    )
    share_done = models.PositiveSmallIntegerField(
        _("share done (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task occurrence")
        verbose_name_plural = _("task occurrences")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period_label"], name="occurrence_period_unique"),
            models.CheckConstraint(condition=Q(share_done__lte=100), name="occurrence_share_range"),
        ]
        # The overdue lists read the occurrences not done, by due date.
        indexes = [models.Index(fields=["status", "due_on"], name="occurrence_due")]

    def __str__(self) -> str:
        return f"{self.task} ({self.period_label})"


class TaskUpdate(models.Model):
    occurrence = models.ForeignKey(
        TaskOccurrence, verbose_name=_("occurrence"), on_delete=models.CASCADE, related_name="updates"
    )
    author = _user_fk(_("author"))
    progress = models.TextField(_("progress"))
    share_done = models.PositiveSmallIntegerField(_("share done (%)"), validators=[MaxValueValidator(100)])
    evidence = models.FileField(
        _("evidence"),
        upload_to="plans/evidence/%Y/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(share_done__lte=100), name="update_share_range")]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.share_done} %"


class SuppressionRule(models.Model):
    """The smallest count shown to viewers without access to personal data, from a date: a count below it
    could point at identifiable persons in a small commune. Effective-dated data, loaded from
    ``data/suppression.csv`` and changed by recording a new row, never by editing code."""

    threshold = models.PositiveSmallIntegerField(_("smallest count shown"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("small-count suppression rule")
        verbose_name_plural = _("small-count suppression rules")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="suppression_rule_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.threshold} ({self.valid_from:%d/%m/%Y})"


# The derived tables of the indicator figures live in their own module (see ``hoanhap.plans.facts``).
from hoanhap.plans.facts.models import (  # noqa: E402, F401
    FactBacklog,
    FactServiceType,
    FactYear,
    IndicatorFact,
)
