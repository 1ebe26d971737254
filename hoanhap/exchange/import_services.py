"""Importing a list: upload → analyse (the dry run) → map and decide → commit.

Pipeline (after pretix's importer): the upload keeps the file and finds its table; the analysis converts
and classifies every source row and stores it (``ImportRow``), writing nothing to the registry; the officer
may change the column mapping (analysed again) and decide on possible duplicates; the commit writes the
rows that create or update records, in chunks, each chunk in one transaction that also marks its rows as
written. So a commit interrupted anywhere (a crash, a restart, a killed worker) resumes where it stopped,
and running it again writes nothing twice; importing the same file again finds its records already there
and changes nothing.

The same pipeline takes three kinds of list (``ImportTarget``): a commune's list of persons, a list of
the persons of a commune who received one service (``service_list_upload``), and an activity's attendance
list (``attendance_list_upload``). Who may work on a list depends on its kind (``may_manage_import``): the
registry's officers for persons; for services and activities, whoever may record them there
(``provision.reach``), agency reporters included.

This module holds the upload, the mapping, the decisions and what the steps share; the analysis is in
``import_analysis``, the commit in ``import_commit``, what is particular to service and attendance lists
in ``import_records`` (rows), ``import_records_match`` (classification) and ``import_records_commit``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.bulk import cycle_collection_paused
from hoanhap.core.exceptions import ApplicationError
from hoanhap.exchange.models import (
    Decision,
    ImportMapping,
    ImportRow,
    ImportStatus,
    ImportTarget,
    PersonImport,
    RowClass,
)
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.headers import label_key
from hoanhap.exchange.reading.table import Table, read_tables
from hoanhap.exchange.reading.workbook import MAX_DATA_ROWS
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.provision.models import Activity, FundingSource, ParticipantKind, ServiceType
from hoanhap.provision.reach import may_record

logger = logging.getLogger(__name__)

MANAGE = "registry.manage"
MAX_FILE_BYTES = 50 * 1024 * 1024
WRITES = (RowClass.CREATE, RowClass.UPDATE, RowClass.POSSIBLE_DUPLICATE)

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str = "") -> None:
    return None


def check_actor(actor: Any, commune: AdminUnit) -> None:
    """May ``actor`` import a list of persons of ``commune``."""
    if not actor.has_capability(MANAGE):
        raise ApplicationError(_("You cannot import persons."), code="forbidden")
    _check_commune(actor, commune)


def _check_commune(actor: Any, commune: AdminUnit) -> None:
    if commune.edition != Edition.CURRENT or commune.tier != Tier.COMMUNE:
        raise ApplicationError(_("Choose a commune of today's administrative units."), field="commune")
    if not actor.scope.covers(commune.path):
        raise ApplicationError(_("This commune is outside your area."), code="out_of_scope", field="commune")


def may_manage_import(actor: Any, person_import: PersonImport) -> bool:
    """Whether ``actor`` may map, decide on, import or cancel ``person_import``."""
    if person_import.target == ImportTarget.PERSONS:
        return actor.has_capability(MANAGE) and actor.scope.covers(person_import.unit_path)
    return may_record(actor, domain=import_domain(person_import), unit_path=person_import.unit_path)


def import_domain(person_import: PersonImport) -> str:
    """The domain of what a service or attendance list records ("" for a list of persons)."""
    if person_import.target == ImportTarget.SERVICES and person_import.service_type is not None:
        return person_import.service_type.domain
    if person_import.target == ImportTarget.PARTICIPANTS and person_import.activity is not None:
        return person_import.activity.domain
    return ""


def check_import_actor(actor: Any, person_import: PersonImport) -> None:
    """``ApplicationError`` unless ``actor`` may work on ``person_import`` (the rule of its kind)."""
    if person_import.target == ImportTarget.PERSONS and person_import.commune is not None:
        check_actor(actor, person_import.commune)
    elif not may_manage_import(actor, person_import):
        raise ApplicationError(_("You cannot import this list."), code="forbidden")


def list_commune(person_import: PersonImport) -> AdminUnit:
    """The commune of a list of persons or of a service list (an attendance list has none)."""
    if person_import.commune is None:
        raise ValueError(f"The import {person_import.pk} is the list of no commune.")
    return person_import.commune


def import_file_path(person_import: PersonImport) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / person_import.stored_file


def requires_birth(person_import: PersonImport) -> bool:
    """Whether the list's header needs a birth column: an attendance list does not (staff are listed
    without one)."""
    return person_import.target != ImportTarget.PARTICIPANTS


# --- Upload ----------------------------------------------------------------------------------------------


@cycle_collection_paused()
@transaction.atomic
def person_import_upload(*, actor: Any, commune: AdminUnit, file_name: str, content: bytes) -> PersonImport:
    """Keep the file and find its table(s); ``ApplicationError`` when it is no readable list.

    Nothing is classified yet: ``person_import_analyse`` does that (a background job for large files).
    """
    check_actor(actor, commune)
    person_import = PersonImport(commune=commune, unit_path=commune.path)
    return _upload(actor, person_import, file_name=file_name, content=content)


@dataclass(frozen=True)
class ServiceListDefaults:
    """What the rows of a service list take where their cells say nothing: the list's title usually
    gives the date, and the provider and the funding are the same for the whole list."""

    delivered_on: date | None = None
    provider: Agency | None = None
    funding_source: str = ""
    cost: int | None = None


@cycle_collection_paused()
@transaction.atomic
def service_list_upload(
    *,
    actor: Any,
    commune: AdminUnit,
    service_type: ServiceType,
    defaults: ServiceListDefaults,
    file_name: str,
    content: bytes,
) -> PersonImport:
    """Keep a list of the persons of ``commune`` who received ``service_type``; analysed next, like a
    list of persons. The actor must be able to record that service in the commune."""
    _check_commune(actor, commune)
    if not service_type.is_active:
        raise ApplicationError(_("This service type is no longer in use."), field="service_type")
    if not may_record(actor, domain=service_type.domain, unit_path=commune.path):
        raise ApplicationError(
            _("You cannot record this service in this commune."), code="forbidden", field="service_type"
        )
    if defaults.delivered_on is not None and defaults.delivered_on > timezone.localdate():
        raise ApplicationError(_("The date of the service cannot be in the future."), field="delivered_on")
    if defaults.funding_source and defaults.funding_source not in FundingSource.values:
        raise ApplicationError(_("Choose a funding source."), field="funding_source")
    if defaults.cost is not None and defaults.cost < 0:
        raise ApplicationError(_("Enter the cost in đồng, 0 or more."), field="cost")
    person_import = PersonImport(
        target=ImportTarget.SERVICES,
        commune=commune,
        unit_path=commune.path,
        service_type=service_type,
        defaults={
            "delivered_on": defaults.delivered_on.isoformat() if defaults.delivered_on else None,
            "provider": defaults.provider.pk if defaults.provider else None,
            "funding_source": defaults.funding_source,
            "cost": defaults.cost,
        },
    )
    return _upload(actor, person_import, file_name=file_name, content=content)


ANY_KIND = ""  # an attendance list with a column saying each participant's kind


@cycle_collection_paused()
@transaction.atomic
def attendance_list_upload(
    *, actor: Any, activity: Activity, participant_kind: str, file_name: str, content: bytes
) -> PersonImport:
    """Keep an attendance list of ``activity``. ``participant_kind``: the kind of everyone it lists (a
    class of staff, a group of PWD), or ``ANY_KIND`` when a column says it row by row."""
    if not may_record(actor, domain=activity.domain, unit_path=activity.unit_path):
        raise ApplicationError(_("You cannot record participants of this activity."), code="forbidden")
    if participant_kind not in (ANY_KIND, *ParticipantKind.values):
        raise ApplicationError(_("Choose who the list names."), field="participant_kind")
    person_import = PersonImport(
        target=ImportTarget.PARTICIPANTS,
        unit_path=activity.unit_path,
        activity=activity,
        defaults={"participant_kind": participant_kind},
    )
    return _upload(actor, person_import, file_name=file_name, content=content)


def _upload(actor: Any, person_import: PersonImport, *, file_name: str, content: bytes) -> PersonImport:
    if not content:
        raise ApplicationError(_("The file is empty."), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise ApplicationError(
            _("The file is larger than %(size)d MB: split the list into several files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)},
            field="file",
        )
    file_name = Path(file_name).name[:255] or "list"
    person_import.file_name = file_name
    person_import.file_sha256 = hashlib.sha256(content).hexdigest()
    person_import.file_size = len(content)
    person_import.created_by = actor
    suffix = Path(file_name).suffix.lower()[:8]
    person_import.stored_file = f"{person_import.pk}{suffix}"
    path = import_file_path(person_import)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    try:
        search = read_tables(path, file_name=file_name, require_birth=requires_birth(person_import))
    except ApplicationError as error:
        path.unlink(missing_ok=True)
        error.field = "file"
        raise
    if not search.tables:
        path.unlink(missing_ok=True)
        reasons = "; ".join(f"{sheet.name}: {sheet.reason}" for sheet in search.skipped)
        raise ApplicationError(
            _("No list of persons was found in the file (%(reasons)s).") % {"reasons": reasons}, field="file"
        )
    data_rows = sum(len(table.data_rows) for table in search.tables)
    if data_rows > MAX_DATA_ROWS:
        path.unlink(missing_ok=True)
        raise ApplicationError(
            _("The file has %(rows)d persons; an import takes at most %(limit)d. Split the list.")
            % {"rows": data_rows, "limit": MAX_DATA_ROWS},
            field="file",
        )
    person_import.layout = _layout(search.tables, person_import)
    person_import.skipped_sheets = [
        {"sheet": sheet.name, "reason": str(sheet.reason)} for sheet in search.skipped
    ]
    person_import.save()
    audit_record(
        actor=actor,
        action="exchange.import.uploaded",
        obj=person_import,
        unit_path=person_import.unit_path,
        new={
            "file_name": file_name,
            "sha256": person_import.file_sha256,
            "size": person_import.file_size,
            "target": person_import.target,
            "commune": person_import.commune.code if person_import.commune else None,
            "service_type": person_import.service_type_id,
            "activity": person_import.activity_id,
            "defaults": person_import.defaults,
            "sheets": list(person_import.layout),
        },
    )
    return person_import


def _remembered(person_import: PersonImport) -> dict[str, str]:
    """The fields the commune's officers chose for each label in their earlier lists of the same kind."""
    if person_import.commune is None:
        return {}
    return dict(
        ImportMapping.objects.filter(commune=person_import.commune, target=person_import.target).values_list(
            "label_key", "field"
        )
    )


def _layout(tables: list[Table], person_import: PersonImport) -> dict[str, Any]:
    """What was found in each sheet, with the mapping: the commune's remembered choice for a label, or
    the recognised field as the kind of list reads it."""
    remembered = _remembered(person_import)
    target = person_import.target
    layout: dict[str, Any] = {}
    for table in tables:
        columns = []
        for column in table.columns:
            key = label_key(column.label)
            proposed = f.field_for_target(column.field, target)
            field = remembered.get(key, proposed) if key else proposed
            columns.append(
                {
                    "index": column.index,
                    "letter": column.letter,
                    "label": column.label,
                    "parent": column.heading.parent,
                    "text": column.heading.text,
                    "field": field if field in f.TARGET_FIELDS[target] else f.IGNORE,
                    "proposed": proposed,
                }
            )
        layout[table.sheet] = {"header_rows": list(table.header_rows), "columns": columns}
    return layout


def column_mapping(person_import: PersonImport, sheet: str) -> dict[int, str]:
    return {column["index"]: column["field"] for column in person_import.layout[sheet]["columns"]}


# --- Mapping and decisions -------------------------------------------------------------------------------


@transaction.atomic
def person_import_map(
    *, actor: Any, person_import: PersonImport, sheet: str, mapping: Mapping[int, str]
) -> PersonImport:
    """Change the fields of a sheet's columns (remembered for the commune's next file). The caller then
    analyses the import again. Each field but "do not import" may be taken by one column only."""
    check_open(actor, person_import)
    if sheet not in person_import.layout:
        raise ApplicationError(_("The file has no such sheet."), field="sheet")
    taken: dict[str, str] = {}
    columns = person_import.layout[sheet]["columns"]
    allowed = f.TARGET_FIELDS[person_import.target]
    for column in columns:
        field = mapping.get(column["index"], column["field"])
        if field not in allowed:
            raise ApplicationError(_("Choose a field from the list."), field=f"column_{column['index']}")
        if field != f.IGNORE and field in taken:
            raise ApplicationError(
                _("Columns %(first)s and %(second)s are both mapped to “%(field)s”: keep one.")
                % {"first": taken[field], "second": column["letter"], "field": f.FIELD_LABELS[field]},
                field=f"column_{column['index']}",
            )
        taken[field] = column["letter"]
        column["field"] = field
    if not any(column["field"] == f.FULL_NAME for column in columns):
        raise ApplicationError(_("Map one column to the full name."), field="mapping")
    person_import.save(update_fields=["layout"])
    for column in columns:
        key = label_key(column["label"])
        if key and person_import.commune is not None:
            ImportMapping.objects.update_or_create(
                commune=person_import.commune,
                target=person_import.target,
                label_key=key,
                defaults={"field": column["field"]},
            )
    audit_record(
        actor=actor,
        action="exchange.import.mapped",
        obj=person_import,
        unit_path=person_import.unit_path,
        new={"sheet": sheet, "mapping": {column["letter"]: column["field"] for column in columns}},
    )
    return person_import


@transaction.atomic
def person_import_decide(*, actor: Any, person_import: PersonImport, decisions: Mapping[int, str]) -> int:
    """Record the officer's decision on possible duplicates (row id → create/update/skip)."""
    check_open(actor, person_import)
    rows = ImportRow.objects.filter(
        person_import=person_import, pk__in=list(decisions), row_class=RowClass.POSSIBLE_DUPLICATE
    )
    changed = 0
    for row in rows:
        decision = decisions[row.pk]
        if decision not in Decision.values:
            raise ApplicationError(_("Choose what to do with the row."), field=f"decision_{row.pk}")
        if decision != row.decision:
            row.decision = decision
            row.save(update_fields=["decision"])
            changed += 1
    if changed:
        audit_record(
            actor=actor,
            action="exchange.import.decided",
            obj=person_import,
            unit_path=person_import.unit_path,
            new={"decisions": {str(row_id): value for row_id, value in decisions.items()}},
        )
    return changed


def check_open(actor: Any, person_import: PersonImport) -> None:
    check_import_actor(actor, person_import)
    if person_import.status != ImportStatus.PREVIEW:
        raise ApplicationError(_("This import can no longer be changed."), code="import_closed")


@transaction.atomic
def person_import_cancel(*, actor: Any, person_import: PersonImport) -> PersonImport:
    check_open(actor, person_import)
    person_import.status = ImportStatus.CANCELLED
    person_import.save(update_fields=["status"])
    import_file_path(person_import).unlink(missing_ok=True)
    audit_record(
        actor=actor, action="exchange.import.cancelled", obj=person_import, unit_path=person_import.unit_path
    )
    return person_import
