"""On PostgreSQL, a trigram index on ``name_folded`` so a name fragment (``LIKE '%slao%'``) is found
through the index instead of by walking the list order (hoanhap/people/selectors.py explains the plan).

PostgreSQL only: SQLite has no trigram index and keeps its plan. The index covers the records not merged
away, as the scope indexes do (0004). Reversing drops the index but keeps the ``pg_trgm`` extension, which
other objects may have come to use.
"""

from django.db import migrations

INDEX = "person_name_trgm"
FORWARD = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person "
    "USING gin (name_folded gin_trgm_ops) WHERE merged_into_id IS NULL",
)
BACKWARD = f"DROP INDEX IF EXISTS {INDEX}"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_sort_key_byte_order")]
    operations = [migrations.RunPython(forward, backward)]
