from __future__ import annotations

from django.db import migrations

from profiles.reference import ensure_reference_data


def load_reference_data(apps, schema_editor):
    """The disciplines and municipalities every install needs (a production install never runs seed_demo)."""
    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
