import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('designs', '0003_version_public_ids'),
    ]

    operations = [
        migrations.AlterField(
            model_name='designversion',
            name='public_id',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
