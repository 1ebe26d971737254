"""On PostgreSQL, compare ``sort_key`` byte by byte whatever the database's locale.

The key is built so that plain byte order is Vietnamese name order (hoanhap/people/sorting.py). A cluster
created with a glibc locale such as en_US.UTF-8 or vi_VN.UTF-8 compares text ignoring punctuation and
spaces at first, which would misplace "An" and "Anh"; the "C" collation never does. SQLite already compares
bytes. (A later AlterField on this column must keep the collation: it is declared here, not in the model,
because "C" is not a collation name SQLite knows.)
"""

from django.db import migrations

FORWARD = 'ALTER TABLE people_person ALTER COLUMN sort_key TYPE varchar(320) COLLATE "C"'
BACKWARD = 'ALTER TABLE people_person ALTER COLUMN sort_key TYPE varchar(320) COLLATE "default"'


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_scope_indexes_unmerged")]
    operations = [migrations.RunPython(forward, backward)]
