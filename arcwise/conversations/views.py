"""The coach's side of a journey's conversation: the page (which marks it read), sending, and
making a message a thread or an agreed experiment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.conversations import services
from arcwise.conversations.forms import (
    ExperimentFromMessageForm,
    MessageForm,
    ThreadFromMessageForm,
)
from arcwise.conversations.models import Author, Message
from arcwise.conversations.posting import send_posted
from arcwise.conversations.queries import conversation_of
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.common import audit_reads, with_journey
from arcwise.privacy.models import AuditAction


def _page(
    request: MemberRequest, journey: Journey, form: MessageForm, status: int = 200
) -> HttpResponse:
    # The page shows the client's own words, as the journey page shows their reflections.
    audit_reads(request, journey, AuditAction.REFLECTION_READ, page="messages")
    page = conversation_of(journey, side=Author.COACH)
    services.conversation_mark_read(journey=journey, side=Author.COACH, through=page.last_id)
    context = {
        "journey": journey,
        "page": page,
        "form": form,
        "thread_form": ThreadFromMessageForm(),
        "experiment_form": ExperimentFromMessageForm(),
    }
    return render(request, "conversations/journey_messages.html", context, status=status)


@require_http_methods(["GET"])
@coaches_only
@with_journey
def journey_conversation(request: MemberRequest, journey: Journey) -> HttpResponse:
    return _page(request, journey, MessageForm.fresh())


@require_POST
@coaches_only
@with_journey
def message_send(request: MemberRequest, journey: Journey) -> HttpResponse:
    form = MessageForm(request.POST)

    def send(body: str, token: UUID) -> object:
        return services.message_send_as_coach(
            journey=journey, coach=request.user, body=body, token=token
        )

    if send_posted(request, form, send, told=journey.client.name):
        return redirect("conversations:journey", journey_id=journey.public_id)
    return _page(request, journey, form, status=400)


def _message_of(journey: Journey, message_id: UUID) -> Message:
    message = Message.objects.filter(journey=journey, public_id=message_id).first()
    if message is None:
        raise Http404("No such message")
    return message


def _make_from_message(
    request: MemberRequest,
    journey: Journey,
    form: forms.Form,
    make: Callable[[dict[str, Any]], object],
    *,
    refused: str,
    done: str,
) -> HttpResponse:
    """Check the form, make the thread or experiment once, say what happened, go back."""
    try:
        if not form.is_valid():
            raise DomainError(form_problems(form))
        make(form.cleaned_data)
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, f"{refused} {error.message}")
    else:
        messages.success(request, done)
    return redirect("conversations:journey", journey_id=journey.public_id)


@require_POST
@coaches_only
@with_journey
def message_thread(request: MemberRequest, journey: Journey, message_id: UUID) -> HttpResponse:
    """Keep a message as an open thread, in one step."""
    message = _message_of(journey, message_id)
    return _make_from_message(
        request,
        journey,
        ThreadFromMessageForm(request.POST),
        lambda data: services.message_to_thread(message=message, kind=data["kind"]),
        refused="No thread was kept.",
        done="Kept as a thread: session prep lists it until closed.",
    )


@require_POST
@coaches_only
@with_journey
def message_experiment(request: MemberRequest, journey: Journey, message_id: UUID) -> HttpResponse:
    """Agree a message as an experiment, in one step."""
    message = _message_of(journey, message_id)
    return _make_from_message(
        request,
        journey,
        ExperimentFromMessageForm(request.POST),
        lambda data: services.message_to_experiment(message=message, **data),
        refused="No experiment was agreed.",
        done="Agreed as an experiment: the client sees it in the portal.",
    )
