"""Load the national entitlement rules from hoanhap/benefits/data/parameters.csv.

Re-run safely: a row is identified by its rule and start month. Later rules are recorded by administrators
(``benefit_parameter_add``), never by editing this file.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "parameters.csv"


def load(apps, schema_editor):
    BenefitParameter = apps.get_model("benefits", "BenefitParameter")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            BenefitParameter.objects.update_or_create(
                code=row["code"],
                unit_path="",
                valid_from=row["valid_from"],
                defaults={
                    "value": Decimal(row["value"]) if row["value"] else None,
                    "text_value": row["text_value"],
                    "valid_to": row["valid_to"] or None,
                    "legal_basis": row["legal_basis"],
                    "confidence": row["confidence"],
                    "note": row["note"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
