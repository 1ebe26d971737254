"""On PostgreSQL, two index changes that keep a province officer's name search under 50 ms at 1M persons
(bench/README.md has the figures; hoanhap/people/search_postgres.py explains the plan choice).

1. ``person_sort_cover``: the list order (``sort_key, id``) carrying ``unit_path`` and ``name_folded``, so
   the walk of the list order tests scope and name fragments inside the index, without reading the table
   (the list pages read a page's ids first: hoanhap/core/pagination.py).
2. ``person_name_trgm_pNN``: one trigram index per province of today's 34, each covering that province's
   path range. A search finds its matches among the province's persons rather than the whole country's;
   a commune's range lies inside its province's, so the planner uses them for commune officers too. The
   province codes are those of the 2025 reorganisation (Resolution 202/2025/QH15); a province created
   later is searched through the national index (0006) until a migration adds its own.

SQLite keeps its plans: it has no trigram index and reads the same rows either way.
"""

from django.db import migrations

PROVINCES = (  # noqa: SIM905 - one line reads better than 34
    "01 04 08 11 12 14 15 19 20 22 24 25 31 33 37 38 40 42 44 46 48 51 52 56 66 68 75 79 80 82 86 91 92 96"
).split()

FORWARD = [
    "CREATE INDEX IF NOT EXISTS person_sort_cover ON people_person (sort_key, id) "
    "INCLUDE (unit_path, name_folded) WHERE merged_into_id IS NULL",
    *(
        f"CREATE INDEX IF NOT EXISTS person_name_trgm_p{code} ON people_person "
        f"USING gin (name_folded gin_trgm_ops) WHERE merged_into_id IS NULL "
        f"AND unit_path >= '/c/{code}/' AND unit_path < '/c/{code}/~'"
        for code in PROVINCES
    ),
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_sort_cover",
    *(f"DROP INDEX IF EXISTS person_name_trgm_p{code}" for code in PROVINCES),
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0007_population_event_report")]
    operations = [migrations.RunPython(forward, backward)]
