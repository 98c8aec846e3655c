# The hash made NOT NULL and unique in a migration of its own: on PostgreSQL a table cannot be
# altered in the transaction that just updated its rows.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("nudges", "0006_hashed_feed_secret"),
    ]

    operations = [
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
