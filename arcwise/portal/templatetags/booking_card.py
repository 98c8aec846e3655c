"""`{% booking_card page.client session as card %}`: what the portal home shows of booking
under the next session: its video link, and whether a move waits for the coach.

The card is one include on the portal home (the home page itself belongs to its own
layout); its data comes from here so the home's view and page builder need no change."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from arcwise.booking.models import MoveRequest, MoveStatus
from arcwise.booking.video import video_links_for
from arcwise.clients.models import Client
from arcwise.journeys.models import Session

register = template.Library()


@dataclass(frozen=True)
class BookingCard:
    video_link: str
    waiting: int


@register.simple_tag
def booking_card(client: Client, session: Session) -> BookingCard:
    """The video link of the client's next session (the one the home page shows) and how
    many moves they asked for wait for the coach: two queries."""
    link = video_links_for([session])[session.pk]
    waiting = MoveRequest.objects.filter(journey__client=client, status=MoveStatus.WAITING).count()
    return BookingCard(link, waiting)
