"""When a message may reach a client: never in their quiet hours. No Django import."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from arcwise.days import zone_or_utc

# Nothing arrives in the evening or the night, in the client's own time zone: a reminder
# that would land then waits for the morning.
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def outside_quiet_hours(due: datetime, zone: str) -> datetime:
    """`due`, or the end of the quiet hours it falls in (in UTC), whichever is later."""
    tz = zone_or_utc(zone)
    local = due.astimezone(tz)
    clock = local.time()
    if QUIET_UNTIL <= clock < QUIET_FROM:
        return due
    morning = local.date() if clock < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(morning, QUIET_UNTIL, tzinfo=tz).astimezone(UTC)
