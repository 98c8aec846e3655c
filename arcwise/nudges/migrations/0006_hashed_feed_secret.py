"""A calendar feed keeps only the SHA-256 of its address's secret.

The addresses made before carried the old key and an HMAC of it made with SECRET_KEY; their
hash is stored here, so every coach's existing subscription keeps working.
"""

import hashlib

from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac

OLD_SALT = "arcwise.nudges.calendar_feed"


def hash_existing_addresses(apps, schema_editor):
    CalendarFeed = apps.get_model("nudges", "CalendarFeed")
    for feed in CalendarFeed.objects.all():
        key = feed.address_id.hex
        secret = key + salted_hmac(
            OLD_SALT, key, secret=settings.SECRET_KEY, algorithm="sha256"
        ).hexdigest()[:32]
        feed.token_hash = hashlib.sha256(secret.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("nudges", "0005_encrypt_nudge_body"),
    ]

    operations = [
        migrations.RenameField("calendarfeed", "key", "address_id"),
        migrations.AddField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_existing_addresses, migrations.RunPython.noop),
    ]
