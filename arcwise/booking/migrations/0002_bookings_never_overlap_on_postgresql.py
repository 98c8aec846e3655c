"""Two bookings of one coach never overlap, buffer included: PostgreSQL refuses the second
with an exclusion constraint (btree_gist lets one GiST index compare the coach's id for
equality and the held time for overlap). SQLite has no such constraint: there the service
locks the coach's availability row and checks inside the transaction."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE booking_booking ADD CONSTRAINT booking_never_overlaps
    EXCLUDE USING gist (
        coach_id WITH =,
        tstzrange(starts_at, held_until, '[)') WITH &&
    ) WHERE (released_at IS NULL);
"""
DROP = "ALTER TABLE booking_booking DROP CONSTRAINT IF EXISTS booking_never_overlaps;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_availability_bookings_moves_video_links")]

    operations = [migrations.RunPython(create, drop)]
