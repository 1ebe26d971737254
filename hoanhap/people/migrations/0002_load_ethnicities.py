"""Load the ethnic groups from hoanhap/people/data/ethnicities.csv (re-run safely: rows are upserted)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "ethnicities.csv"


def load(apps, schema_editor):
    Ethnicity = apps.get_model("people", "Ethnicity")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Ethnicity.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
