"""`{% booking_card page.client as card %}`: what the portal home's booking card shows.

The card is one include on the portal home (the home page itself belongs to its own
layout); its data comes from here so the home's view and page builder need no change."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from arcwise.booking.models import MoveRequest, MoveStatus
from arcwise.booking.queries import movable_sessions
from arcwise.booking.video import video_links_for
from arcwise.clients.models import Client
from arcwise.journeys.models import Session

register = template.Library()


@dataclass(frozen=True)
class BookingCard:
    next_session: Session | None
    video_link: str
    waiting: int


@register.simple_tag
def booking_card(client: Client) -> BookingCard:
    """The client's next session ahead, its video link and how many moves wait: three
    queries at most."""
    session = movable_sessions(client, timezone.now()).first()
    if session is None:
        return BookingCard(None, "", 0)
    link = video_links_for([session])[session.pk]
    waiting = MoveRequest.objects.filter(journey__client=client, status=MoveStatus.WAITING).count()
    return BookingCard(session, link, waiting)
