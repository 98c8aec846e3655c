"""Reads for booking pages: the client's page of free times, the coach's waiting moves, and
the journey page's section. Each costs a fixed number of queries, however many sessions,
bookings or requests there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import Http404

from arcwise.booking.forms import MoveDecisionForm, VideoLinkForm
from arcwise.booking.models import Availability, MoveRequest, MoveStatus, VideoLink
from arcwise.booking.slots import free_slots
from arcwise.booking.video import video_links_for
from arcwise.booking.week import busy_of, week_of
from arcwise.booking.windows import Window, stages_of, window_of
from arcwise.clients.models import Client
from arcwise.days import zone_or_utc
from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import OPEN_STATUSES, Journey, Session, SessionStatus
from arcwise.journeys.pages.state import JourneyState

# How many days of free times a page offers: enough to choose, short enough for a phone.
DAYS_SHOWN = 14
# How far past (or before) the window a client may ask the coach for a time.
ASK_DAYS = 21


@dataclass(frozen=True)
class SlotDay:
    """One day (in the client's zone) and its free starts."""

    day: date
    slots: list[datetime]


@dataclass
class SessionChoice:
    """One session being booked or moved: its window and the free times in and outside it."""

    session: Session
    window: Window
    inside: list[SlotDay] = field(default_factory=list)
    outside: list[SlotDay] = field(default_factory=list)
    waiting: MoveRequest | None = None
    video_link: str = ""


@dataclass
class BookingPage:
    client: Client
    zone: ZoneInfo
    sessions: list[Session]
    links: dict[int, str]
    published: bool = False
    chosen: SessionChoice | None = None


def _by_day(slots: list[datetime], zone: ZoneInfo, limit: int) -> list[SlotDay]:
    days: dict[date, list[datetime]] = {}
    for slot in slots:
        day = slot.astimezone(zone).date()
        if day not in days and len(days) == limit:
            break
        days.setdefault(day, []).append(slot)
    return [SlotDay(day, found) for day, found in days.items()]


def movable_sessions(client: Client, now: datetime) -> QuerySet[Session]:
    """The client's planned sessions still ahead, in open journeys: what they may book."""
    return (
        Session.objects.filter(
            journey__client=client,
            journey__status__in=OPEN_STATUSES,
            status=SessionStatus.PLANNED,
            starts_at__gt=now,
        )
        .select_related("journey", "journey__coach", "phase")
        .only(
            "public_id",
            "journey_id",
            "phase_id",
            "starts_at",
            "minutes",
            "status",
            "phase__name",
            "journey__public_id",
            "journey__practice_id",
            "journey__coach_id",
            "journey__coach__name",
            "journey__start_date",
            "journey__planned_end",
            "journey__status",
        )
        .order_by("starts_at", "pk")
    )


def booking_page_for(client: Client, *, session_id: UUID | None, now: datetime) -> BookingPage:
    """The client's booking page: their sessions ahead and, for the one chosen (the next by
    default), the free times inside its window and those outside it the coach would decide.
    Eight queries at most, however many sessions and bookings."""
    zone = zone_or_utc(client.time_zone)
    sessions = list(movable_sessions(client, now))
    page = BookingPage(client=client, zone=zone, sessions=sessions, links={})
    found = [s for s in sessions if session_id is None or s.public_id == session_id]
    if session_id is not None and not found:
        raise Http404("No such session")
    if not found:
        return page
    session = found[0]
    page.links = video_links_for(sessions)
    journey = session.journey
    availability = (
        Availability.objects.filter(practice_id=journey.practice_id, coach_id=journey.coach_id)
        .prefetch_related("ranges")
        .first()
    )
    window = window_of(session, journey, stages_of(journey))
    choice = SessionChoice(session=session, window=window, video_link=page.links[session.pk])
    choice.waiting = MoveRequest.objects.filter(session=session, status=MoveStatus.WAITING).first()
    page.chosen = choice
    if availability is None:
        return page
    page.published = True
    today = now.astimezone(zone_or_utc(availability.time_zone)).date()
    first = max(today, journey.start_date)
    last = min(window.last + timedelta(days=ASK_DAYS), journey.planned_end)
    if last < first:
        return page
    busy = busy_of(
        practice_id=journey.practice_id,
        coach_id=journey.coach_id,
        first=datetime.combine(first, datetime.min.time(), zone) - timedelta(days=1),
        last=datetime.combine(last, datetime.min.time(), zone) + timedelta(days=2),
        leaving_out=session.pk,
    )
    slots = free_slots(
        week_of(availability),
        minutes=session.minutes,
        first_day=first,
        last_day=last,
        busy=busy,
        now=now,
    )
    slots = [s for s in slots if s != session.starts_at]  # where it is already
    coach_zone = zone_or_utc(availability.time_zone)
    inside = [s for s in slots if window.holds(s.astimezone(coach_zone).date())]
    outside = [s for s in slots if not window.holds(s.astimezone(coach_zone).date())]
    choice.inside = _by_day(inside, zone, DAYS_SHOWN)
    choice.outside = _by_day(outside, zone, DAYS_SHOWN)
    return page


def choosable_session_for(client: Client, session_id: UUID) -> Session:
    """A session of one of this client's journeys (the write says why one that is not
    planned cannot move); 404 for anything else."""
    session = (
        Session.objects.select_related("journey")
        .filter(public_id=session_id, journey__client=client)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def waiting_moves_of(practice_id: int, coach_id: int) -> list[MoveRequest]:
    """The moves waiting for this coach's answer, oldest first: one query."""
    return list(
        MoveRequest.objects.filter(
            journey__practice_id=practice_id,
            journey__coach_id=coach_id,
            status=MoveStatus.WAITING,
        )
        .select_related("journey__client", "session")
        .order_by("asked_at", "pk")
    )


def move_for(practice_id: int, coach_id: int, move_id: UUID) -> MoveRequest:
    """A move asked of this coach in this practice; 404 for anyone else's."""
    move = (
        MoveRequest.objects.select_related("journey")
        .filter(public_id=move_id, journey__practice_id=practice_id, journey__coach_id=coach_id)
        .first()
    )
    if move is None:
        raise Http404("No such request")
    return move


def booking_section(state: JourneyState, page: Page) -> JourneySection | None:
    """The journey page's "Booking": moves waiting for the coach, the journey's video link
    and each planned session's own, with their forms. Two queries."""
    if page != "journey":
        return None
    journey: Journey = state.journey
    moves = list(
        MoveRequest.objects.filter(journey=journey, status=MoveStatus.WAITING)
        .select_related("session")
        .order_by("asked_at", "pk")
    )
    links = list(VideoLink.objects.filter(journey=journey))
    link = next((each for each in links if each.session_id is None), None)
    own = {each.session_id: each for each in links if each.session_id is not None}
    ahead = [
        s
        for s in journey.sessions.all()
        if s.status == SessionStatus.PLANNED and s.starts_at > state.now
    ]
    session_links = [
        (
            session,
            own.get(session.pk),
            VideoLinkForm(
                initial={
                    "version": own[session.pk].version if session.pk in own else 0,
                    "video_link": own[session.pk].url if session.pk in own else "",
                    "session": session.public_id,
                },
                auto_id=f"session-{session.public_id}-%s",
            ),
        )
        for session in ahead
    ]
    return JourneySection(
        "booking/_journey_section.html",
        {
            "journey": journey,
            "moves": moves,
            "decision_form": MoveDecisionForm(),
            "link": link,
            "link_form": VideoLinkForm(
                auto_id="video-link-%s",
                initial={
                    "version": link.version if link else 0,
                    "video_link": link.url if link else "",
                },
            ),
            "open": journey.is_open(),
            "session_links": session_links,
        },
    )
