"""Services delivered to persons, activities and their participants, and aggregate figures of a unit.

Most targets of the plans read "x % of a group received y": the numerators come from service records and
activity participants, entered where the service or activity happens; the denominators that are not held
person by person (staff working on disability, families of PWD) are aggregate entries of a unit.
Records and activities repeat the path of their unit (``unit_path``) so that the scope filter is one range
scan on their own table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoanhap.agencies.models import Agency
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person, Sex


class Domain(models.TextChoices):
    """The ten domains of the plans (seed 000, §II)."""

    HEALTH = "health", _("Health and rehabilitation")
    EDUCATION = "education", _("Education")
    LIVELIHOOD = "livelihood", _("Vocational training, jobs and livelihood")
    DISASTER = "disaster", _("Disaster preparedness")
    TRANSPORT = "transport", _("Transport")
    ICT = "ict", _("Access to information and communication technology")
    LEGAL_AID = "legal_aid", _("Legal aid")
    CULTURE_SPORT = "culture_sport", _("Culture and sport")
    WOMEN = "women", _("Support for women with disabilities")
    AWARENESS = "awareness", _("Awareness and training")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    PROVINCE = "province", _("Province budget")
    COMMUNE = "commune", _("Commune budget")
    CHILD_PROTECTION_FUND = "child_protection_fund", _("Child protection fund")
    NGO = "ngo", _("NGO or donor")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other source")


class ServiceType(models.Model):
    """A kind of service in a domain, with the details each record of it must give."""

    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    needs_provider = models.BooleanField(_("provider agency required"), default=False)
    needs_cost = models.BooleanField(_("cost required"), default=False)
    needs_funding = models.BooleanField(_("funding source required"), default=False)
    needs_outcome = models.BooleanField(_("outcome required"), default=False)
    needs_follow_up = models.BooleanField(_("follow-up date required"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["domain", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceRecord(models.Model):
    """One service a person received. ``unit_path`` is the person's commune when it was recorded."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="service_records"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service"), on_delete=models.PROTECT, related_name="records"
    )
    delivered_on = models.DateField(_("date"))
    provider = models.ForeignKey(
        Agency,
        verbose_name=_("provider agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services_provided",
    )
    cost = models.PositiveBigIntegerField(_("cost (đồng)"), null=True, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=30, choices=FundingSource.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-delivered_on", "-id"]
        indexes = [
            models.Index(fields=["unit_path", "delivered_on"], name="service_scope_idx"),
            models.Index(fields=["person", "delivered_on"], name="service_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} ({self.delivered_on:%d/%m/%Y})"


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    COMMUNICATION = "communication", _("Communication event")
    SPORT_CULTURE = "sport_culture", _("Sport or culture event")
    LEGAL_AID = "legal_aid", _("Legal-aid session")
    OTHER = "other", _("Other activity")


class ParticipantKind(models.TextChoices):
    PWD = "pwd", _("Person with disabilities")
    FAMILY = "family", _("Family member or carer")
    STAFF = "staff", _("Staff member or collaborator")


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=200)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Agency,
        verbose_name=_("organising agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit where held"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit_path", "held_on"], name="activity_scope_idx")]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A named participant: a registered person with disabilities (``person``), a family member or carer
    (``full_name``, ``cared_for``), or a staff member or collaborator (``full_name``, ``agency``)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ParticipantKind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_participations",
    )
    cared_for = models.ForeignKey(
        Person,
        verbose_name=_("person cared for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # Folded and single-spaced: the same staff member typed twice counts once.
    name_folded = models.CharField(_("search key"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"], condition=Q(person__isnull=False), name="participant_once"
            )
        ]

    def __str__(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.full_name


class HeadCount(models.Model):
    """Participants counted without names, by kind and sex."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="head_counts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ParticipantKind.choices)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    count = models.PositiveIntegerField(_("number of participants"))

    class Meta:
        verbose_name = _("head-count")
        verbose_name_plural = _("head-counts")
        constraints = [models.UniqueConstraint(fields=["activity", "kind", "sex"], name="head_count_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_sex_display()}): {self.count}"


class AggregateMetric(models.TextChoices):
    """Figures a unit reports as a number: the denominators of the plans' targets."""

    STAFF = "staff_on_disability", _("Staff working on disability")
    FAMILIES = "families_of_pwd", _("Families of persons with disabilities")
    LOAN_NEEDED = "pwd_needing_loan", _("Persons with disabilities who need and qualify for a loan")
    HARDSHIP = "pwd_in_hardship", _("Persons with disabilities in financial hardship")
    WOMEN_IN_NEED = "women_needing_support", _("Women with disabilities needing support")


WHOLE_YEAR = 0


class AggregateEntry(models.Model):
    """One figure of a unit for a year (``quarter`` 0) or a quarter (1–4)."""

    unit = models.ForeignKey(AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=WHOLE_YEAR)
    metric = models.CharField(_("figure"), max_length=30, choices=AggregateMetric.choices)
    value = models.PositiveIntegerField(_("value"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aggregate entry")
        verbose_name_plural = _("aggregate entries")
        ordering = ["unit_path", "-year", "quarter", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter", "metric"], name="aggregate_unique"),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="aggregate_quarter_range"),
        ]
        indexes = [models.Index(fields=["unit_path", "year"], name="aggregate_scope_idx")]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.year}: {self.value}"
