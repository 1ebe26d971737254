"""Administrative units of Vietnam in two editions, and how the old ones became the new ones.

* legacy: the three-level structure (63 provinces → districts → communes) valid until 30 June 2025;
* current: the two-level structure (34 provinces → 3,321 communes) valid from 1 July 2025.

Codes are unique only within an edition (a new commune often keeps the code of one of the old communes it
absorbed), so a unit is identified by (edition, code). ``path`` is the materialised path from the root of
its edition ("/c/20/05977/", "/l/20/186/06070/"): every unit below X has a path starting with X's path.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Edition(models.TextChoices):
    CURRENT = "current", _("Current (from 1 July 2025)")
    LEGACY = "legacy", _("Before 1 July 2025")


EDITION_PATH_PREFIX = {Edition.CURRENT: "c", Edition.LEGACY: "l"}


class Tier(models.TextChoices):
    PROVINCE = "province", _("Province level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


class UnitType(models.TextChoices):
    PROVINCE = "province", _("Province")
    MUNICIPALITY = "municipality", _("Centrally-run city")
    URBAN_DISTRICT = "urban_district", _("Urban district")
    RURAL_DISTRICT = "rural_district", _("Rural district")
    TOWN = "town", _("District-level town")
    PROVINCIAL_CITY = "provincial_city", _("Provincial city")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township")
    SPECIAL_ZONE = "special_zone", _("Special zone")


TIER_OF_TYPE = {
    UnitType.PROVINCE: Tier.PROVINCE,
    UnitType.MUNICIPALITY: Tier.PROVINCE,
    UnitType.URBAN_DISTRICT: Tier.DISTRICT,
    UnitType.RURAL_DISTRICT: Tier.DISTRICT,
    UnitType.TOWN: Tier.DISTRICT,
    UnitType.PROVINCIAL_CITY: Tier.DISTRICT,
    UnitType.COMMUNE: Tier.COMMUNE,
    UnitType.WARD: Tier.COMMUNE,
    UnitType.TOWNSHIP: Tier.COMMUNE,
    UnitType.SPECIAL_ZONE: Tier.COMMUNE,
}


class AdminUnit(models.Model):
    edition = models.CharField(_("edition"), max_length=10, choices=Edition.choices)
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=150)
    name_folded = models.CharField(_("search key"), max_length=150, db_index=True)
    type = models.CharField(_("type"), max_length=20, choices=UnitType.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    level = models.PositiveSmallIntegerField(_("level"), help_text=_("Depth in the tree; provinces are 1."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=64, unique=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="unit_edition_code_unique")]
        indexes = [models.Index(fields=["edition", "tier"], name="unit_edition_tier")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.edition == Edition.CURRENT

    @property
    def province_code(self) -> str:
        """The code of the province the unit lies in (its own code for a province)."""
        return self.path.split("/")[2]


class AdminUnitSuccession(models.Model):
    """A legacy unit became (all or part of) a current unit on the reorganisation date."""

    predecessor = models.ForeignKey(
        AdminUnit, verbose_name=_("former unit"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdminUnit, verbose_name=_("new unit"), on_delete=models.CASCADE, related_name="predecessions"
    )
    is_split = models.BooleanField(
        _("split"), default=False, help_text=_("The former unit was divided among several new units.")
    )
    effective_date = models.DateField(_("effective date"))

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
