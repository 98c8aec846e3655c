"""The sender against a real SMTP server on loopback: what arrives, and what a refusing or
disconnecting server does to one message and to the others."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address
from django.core.management import call_command
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from arcwise.nudges.mail import message_id
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.sender import MAX_ATTEMPTS, Sender, retry_delay
from arcwise.nudges.smtp_backend import envelope_address
from tests.conftest import Cast
from tests.journeys.factories import START, at, make_journey
from tests.nudges.factories import UNSUBSCRIBE, queue
from tests.nudges.sink import Sink, free_port

pytestmark = pytest.mark.django_db


def test_a_message_arrives_with_its_headers_through_smtp(sink: Sink, settings: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "Arcwise <arcwise@coaching.example.org>"
    queue(headers=UNSUBSCRIBE)

    with Sender() as sender:
        assert sender.send_one()

    [arrived] = sink.received
    assert arrived.recipients == ("person0@example.org",)
    message = arrived.message
    assert message["From"] == "Arcwise <arcwise@coaching.example.org>"
    assert message["To"] == "person0@example.org"
    assert message["Subject"] == "Message 0"
    assert message["Message-ID"] == message_id("note:0")
    assert message["List-Unsubscribe"] == UNSUBSCRIBE["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_payload(decode=True) == b"Body of message 0.\r\n"


def test_many_messages_share_one_connection_and_all_arrive(sink: Sink) -> None:
    queue(45)

    with Sender(batch_size=20) as sender:
        total = sender.send_due()

    assert total.sent == 45
    assert sorted(sink.message_ids()) == sorted(message_id(f"note:{n}") for n in range(45))


def test_a_refused_recipient_is_retried_then_recorded_and_the_others_go_out(sink: Sink) -> None:
    queue(3)
    sink.refuse = {"person1@example.org"}

    with time_machine.travel(timezone.now(), tick=False) as clock, Sender() as sender:
        first = sender.send_due()
        assert (first.sent, first.retrying) == (2, 1)
        refused = Nudge.objects.get(to_address="person1@example.org")
        assert refused.state() == "waiting"
        assert "550 5.1.1 No such mailbox here" in refused.last_error
        for attempt in range(1, MAX_ATTEMPTS):
            clock.shift(retry_delay(attempt))
            assert sender.send_due().claimed == 1

    refused.refresh_from_db()
    assert refused.state() == "failed"
    assert refused.attempts == MAX_ATTEMPTS
    assert refused.last_error.startswith("Recipient refused: person1@example.org: 550")
    assert len(sink.received) == 2


def test_a_dropped_connection_is_retried_and_the_others_still_go_out(sink: Sink) -> None:
    queue(4)
    sink.drop = {"person1@example.org"}

    with time_machine.travel(timezone.now(), tick=False) as clock, Sender() as sender:
        first = sender.send_due()
        dropped = Nudge.objects.get(to_address="person1@example.org")
        assert dropped.state() == "waiting"
        assert dropped.attempts == 1
        assert dropped.last_error.startswith("SMTPServerDisconnected")
        assert (first.sent, first.retrying) == (3, 1)

        sink.drop = set()
        clock.shift(retry_delay(1))
        assert sender.send_due().sent == 1

    dropped.refresh_from_db()
    assert dropped.state() == "sent"
    assert dropped.attempts == 2
    assert sorted(sink.message_ids()) == sorted(message_id(f"note:{n}") for n in range(4))


def test_a_connection_dropped_every_time_is_recorded_as_failed(sink: Sink) -> None:
    [nudge] = queue()
    sink.drop = {"person0@example.org"}

    with time_machine.travel(timezone.now(), tick=False) as clock, Sender() as sender:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            assert sender.send_one()
            clock.shift(retry_delay(attempt))

    nudge.refresh_from_db()
    assert nudge.state() == "failed"
    assert nudge.last_error.startswith("SMTPServerDisconnected")
    assert not sink.received


def test_a_server_that_is_down_costs_one_attempt_and_hands_back_the_batch(
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        free_port(),
        False,
    )
    queue(3)

    began = time.monotonic()
    with Sender() as sender:
        batch = sender.send_batch()

    assert time.monotonic() - began < 5
    assert (batch.claimed, batch.retrying, batch.released, batch.connection_lost) == (3, 1, 2, True)
    first, *rest = Nudge.objects.order_by("pk")
    assert first.last_error.startswith("ConnectionRefusedError")
    assert [(n.attempts, n.last_error, n.claimed_until) for n in rest] == [(0, "", None)] * 2


def test_the_command_plans_a_session_reminder_and_sends_it_with_its_unsubscribe_headers(
    sink: Sink, cast: Cast
) -> None:
    make_journey(cast.coach, cast.client)

    with time_machine.travel(at(START) - timedelta(hours=23), tick=False):
        call_command("run_nudges")

    reminder = Nudge.objects.get(kind=NudgeKind.SESSION_REMINDER)
    # The day before, the portal asks its pre-session questions too: a second message.
    prompts = Nudge.objects.get(kind=NudgeKind.CLIENT_PROMPTS)
    assert sorted(m.message_id for m in sink.received) == sorted(
        message_id(n.dedupe_key) for n in (reminder, prompts)
    )
    [arrived] = [m for m in sink.received if m.message_id == message_id(reminder.dedupe_key)]
    assert reminder.state() == "sent"
    assert arrived.recipients == (cast.client.email,)
    assert arrived.message_id == message_id(reminder.dedupe_key)
    # A long header is folded onto a second line; mail programs unfold it.
    unfolded = str(arrived.message["List-Unsubscribe"]).strip()
    assert unfolded == reminder.headers["List-Unsubscribe"]
    assert arrived.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


ARCWISE_BACKEND = "arcwise.nudges.smtp_backend.EmailBackend"
DJANGO_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def test_arcwise_backend_sends_what_django_backend_sends(sink: Sink) -> None:
    message = EmailMessage(
        subject="Ihre Sitzung am Dienstag: fünf Minuten früher",
        body="Bis Dienstag.\n.\nEine Zeile, die mit einem Punkt beginnt.\n",
        from_email="Zoë Coaching <zoe@coaching.example.org>",
        to=["person@example.org", "Émile <emile@bücher.example>", '"a b"@example.org'],
        headers={
            "List-Unsubscribe": "<https://coaching.example.org/unsubscribe/" + "x" * 80 + ">",
            "Message-ID": message_id("note:0"),  # else each copy makes its own
        },
    )

    with time_machine.travel(timezone.now(), tick=False):
        for backend in (DJANGO_BACKEND, ARCWISE_BACKEND):
            with get_connection(backend) as connection:
                assert connection.send_messages([message]) == 1

    django_copy, arcwise_copy = sink.received
    assert arcwise_copy.recipients == django_copy.recipients
    assert "emile@xn--bcher-kva.example" in arcwise_copy.recipients
    assert arcwise_copy.message.as_bytes() == django_copy.message.as_bytes()


def test_arcwise_backend_refuses_an_address_with_a_line_break_as_django_does(sink: Sink) -> None:
    message = EmailMessage(subject="Hello", body="Hi", to=["person@example.org\nBcc: x@y.org"])

    with get_connection(ARCWISE_BACKEND) as connection, pytest.raises(ValueError, match="Invalid"):
        connection.send_messages([message])

    assert not sink.received


# Pieces of addresses: atoms, dots, quotes, display names, non-ASCII, over-long labels.
address_parts = st.sampled_from(
    ["a", "Z9", "o'neil", "x+tag", "~", ".", "..", "@", '"', " ", "<", ">", "é", "bücher",
     "xn--bcher-kva", "-", "example", "org", "l" * 64, "\n", "(c)", ",", "[1.2.3.4]"]
)  # fmt: skip


@given(address=st.lists(address_parts, max_size=8).map("".join))
@example(address="client1@example.org")
@example(address="Arcwise <arcwise@localhost>")
@example(address="a@" + "l" * 64 + ".org")
@example(address="a@l.")
def test_an_envelope_address_is_what_django_would_make_of_it(address: str) -> None:
    # The same address out, or the same error (Django's parser lets an IndexError through).
    try:
        expected: str | type[Exception] = sanitize_address(address, "utf-8")
    except Exception as error:
        expected = type(error)
    try:
        actual: str | type[Exception] = envelope_address(address, "utf-8")
    except Exception as error:
        actual = type(error)

    assert actual == expected


def configured_backend(**environment: str) -> str:
    """The EMAIL_BACKEND that arcwise.settings picks in a process with this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    return subprocess.run(
        [sys.executable, "-c", "from arcwise import settings; print(settings.EMAIL_BACKEND)"],
        cwd=Path(__file__).resolve().parents[2],
        env={**clean, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_settings_send_through_arcwise_backend_with_an_smtp_host_else_the_console() -> None:
    assert configured_backend(EMAIL_HOST="smtp.example.org") == ARCWISE_BACKEND
    assert configured_backend() == "django.core.mail.backends.console.EmailBackend"
