# Every change to a draft carries the state it was made from: revisions on drafts and
# phases, idempotency keys on what forms create, and a public id for each version.
# The public id is filled in by 0003 and made unique by 0004 (the documented three steps for
# a unique field on existing rows).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('designs', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='design',
            name='idempotency_key',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='designversion',
            name='idempotency_key',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='designversion',
            name='public_id',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='designversion',
            name='revision',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='phase',
            name='idempotency_key',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='phase',
            name='revision',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddConstraint(
            model_name='design',
            constraint=models.UniqueConstraint(fields=('owner', 'idempotency_key'), name='design_made_once_per_form'),
        ),
        migrations.AddConstraint(
            model_name='designversion',
            constraint=models.UniqueConstraint(fields=('design', 'idempotency_key'), name='version_made_once_per_form'),
        ),
        migrations.AddConstraint(
            model_name='designversion',
            constraint=models.CheckConstraint(condition=models.Q(('revision__gte', 1)), name='version_revision_positive'),
        ),
        migrations.AddConstraint(
            model_name='phase',
            constraint=models.UniqueConstraint(fields=('version', 'idempotency_key'), name='phase_added_once_per_form'),
        ),
        migrations.AddConstraint(
            model_name='phase',
            constraint=models.CheckConstraint(condition=models.Q(('revision__gte', 1)), name='phase_revision_positive'),
        ),
    ]
