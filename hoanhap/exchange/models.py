"""An import of a list: the file, the mapping of its columns, and every source row with what the import
makes of it.

Three kinds of list go through the same pipeline (``ImportTarget``): a commune's list of persons, which
registers and updates persons; a list of the persons who received one service, which records the
service for each registered person it names; and the attendance list of an activity, which adds its
participants.

Every source row is kept (its original cells, its class, its reasons and the values it would write), so
nothing of the file is lost: rejected rows go back to the officer as an error workbook, decisions are taken
row by row, and the commit marks each row as applied in the same transaction as the records it writes, so
an interrupted commit resumes exactly where it stopped.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoanhap.geo.models import AdminUnit


class ImportTarget(models.TextChoices):
    PERSONS = "persons", _("List of persons with disabilities")
    SERVICES = "services", _("List of persons who received a service")
    PARTICIPANTS = "participants", _("Attendance list of an activity")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Checked, not imported yet")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")


class RowClass(models.TextChoices):
    CREATE = "create", _("New person")
    UPDATE = "update", _("Updates a registered person")
    UNCHANGED = "unchanged", _("Already in the registry, no change")
    DUPLICATE_IN_FILE = "duplicate_in_file", _("Repeated in the file")
    POSSIBLE_DUPLICATE = "possible_duplicate", _("Possibly a registered person: needs a decision")
    REJECTED = "rejected", _("Rejected")
    NOT_DATA = "not_data", _("Not a person's row")


class Decision(models.TextChoices):
    NONE = "", _("Not decided yet")
    CREATE = "create", _("Register as a new person")
    UPDATE = "update", _("Update the registered person")
    SKIP = "skip", _("Do not import this row")


class PersonImport(models.Model):
    """One uploaded list. ``commune`` is the commune whose list it is (persons and services); an
    activity's attendance list belongs to the activity's unit, which ``unit_path`` repeats."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    target = models.CharField(
        _("kind of list"), max_length=12, choices=ImportTarget.choices, default=ImportTarget.PERSONS
    )
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_type = models.ForeignKey(
        "provision.ServiceType",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "provision.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What a row that leaves a cell empty takes: for a service list the date, provider agency (id),
    # funding source and cost; for an attendance list the kind of participant.
    defaults = models.JSONField(_("values for empty cells"), default=dict, blank=True)
    unit_path = models.CharField(_("unit path"), max_length=64, editable=False, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file hash (SHA-256)"), max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(_("file size"))
    stored_file = models.CharField(_("stored file"), max_length=255, blank=True)
    # {"<sheet>": {"header_rows": [..], "columns": [{"index", "letter", "label", "parent", "text", "field",
    # "proposed"}]}}: what was found and how the officer mapped it.
    layout = models.JSONField(_("columns and mapping"), default=dict)
    skipped_sheets = models.JSONField(_("sheets not imported"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    counts = models.JSONField(_("rows per class"), default=dict)
    applied = models.JSONField(_("changes written"), default=dict, blank=True)
    job = models.ForeignKey(
        "jobs.Job", verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import of a list")
        verbose_name_plural = _("imports of lists")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit_path", "-created_at"], name="import_scope_created")]

    def __str__(self) -> str:
        return self.file_name


class ImportRow(models.Model):
    person_import = models.ForeignKey(PersonImport, on_delete=models.CASCADE, related_name="rows")
    sheet = models.CharField(_("sheet"), max_length=100)
    row_number = models.PositiveIntegerField(_("row"))  # 1-based, as the spreadsheet shows it
    kind = models.CharField(_("kind of row"), max_length=20)  # reading.table.RowKind
    cells = models.JSONField(_("original cells"))  # JSON-safe: dates as ISO text, marked in ``cell_types``
    cell_types = models.CharField(_("cell types"), max_length=200, blank=True)
    section = models.CharField(_("section"), max_length=200, blank=True)
    row_class = models.CharField(_("class"), max_length=20, choices=RowClass.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)  # [{"field", "vi", "en"}]
    values = models.JSONField(_("values to write"), default=dict, blank=True)
    match = models.ForeignKey(
        "people.Person",
        verbose_name=_("registered person matched"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of_row = models.PositiveIntegerField(_("same as row"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    applied = models.BooleanField(_("written"), default=False)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person written"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["person_import", "id"]
        indexes = [
            models.Index(fields=["person_import", "row_class", "id"], name="import_row_class"),
            models.Index(fields=["person_import", "applied", "id"], name="import_row_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet}!{self.row_number}"


class ImportMapping(models.Model):
    """What a commune's officer mapped a column label to, proposed again for the commune's next file."""

    commune = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=12, choices=ImportTarget.choices, default=ImportTarget.PERSONS)
    label_key = models.CharField(max_length=300)
    field = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("remembered column mapping")
        verbose_name_plural = _("remembered column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "target", "label_key"], name="import_mapping_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label_key} → {self.field}"
