"""Sending what a message form holds, for the coach's page and the client's alike: the two
views differ in who sends and where they land, not in what a send can answer."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest

from arcwise.conversations.forms import MessageForm
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged


def send_posted(
    request: HttpRequest,
    form: MessageForm,
    send: Callable[[str, UUID], object],
    *,
    told: str,
) -> bool:
    """Send the form's message through `send(body, token)`. True when the page goes back to
    the conversation (sent, or found sent already, which the flash says); False when the
    form now holds the reason it was refused, to be shown again with what was typed."""
    if not form.is_valid():
        return False
    try:
        send(form.cleaned_data["body"], form.cleaned_data["token"])
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    else:
        messages.success(request, f"Sent. {told} is told by e-mail.")
    return True
