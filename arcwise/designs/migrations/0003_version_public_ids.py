# Give every existing version its own public id before 0004 makes the column unique.

import uuid

from django.db import migrations


def give_public_ids(apps, schema_editor):
    DesignVersion = apps.get_model('designs', 'DesignVersion')
    for version in DesignVersion.objects.filter(public_id=None).only('pk'):
        DesignVersion.objects.filter(pk=version.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ('designs', '0002_draft_guards'),
    ]

    operations = [
        migrations.RunPython(give_public_ids, migrations.RunPython.noop),
    ]
