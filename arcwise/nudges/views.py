"""The client's one-click unsubscribe, and a journey's record of what was sent."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from arcwise.http import MemberRequest
from arcwise.journeys.models import Journey
from arcwise.journeys.queries import get_journey_for
from arcwise.nudges.planner import client_for_token
from arcwise.nudges.preferences import client_reminders_off
from arcwise.nudges.queries import messages_of
from arcwise.tenancy import coaches_only


# One-click unsubscribe (RFC 8058) is a POST from the mail program, without the client's
# cookies or a CSRF token. The signed token in the URL is the authority, and turning
# reminders off twice changes nothing, so there is nothing for a forged request to gain.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    client = client_for_token(token)
    if client is None:
        return render(request, "nudges/unsubscribe_unknown.html", status=404)
    context: dict[str, object] = {"client": client, "practice": client.practice}
    if request.method == "POST":
        context["turned_off"] = client_reminders_off(client=client)
        client.refresh_from_db()
        return render(request, "nudges/unsubscribed.html", context)
    return render(request, "nudges/unsubscribe.html", context)


@require_http_methods(["GET"])
@coaches_only
def journey_messages(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey: Journey = get_journey_for(request, journey_id)
    return render(
        request, "nudges/journey_messages.html", {"journey": journey, **messages_of(journey)}
    )
