"""Reads of conversations: a journey's messages, unread counts for many journeys at once,
and what session prep and the journey header show. Each a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.urls import reverse

from arcwise.conversations.models import Author, Conversation, Message
from arcwise.conversations.services import closed_reason
from arcwise.journeys.hooks import HeaderLink, JourneySection, Page
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.state import JourneyState

# A conversation page shows the latest messages; older ones are for the export.
PAGE_SIZE = 200


def unread_filter(side: str) -> Q:
    """Messages `side` has not read: the other side's, after the one `side` read last."""
    if side == Author.COACH:
        return Q(author=Author.CLIENT, pk__gt=F("journey__conversation__coach_read_through"))
    return Q(author=Author.COACH, pk__gt=F("journey__conversation__client_read_through"))


def unread_counts(journey_ids: Iterable[int], *, side: str) -> dict[int, int]:
    """How many messages `side` has not read, per journey id (absent: none). One query."""
    rows = (
        Message.objects.filter(unread_filter(side), journey_id__in=list(journey_ids))
        .values("journey_id")
        .annotate(unread=Count("pk"))
        .values_list("journey_id", "unread")
    )
    return dict(rows)


@dataclass(frozen=True)
class ConversationPage:
    journey: Journey
    messages: list[Message]
    # The other side's messages after this one are new to the reader (marked on the page).
    read_through: int
    closed: str | None

    @property
    def page_size(self) -> int:
        return PAGE_SIZE

    @property
    def last_id(self) -> int:
        return self.messages[-1].pk if self.messages else 0


def conversation_of(journey: Journey, *, side: str) -> ConversationPage:
    """`journey`'s latest messages in order, with what they became, and where `side` had read
    to before this look. Two queries however many messages."""
    rows = list(
        Message.objects.filter(journey=journey)
        .select_related("thread", "experiment", "written_by")
        .order_by("-pk")[:PAGE_SIZE]
    )
    rows.reverse()
    state = Conversation.objects.filter(journey=journey).first()
    if state is None:
        read = 0
    else:
        read = state.coach_read_through if side == Author.COACH else state.client_read_through
    return ConversationPage(journey, rows, read, closed_reason(journey))


def since_last_session(state: JourneyState) -> list[Message]:
    """The messages written since the last held session began (all, before the first)."""
    last = state.last_held_session
    rows = Message.objects.filter(journey=state.journey).order_by("pk")
    if last is not None:
        rows = rows.filter(created_at__gte=last.starts_at)
    return list(rows[:PAGE_SIZE])


def messages_section(state: JourneyState, page: Page) -> JourneySection | None:
    """Session prep: "Messages since the last session", in one query; the journey page leads
    to the conversation from its header instead."""
    if page != "prep":
        return None
    return JourneySection(
        "conversations/_prep_messages.html",
        {
            "messages": since_last_session(state),
            "last": state.last_held_session,
            "url": reverse("conversations:journey", args=[state.journey.public_id]),
        },
    )


def messages_link(journey: Journey) -> HeaderLink:
    """The journey header's way to the conversation, with the coach's unread count."""
    unread = unread_counts([journey.pk], side=Author.COACH).get(journey.pk, 0)
    label = f"Messages ({unread} new)" if unread else "Messages"
    return HeaderLink(label, reverse("conversations:journey", args=[journey.public_id]))
