"""The client's one-click unsubscribe, and a journey's record of what was sent."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.access import get_journey_for
from arcwise.nudges.forms import MessageCapForm
from arcwise.nudges.planner import client_for_token
from arcwise.nudges.preferences import client_reminders_off, journey_message_cap_set
from arcwise.nudges.queries import messages_of


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
    return _messages_page(request, journey, _cap_form(journey))


def _cap_form(journey: Journey) -> MessageCapForm:
    cap = journey.weekly_message_cap
    return MessageCapForm(initial={"cap": cap, "was": cap})


def _messages_page(
    request: MemberRequest, journey: Journey, cap_form: MessageCapForm, status: int = 200
) -> HttpResponse:
    context = {"journey": journey, "cap_form": cap_form, **messages_of(journey)}
    return render(request, "nudges/journey_messages.html", context, status=status)


@require_POST
@coaches_only
def journey_message_cap(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey: Journey = get_journey_for(request, journey_id)
    form = MessageCapForm(request.POST)
    if not form.is_valid():
        return _messages_page(request, journey, form, status=400)
    try:
        changed = journey_message_cap_set(
            journey=journey, cap=form.cleaned_data["cap"], was=form.cleaned_data["was"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("nudges:journey_messages", journey_id=journey.public_id)
    cap = form.cleaned_data["cap"]
    if changed:
        messages.success(request, f"At most {cap} messages a week now reach {journey.client.name}.")
    else:
        messages.info(request, f"The cap was already {cap} a week; nothing changed.")
    return redirect("nudges:journey_messages", journey_id=journey.public_id)
