"""Disability determinations and certificates (Law 51/2010, Decree 28/2012, Circular 01/2019).

A person's current disability (types and severity) is the latest determination, always derived from this
history and never copied onto the person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoanhap.geo.models import AdminUnit
from hoanhap.people.models import Person


class DisabilityType(models.TextChoices):
    MOBILITY = "mobility", _("Mobility")
    HEARING_SPEECH = "hearing_speech", _("Hearing and speech")
    VISION = "vision", _("Vision")
    PSYCHOSOCIAL = "psychosocial", _("Neurological or psychosocial")
    INTELLECTUAL = "intellectual", _("Intellectual")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    PARTICULARLY_SEVERE = "particularly_severe", _("Particularly severe")
    SEVERE = "severe", _("Severe")
    MILD = "mild", _("Mild")


class AssessingBody(models.TextChoices):
    COMMUNE_COUNCIL = "commune_council", _("Commune disability assessment council")
    MEDICAL_BOARD = "medical_board", _("Medical assessment board")


class CertificateReason(models.TextChoices):
    FIRST_ISSUE = "first_issue", _("First issue")
    WRONG_DETAILS = "wrong_details", _("Details were wrong")
    LOST_OR_DAMAGED = "lost_or_damaged", _("Lost or damaged")
    CHANGED = "changed", _("Type or severity changed")
    REACHED_SIX = "reached_six", _("Child reached 6 years of age")


_TYPE_VALUES = tuple(DisabilityType.values)  # read once: ``Choices.values`` is rebuilt at every call


class DisabilityDetermination(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="determinations")
    decided_on = models.DateField(_("date of determination"))
    body = models.CharField(_("decided by"), max_length=20, choices=AssessingBody.choices)
    minutes_number = models.CharField(_("minutes number"), max_length=50, blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    # The six legal types, several possible: one column each, so filters and counts are plain indexed
    # conditions on both SQLite and PostgreSQL.
    mobility = models.BooleanField(_("mobility"), default=False)
    hearing_speech = models.BooleanField(_("hearing and speech"), default=False)
    vision = models.BooleanField(_("vision"), default=False)
    psychosocial = models.BooleanField(_("neurological or psychosocial"), default=False)
    intellectual = models.BooleanField(_("intellectual"), default=False)
    other = models.BooleanField(_("other"), default=False)
    basis = models.TextField(_("basis"), blank=True)
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("disability determination")
        verbose_name_plural = _("disability determinations")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["person", "-decided_on", "-id"], name="determination_latest")]

    def __str__(self) -> str:
        return f"{self.person} {self.decided_on:%d/%m/%Y} {self.get_severity_display()}"

    @property
    def types(self) -> list[str]:
        return [value for value in _TYPE_VALUES if getattr(self, value)]

    def get_types_display(self) -> list[str]:
        return [str(label) for value, label in DisabilityType.choices if getattr(self, value)]


class Certificate(models.Model):
    """Giấy xác nhận khuyết tật (Mẫu 06)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    determination = models.ForeignKey(
        DisabilityDetermination,
        verbose_name=_("determination"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("certificate number"), max_length=50)
    issued_on = models.DateField(_("date of issue"))
    issuing_commune = models.ForeignKey(
        AdminUnit, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason for issue"), max_length=20, choices=CertificateReason.choices)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("disability certificate")
        verbose_name_plural = _("disability certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuing_commune", "number"], name="certificate_number_unique")
        ]

    def __str__(self) -> str:
        return self.number


class FunctioningInstrument(models.TextChoices):
    """The international question sets (Washington Group / UNICEF); the questions are in ``functioning``."""

    WG_SS = "wg_ss", _("Washington Group Short Set (age 5 and over)")
    CFM_2_4 = "cfm_2_4", _("Child Functioning Module, age 2–4")
    CFM_5_17 = "cfm_5_17", _("Child Functioning Module, age 5–17")


class FunctioningAssessment(models.Model):
    """One answered WG-SS or CFM questionnaire (optional per person), for internationally comparable
    figures. The identifiers are derived from ``answers`` by the service, never entered; ``None`` means
    unknown because of missing answers (see ``hoanhap.assessments.functioning``)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="functioning_assessments")
    assessed_on = models.DateField(_("date of assessment"))
    instrument = models.CharField(_("question set"), max_length=10, choices=FunctioningInstrument.choices)
    # {question key: answer code, or null for refused / don't know}.
    answers = models.JSONField(_("answers"), default=dict)
    disability1 = models.BooleanField(
        _("DISABILITY1 (any domain some difficulty or worse)"), null=True, blank=True
    )
    disability2 = models.BooleanField(
        _("DISABILITY2 (two domains some difficulty, or one a lot of difficulty or worse)"),
        null=True,
        blank=True,
    )
    disability3 = models.BooleanField(
        _("DISABILITY3 (any domain a lot of difficulty or worse)"), null=True, blank=True
    )
    disability4 = models.BooleanField(_("DISABILITY4 (any domain cannot do at all)"), null=True, blank=True)
    functional_difficulty = models.BooleanField(_("functional difficulty"), null=True, blank=True)
    difficulty_domains = models.JSONField(_("domains with functional difficulty"), default=list, blank=True)
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("functioning assessment")
        verbose_name_plural = _("functioning assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["person", "-assessed_on", "-id"], name="functioning_latest")]

    def __str__(self) -> str:
        return f"{self.person} {self.assessed_on:%d/%m/%Y} {self.get_instrument_display()}"


class DuplicateReason(models.TextChoices):
    SAME_CCCD = "same_cccd", _("Same citizen ID")
    SAME_NAME_BIRTH_YEAR = "same_name_birth_year", _("Same name and year of birth")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    NOT_DUPLICATE = "not_duplicate", _("Not the same person")
    MERGED = "merged", _("Merged")


class PossibleDuplicate(models.Model):
    """Two records that may be the same person, waiting for an officer's decision.

    A pair is stored once, whatever the order it was found in: ``person`` is the record with the lower id
    (a check constraint), so the unique constraint on (person, other) is one per unordered pair and a
    dismissed pair is never flagged again. ``unit_path`` is ``person``'s path when the pair was found.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=24, choices=DuplicateReason.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False, db_index=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["found_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__lt=models.F("other")), name="duplicate_pair_ordered"
            ),
            models.UniqueConstraint(fields=["person", "other"], name="duplicate_pair_unique"),
        ]
        indexes = [models.Index(fields=["status", "found_at"], name="duplicate_status")]

    def __str__(self) -> str:
        return f"#{self.person_id} / #{self.other_id}"
