"""A campaign to screen children and give free surgery to those a surgeon indicates (seed 003).

Each commune keeps its registration list; a registered child is a person of the registry. Every row below
the campaign repeats its commune's ``unit_path`` so that the scope filter is a range scan on the row's own
table, as on the person table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoanhap.agencies.models import Agency
from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ConditionGroup(models.TextChoices):
    """The groups of conditions the plan covers (seed 003, section II.1)."""

    CLEFT = "cleft", _("Cleft lip and palate")
    MOTOR = "motor", _("Motor deformities, torticollis, scoliosis and kyphosis")
    BURN = "burn", _("Burn sequelae")
    EYE = "eye", _("Eye: strabismus, ptosis, cataract")
    EAR = "ear", _("Ear")
    GENITOURINARY = "genitourinary", _("Genital and urinary conditions")
    BENIGN_TUMOUR = "benign_tumour", _("Benign tumours")
    OTHER = "other", pgettext_lazy("condition group", "Other")


class FundingSource(models.TextChoices):
    CHILD_PROTECTION_FUND = "child_fund", _("Child protection fund")
    STATE_BUDGET = "state_budget", _("State budget")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance")
    DONORS = "donors", _("Donors and NGOs")
    FAMILY = "family", _("Family")
    OTHER = "other", pgettext_lazy("funding source", "Other")


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", pgettext_lazy("campaign status", "Open")
    CLOSED = "closed", pgettext_lazy("campaign status", "Closed")


class SurgeryOutcome(models.TextChoices):
    GOOD = "good", _("Good")
    COMPLICATIONS = "complications", _("Complications")
    FURTHER_SURGERY = "further_surgery", _("Further surgery needed")


class FollowUpStatus(models.TextChoices):
    REHABILITATION = "rehabilitation", _("In rehabilitation")
    RECOVERED = "recovered", _("Recovered")
    NEEDS_CARE = "needs_care", _("Needs further care")
    LOST = "lost", _("Not reached")


def _user_fk(verbose_name: StrOrPromise) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    organiser = models.ForeignKey(
        Agency,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(AdminUnit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    area_path = models.CharField(_("area path"), max_length=64, db_index=True, editable=False)
    # Lists of ConditionGroup and FundingSource codes: a handful each, read with the campaign.
    condition_groups = models.JSONField(_("conditions covered"), default=list)
    funding_sources = models.JSONField(_("funding sources"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = _user_fk(_("created by"))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.name

    def condition_group_labels(self) -> list[str]:
        return [str(ConditionGroup(code).label) for code in self.condition_groups if code in ConditionGroup]

    def funding_source_labels(self) -> list[str]:
        return [str(FundingSource(code).label) for code in self.funding_sources if code in FundingSource]


class Registration(models.Model):
    """A child on a commune's list for the campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, verbose_name=_("child"), on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    suspected_group = models.CharField(
        _("condition suspected"), max_length=20, choices=ConditionGroup.choices
    )
    registered_on = models.DateField(_("registered on"))
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    registered_by = _user_fk(_("registered by"))

    class Meta:
        verbose_name = _("campaign registration")
        verbose_name_plural = _("campaign registrations")
        ordering = ["campaign", "unit_path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="campaign_registration_unique")
        ]
        indexes = [models.Index(fields=["campaign", "unit_path"], name="campaign_registration_scope")]

    def __str__(self) -> str:
        return str(self.person)


class ScreeningSession(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="sessions")
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    team = models.CharField(_("team or hospital"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = _user_fk(_("created by"))

    class Meta:
        verbose_name = _("screening session")
        verbose_name_plural = _("screening sessions")
        ordering = ["campaign", "-held_on", "id"]
        indexes = [models.Index(fields=["campaign", "unit_path"], name="campaign_session_scope")]

    def __str__(self) -> str:
        return f"{self.place} {self.held_on:%d/%m/%Y}"


class ScreeningResult(models.Model):
    """What the screening found for one child: at most one result per registration."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="result")
    session = models.ForeignKey(ScreeningSession, on_delete=models.PROTECT, related_name="results")
    condition_confirmed = models.BooleanField(_("condition confirmed"))
    confirmed_group = models.CharField(
        _("condition found"), max_length=20, choices=ConditionGroup.choices, blank=True
    )
    surgery_indicated = models.BooleanField(_("surgery indicated"))
    referral = models.CharField(_("referral"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = _user_fk(_("recorded by"))

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")

    def __str__(self) -> str:
        return str(self.registration)


class Surgery(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="surgery")
    hospital = models.CharField(_("hospital"), max_length=200)
    operated_on = models.DateField(_("date of surgery"))
    cost = models.PositiveBigIntegerField(_("cost (đồng)"), null=True, blank=True)
    paid_by = models.CharField(_("paid by"), max_length=20, choices=FundingSource.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=SurgeryOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = _user_fk(_("recorded by"))

    class Meta:
        verbose_name = _("surgery")
        verbose_name_plural = _("surgeries")

    def __str__(self) -> str:
        return f"{self.registration} {self.operated_on:%d/%m/%Y}"


class FollowUp(models.Model):
    """A follow-up visit or rehabilitation step after the screening or the surgery."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="follow_ups")
    followed_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = _user_fk(_("recorded by"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["registration", "followed_on", "id"]

    def __str__(self) -> str:
        return f"{self.registration} {self.followed_on:%d/%m/%Y}"
