"""Load the small-count suppression rule from hoanhap/plans/data/suppression.csv.

Re-run safely: a rule is identified by its start date. Later rules are recorded as new rows from a date,
never by editing this file.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "suppression.csv"


def load(apps, schema_editor):
    SuppressionRule = apps.get_model("plans", "SuppressionRule")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            SuppressionRule.objects.update_or_create(
                valid_from=row["valid_from"],
                defaults={
                    "threshold": int(row["threshold"]),
                    "valid_to": row["valid_to"] or None,
                    "legal_basis": row["legal_basis"],
                    "note": row["note"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
