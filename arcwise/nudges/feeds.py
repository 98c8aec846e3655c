"""Sessions as an iCalendar (RFC 5545) file, built with the `icalendar` library.

Times are written in the viewer's time zone with a TZID, and the matching VTIMEZONE
is written as yearly rules from the tz database (`ics_zones`), which every calendar reads
alike. A calendar then shows
a 10:00 session at 10:00 on both sides of a daylight-saving change, and a reader that
ignores VTIMEZONE still has the zone's name. Stored times are UTC instants, so what is
converted is exact; UTC ("Z") times would be as correct but leave the calendar without
the zone the coach works in.

Only what the caller puts in a summary leaves Arcwise: no notes, no surnames, no e-mail
addresses. The portal reuses `sessions_calendar` for a client's own sessions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from arcwise.days import zone_or_utc
from arcwise.journeys.models import Session, SessionStatus
from arcwise.nudges.ics_zones import add_zones

PRODID = "-//Arcwise//Coaching sessions//EN"
UID_DOMAIN = "arcwise"


def session_uid(session: Session) -> str:
    """Stable for the life of the session, so a calendar updates an event instead of adding."""
    return f"session-{session.public_id}@{UID_DOMAIN}"


def add_video_link(event: Event, link: str) -> None:
    """Where to join: LOCATION and URL, which calendars show as a link, and the description."""
    if link:
        event.add("location", link)
        event.add("url", link)
        event.add("description", f"Join the session: {link}")


def sessions_calendar(
    sessions: Iterable[Session],
    *,
    name: str,
    time_zone: str,
    summary: Callable[[Session], str],
    now: datetime,
    links: Mapping[int, str] | None = None,
) -> bytes:
    """A VCALENDAR with one VEVENT per session, in `time_zone`.

    `summary` words each event (the coach's feed: "Session with Ana"); `now` is the
    DTSTAMP. Cancelled sessions are sent as STATUS:CANCELLED so a calendar that already
    holds them marks them, rather than keeping a stale event. `links` are video links by
    session pk, written as the event's LOCATION and URL.
    """
    zone = zone_or_utc(time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    for session in sessions:
        starts = session.starts_at.astimezone(zone)
        event = Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", now)
        event.add("dtstart", starts)
        event.add("dtend", starts + timedelta(minutes=session.minutes))
        event.add("summary", summary(session))
        add_video_link(event, (links or {}).get(session.pk, ""))
        if session.status == SessionStatus.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    add_zones(calendar, [zone], year=now.year)
    return calendar.to_ical()
