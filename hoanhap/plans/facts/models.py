"""The tables of the indicator facts (see the package's docstring). Nothing here is entered by a user: the
rows are derived from the registry and rebuilt at will (``hoanhap build-figures``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IndicatorFact(models.Model):
    """A person as the figures of ``year`` see them on 31 December: the person's own row (``registered``,
    in their commune, with the service types recorded there) and one row for each other commune where
    they received services that year."""

    year = models.PositiveSmallIntegerField(_("year"))
    # Plain ids, not foreign keys: the rows are rebuilt from the registry, never the other way round.
    person_id = models.BigIntegerField(_("person id"))
    unit_path = models.CharField(_("unit path"), max_length=64)
    registered = models.BooleanField(_("the person's own commune"))
    # The person has more than one row this year: counts of persons over such rows count them once.
    shared = models.BooleanField(_("person on several rows"))
    sex = models.CharField(_("sex"), max_length=6)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    # NULL as the person's foreign key is NULL (no ethnic group recorded).
    ethnicity_id = models.CharField(_("ethnicity"), max_length=2, null=True, blank=True)  # noqa: DJ001
    household = models.CharField(_("household"), max_length=10, blank=True)
    status = models.CharField(_("status on 31 December"), max_length=10)
    special_groups = models.IntegerField(_("special groups (bits)"))
    severity = models.CharField(_("severity"), max_length=20, blank=True)  # "": no determination
    disability_types = models.IntegerField(_("disability types (bits)"))
    service_types = models.BigIntegerField(_("service types received (bits)"))

    class Meta:
        verbose_name = _("indicator fact")
        verbose_name_plural = _("indicator facts")
        indexes = [
            models.Index(fields=["year", "unit_path"], name="fact_year_unit"),
            models.Index(fields=["person_id"], name="fact_person"),
            # The few rows of persons served in several communes, counted again to take off repeats.
            models.Index(fields=["year", "unit_path"], condition=Q(shared=True), name="fact_shared"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.person_id} {self.unit_path}"


class FactYear(models.Model):
    """A year whose facts are built. ``layout`` names the order of the bits the rows were written with: a
    year built with another layout is not read (it is built again)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    layout = models.CharField(_("layout"), max_length=64)
    built_at = models.DateTimeField(_("built"))

    class Meta:
        verbose_name = _("year of indicator facts")
        verbose_name_plural = _("years of indicator facts")

    def __str__(self) -> str:
        return str(self.year)


class FactServiceType(models.Model):
    """The bit of a service type in ``IndicatorFact.service_types``. Bits are given once and never reused,
    so the rows already written stay right when types are added; a type beyond the 63rd has none and its
    counts are made from the records."""

    service_type_id = models.BigIntegerField(_("service type id"), primary_key=True)
    bit = models.PositiveSmallIntegerField(_("bit"), unique=True)
    mask = models.BigIntegerField(_("mask"))

    class Meta:
        verbose_name = _("service type bit")
        verbose_name_plural = _("service type bits")

    def __str__(self) -> str:
        return f"{self.service_type_id}: {self.bit}"


class FactBacklog(models.Model):
    """A person whose facts are out of date: filled by the database triggers (``facts.triggers``), emptied
    by ``facts.build.facts_refresh`` before figures are read."""

    person_id = models.BigIntegerField(_("person id"), primary_key=True)

    class Meta:
        verbose_name = _("person awaiting new facts")
        verbose_name_plural = _("persons awaiting new facts")

    def __str__(self) -> str:
        return str(self.person_id)
