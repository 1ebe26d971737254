"""The bodies the plans name as lead or coordinating agencies, and as reporters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hoanhap.geo.models import AdminUnit


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    LABOUR_SOCIAL = "labour_social", _("Labour and social affairs office")
    CULTURE_SOCIAL = "culture_social", _("Culture and social affairs office")
    HEALTH_DEPARTMENT = "health_department", _("Health department or office")
    HEALTH_CENTRE = "health_centre", _("Health centre or station")
    EDUCATION = "education", _("Education office")
    CULTURE = "culture", _("Culture, sport and tourism office")
    JUSTICE = "justice", _("Justice office")
    HOME_AFFAIRS = "home_affairs", _("Home affairs office")
    FINANCE = "finance", _("Finance office")
    AGRICULTURE = "agriculture", _("Agriculture and environment office")
    INFRASTRUCTURE = "infrastructure", _("Construction and transport office")
    INFORMATION = "information", _("Information, media and communication centre")
    POLICE = "police", _("Police")
    MILITARY = "military", _("Military command")
    WOMENS_UNION = "womens_union", _("Women's Union")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    YOUTH_UNION = "youth_union", _("Youth Union")
    FARMERS_UNION = "farmers_union", _("Farmers' Union")
    VETERANS = "veterans", _("Veterans' Association")
    RED_CROSS = "red_cross", _("Red Cross")
    SOCIAL_POLICY_BANK = "social_policy_bank", _("Bank for Social Policies")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    PWD_ASSOCIATION = "pwd_association", _("Association of persons with disabilities")
    PWD_SUPPORT_ASSOCIATION = "pwd_support_association", _("Association for the support of PWD and orphans")
    BLIND_ASSOCIATION = "blind_association", _("Association of the blind")
    AGENT_ORANGE_ASSOCIATION = "agent_orange_association", _("Association of Agent Orange victims")
    SOCIAL_PROTECTION_CENTRE = "social_protection_centre", _("Social protection centre")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(_("search key"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=40, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    unit_path = models.CharField(_("unit path"), max_length=64, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["unit_path", "name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name_folded"], name="agency_unit_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
