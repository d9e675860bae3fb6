"""Database triggers that refuse UPDATE and DELETE of audit rows (see trygga.audit.protection)."""

from django.db import migrations


def install(apps, schema_editor):
    from trygga.audit import protection

    protection.install(schema_editor.connection)


def remove(apps, schema_editor):
    from trygga.audit import protection

    protection.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_actions_without_choices_municipality_permit")]

    operations = [migrations.RunPython(install, remove)]
