"""Database triggers that keep ``FactBacklog`` complete: every person whose record, disability
determinations, special groups or service records are inserted, changed or deleted is put in it, in the
same transaction as the change.

Triggers rather than signals or calls from the services, because the registry is also written in bulk
(imports through ``hoanhap.core.bulk``, merges with ``UPDATE … SET person_id``, the data generator): a
change the facts did not hear about would leave a figure wrong without anyone noticing. On PostgreSQL the
triggers run once per statement over its transition tables, so a bulk import of 100,000 persons adds one
``INSERT … SELECT`` to the backlog, not 100,000.
"""

from __future__ import annotations

from typing import Any

# Table → the column holding the person's id.
WATCHED = {
    "people_person": "id",
    "people_personspecialgroup": "person_id",
    "assessments_disabilitydetermination": "person_id",
    "provision_servicerecord": "person_id",
}
BACKLOG = "plans_factbacklog"
FUNCTION = "plans_fact_backlog_add"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format(
            'INSERT INTO {BACKLOG} (person_id) SELECT DISTINCT %1$I FROM new_rows WHERE %1$I IS NOT NULL '
            'ON CONFLICT DO NOTHING', TG_ARGV[0]);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format(
            'INSERT INTO {BACKLOG} (person_id) SELECT DISTINCT %1$I FROM old_rows WHERE %1$I IS NOT NULL '
            'ON CONFLICT DO NOTHING', TG_ARGV[0]);
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608 - constants of this module
_PG_REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
_SQLITE_ROWS = {"INSERT": ("NEW",), "UPDATE": ("NEW", "OLD"), "DELETE": ("OLD",)}


def _name(table: str, event: str) -> str:
    return f"plans_fact_{table}_{event.lower()}"


def _postgresql_statements() -> list[str]:
    statements = [_PG_FUNCTION]
    for table, column in WATCHED.items():
        for event, referencing in _PG_REFERENCING.items():
            statements.append(
                f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}('{column}')"
            )
    return statements


def _sqlite_statements() -> list[str]:
    statements = []
    for table, column in WATCHED.items():
        for event, rows in _SQLITE_ROWS.items():
            body = " ".join(
                f"INSERT OR IGNORE INTO {BACKLOG} (person_id) SELECT {row}.{column} "
                f"WHERE {row}.{column} IS NOT NULL;"
                for row in rows
            )
            statements.append(
                f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END"
            )
    return statements


def create_triggers(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = _postgresql_statements() if vendor == "postgresql" else _sqlite_statements()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_triggers(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in WATCHED:
        for event in _PG_REFERENCING:
            suffix = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)}{suffix}", params=None)
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()", params=None)
