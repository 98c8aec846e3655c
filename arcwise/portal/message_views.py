"""The client's side of a journey's conversation, phone-first: the page (which marks it read)
and sending. Both pass the portal's one guard (access.py); the journey must be the link's
client's, or it is 404."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import ArcwiseRequest
from arcwise.conversations import services
from arcwise.conversations.forms import MessageForm
from arcwise.conversations.models import Author
from arcwise.conversations.posting import send_posted
from arcwise.conversations.queries import conversation_of
from arcwise.journeys.models import Journey, JourneyStatus
from arcwise.portal.access import portal_view
from arcwise.portal.models import PortalLink


def _journey_of(link: PortalLink, journey_id: UUID) -> Journey:
    # A draft is no journey to the client yet: its conversation is not theirs to see.
    journey = (
        Journey.objects.select_related("client", "coach")
        .exclude(status=JourneyStatus.DRAFT)
        .filter(public_id=journey_id, client=link.client)
        .first()
    )
    if journey is None:
        raise Http404("No such journey")
    return journey


def _page(
    request: ArcwiseRequest, journey: Journey, form: MessageForm, status: int = 200
) -> HttpResponse:
    page = conversation_of(journey, side=Author.CLIENT)
    services.conversation_mark_read(journey=journey, side=Author.CLIENT, through=page.last_id)
    context = {"journey": journey, "page": page, "form": form, "zone": journey.client.time_zone}
    return render(request, "portal/messages.html", context, status=status)


@require_http_methods(["GET"])
@portal_view()
def messages_page(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    return _page(request, _journey_of(link, journey_id), MessageForm.fresh())


@require_POST
@portal_view()
def message_send(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    journey = _journey_of(link, journey_id)
    form = MessageForm(request.POST)

    def send(body: str, token: UUID) -> object:
        return services.message_send_as_client(
            journey=journey, client=link.client, body=body, token=token
        )

    if send_posted(request, form, send, told=journey.coach.name):
        return redirect("portal:messages", journey_id=journey.public_id)
    return _page(request, journey, form, status=400)
