"""An invitation (.ics) for one session, for the client's calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from arcwise.booking.video import video_links_for
from arcwise.journeys.models import Session
from arcwise.nudges.feeds import add_video_link
from arcwise.nudges.ics_zones import add_zones


def session_invitation(session: Session, *, zone: ZoneInfo, host: str) -> bytes:
    """One VEVENT in the client's time zone (with its VTIMEZONE), so a calendar keeps the
    wall time across a daylight-saving change. The coach's notes are never part of it."""
    calendar = Calendar()
    calendar.add("prodid", "-//Arcwise//Client portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    starts = session.starts_at.astimezone(zone)
    event.add("uid", f"session-{session.public_id}@{host}")
    now = datetime.now(UTC)
    event.add("dtstamp", now)
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=session.minutes))
    event.add("summary", "Coaching session")
    add_video_link(event, video_links_for([session]).get(session.pk, ""))
    calendar.add_component(event)
    add_zones(calendar, [zone], year=now.year)
    return calendar.to_ical()
