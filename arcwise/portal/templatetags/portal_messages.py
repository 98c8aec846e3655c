"""`{% messages_card client %}`: the portal home's card leading to each journey's messages,
with how many the client has not read. Two queries, however many journeys."""

from __future__ import annotations

from typing import Any

from django import template

from arcwise.clients.models import Client
from arcwise.conversations.models import Author
from arcwise.conversations.queries import unread_counts
from arcwise.journeys.models import Journey, JourneyStatus

register = template.Library()


@register.inclusion_tag("portal/_messages_card_rows.html")
def messages_card(client: Client) -> dict[str, Any]:
    journeys = list(
        Journey.objects.filter(client=client)
        .exclude(status=JourneyStatus.DRAFT)
        .select_related("coach")
        .order_by("-start_date", "pk")
    )
    unread = unread_counts([j.pk for j in journeys], side=Author.CLIENT)
    rows = [{"journey": j, "unread": unread.get(j.pk, 0)} for j in journeys]
    return {"rows": rows}
