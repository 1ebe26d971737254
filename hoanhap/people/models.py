"""The registry of persons with disabilities.

A person lives in one current commune; ``unit_path`` repeats that commune's path so that the scope filter
("everything under my province") is one range scan on an index of the person table itself, and
``province_code`` is kept as the natural distribution key should the table ever be sharded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoanhap.geo.models import AdminUnit


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("person status", "Active")
    MOVED = "moved", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    REMOVED = "removed", _("Removed from the registry")


class Household(models.TextChoices):
    NONE = "", _("Not poor or near-poor")
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")


class SpecialGroup(models.TextChoices):
    AGENT_ORANGE = "agent_orange", _("Agent Orange victim")
    WAR_INVALID = "war_invalid", _("War invalid")
    SICK_SOLDIER = "sick_soldier", _("Sick soldier")
    ETHNIC_MINORITY_REMOTE = "remote_area", _("Lives in an especially difficult area")
    ORPHAN = "orphan", _("Orphan")
    LONE_ELDERLY = "lone_elderly", _("Elderly person living alone")


class Ethnicity(models.Model):
    """The 54 ethnic groups (GSO codes), plus foreign and unknown; loaded from ``people/data``."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("ethnicity")
        verbose_name_plural = _("ethnicities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(_("search key"), max_length=150, db_index=True)
    sort_key = models.CharField(_("sort key"), max_length=320, db_index=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), db_index=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    ethnicity = models.ForeignKey(
        Ethnicity, verbose_name=_("ethnicity"), on_delete=models.PROTECT, default="99"
    )
    cccd = models.CharField(_("citizen ID"), max_length=12, blank=True, db_index=True)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    province_code = models.CharField(_("province code"), max_length=2, editable=False)
    village = models.CharField(
        _("village"), max_length=100, blank=True, help_text=_("Thôn, bản, tổ dân phố or hamlet.")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    carer = models.ForeignKey(
        "self",
        verbose_name=_("carer or guardian"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cared_for",
    )
    carer_name = models.CharField(_("carer's name"), max_length=150, blank=True)
    carer_relation = models.CharField(_("relation to the person"), max_length=50, blank=True)
    household = models.CharField(_("household"), max_length=10, choices=Household.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    status_date = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # No plain index: almost every row is NULL, and SQLite (without ANALYZE) would pick such an index over
    # the scope range; the partial index in Meta serves the few merged rows.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        db_index=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cccd"], condition=Q(status="active") & ~Q(cccd=""), name="person_active_cccd_unique"
            ),
        ]
        indexes = [
            # Scope indexes cover only records not merged away, which every registry query asks for, so
            # counting a province's persons is answered from the index alone.
            models.Index(
                fields=["unit_path", "sort_key"],
                condition=Q(merged_into__isnull=True),
                name="person_scope_sort",
            ),
            models.Index(
                fields=["unit_path", "name_folded"],
                condition=Q(merged_into__isnull=True),
                name="person_scope_name",
            ),
            models.Index(
                fields=["merged_into"], condition=Q(merged_into__isnull=False), name="person_merged_into"
            ),
            models.Index(fields=["name_folded", "birth_year"], name="person_name_year"),
        ]

    def __str__(self) -> str:
        return self.full_name


class PersonSpecialGroup(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="special_groups")
    group = models.CharField(_("special group"), max_length=20, choices=SpecialGroup.choices)

    class Meta:
        verbose_name = _("special group")
        verbose_name_plural = _("special groups")
        constraints = [models.UniqueConstraint(fields=["person", "group"], name="person_group_unique")]

    def __str__(self) -> str:
        return self.get_group_display()


class IdentityCheck(models.Model):
    """One comparison of a person's record with the national population database (``people.identity``)."""

    class Source(models.TextChoices):
        SANDBOX = "sandbox", _("Sandbox (test data)")
        HTTP = "http", _("National population database")

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Matches the record")
        DIFFERENCES = "differences", _("Differs from the record")
        NOT_FOUND = "not_found", _("Citizen ID not found")
        UNAVAILABLE = "unavailable", _("Database unavailable")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identity_checks")
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    # field → {"registry": value there, "recorded": value here}; empty unless the outcome is "differences".
    differences = models.JSONField(_("differences"), default=dict, blank=True)

    class Meta:
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["person", "-checked_at", "-id"], name="identity_check_latest")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_outcome_display()}"


class PopulationEventKind(models.TextChoices):
    """What the national population database is told; the values are the wire values of
    ``people.identity.registry.EVENT_KINDS``."""

    DEATH = "death", _("Death")
    MOVED = "moved", _("Move to another commune")


class PopulationEventStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    # A death corrected back (the person is alive) before the report went out: there is nothing to send.
    WITHDRAWN = "withdrawn", _("Withdrawn before it was sent")


class PopulationEventReport(models.Model):
    """A death or a move to report to the national population database (``people.identity.events``).

    The row is written in the transaction of the change it reports, so a change is never lost and a
    rolled-back change is never reported; a sender delivers it later, outside any transaction. A delivery
    that fails leaves the row pending (with the attempts and the last error) for the next run.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="population_event_reports"
    )
    kind = models.CharField(_("event"), max_length=10, choices=PopulationEventKind.choices)
    event_date = models.DateField(_("date of the event"))
    # The citizen ID as it was when the change was made: the report says what happened to that citizen,
    # whatever is edited on the record afterwards.
    cccd = models.CharField(_("citizen ID"), max_length=12)
    # Short texts sent with the event, e.g. {"commune_code": "06184"} for a move.
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PopulationEventStatus.choices,
        default=PopulationEventStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    # The class name of the error of the last failed attempt: never a message that could carry personal data.
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    # Set while a sender is delivering the report, so that another sender leaves it alone (see
    # ``people.identity.delivery``); cleared when the outcome is recorded.
    claimed_at = models.DateTimeField(_("being sent since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report to the population database")
        verbose_name_plural = _("reports to the population database")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sender reads the few pending reports, oldest first, out of a table of sent ones.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="pending"),
                name="population_event_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.event_date:%Y-%m-%d}"
