from __future__ import annotations

from django.db import migrations


def load_reference_data(apps, schema_editor):
    from profiles.reference import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
