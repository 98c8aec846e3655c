"""Booking in the demo, through the services a coach and a client use: Maya publishes her
week (Monday to Thursday, 09:00 to 17:00 in London, a quarter of an hour between sessions,
a day's notice) and a video link for Jordan's journey; Jordan books his next session at the
first free time its phase allows, and asks to move the one after outside its phase's weeks,
which waits for Maya's answer."""

from __future__ import annotations

from datetime import time

from django.utils import timezone

from arcwise.booking.queries import booking_page_for
from arcwise.booking.services import session_choose
from arcwise.booking.video import video_link_save
from arcwise.booking.week import availability_save
from arcwise.journeys.models import Journey

DEMO_VIDEO_LINK = "https://meet.example.com/jordan-ellis"
MONDAY_TO_THURSDAY = [(weekday, time(9), time(17)) for weekday in range(4)]


def jordan_books(journey: Journey) -> None:
    """Maya's week and video link; Jordan's booked session and his move waiting."""
    availability_save(
        practice=journey.practice,
        coach=journey.coach,
        expected_version=0,
        buffer_minutes=15,
        notice_hours=24,
        ranges=MONDAY_TO_THURSDAY,
    )
    video_link_save(journey=journey, url=DEMO_VIDEO_LINK, expected_version=0)
    client = journey.client
    page = booking_page_for(client, session_id=None, now=timezone.now())
    if page.chosen is not None and page.chosen.inside:
        session = page.chosen.session
        session_choose(
            session=session,
            starts_at=page.chosen.inside[0].slots[0],
            from_starts_at=session.starts_at,
        )
    later = booking_page_for(client, session_id=None, now=timezone.now()).sessions[1:2]
    if later:
        page = booking_page_for(client, session_id=later[0].public_id, now=timezone.now())
        if page.chosen is not None and page.chosen.outside:
            session = page.chosen.session
            session_choose(
                session=session,
                starts_at=page.chosen.outside[0].slots[0],
                from_starts_at=session.starts_at,
            )
