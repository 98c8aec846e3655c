"""The sender, one step at a time: claims, sends, records, retries, hands back, gives up."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from arcwise.nudges.loop import run_loop
from arcwise.nudges.mail import message_id
from arcwise.nudges.models import LINK_REMOVED, Nudge, NudgeKind
from arcwise.nudges.sender import LEASE, MAX_ATTEMPTS, Sender, retry_delay
from tests.nudges.factories import UNSUBSCRIBE, queue
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db


def test_a_due_message_is_sent_once_with_its_headers() -> None:
    [nudge] = queue(headers=UNSUBSCRIBE)

    with Sender() as sender:
        assert sender.send_one() is True
        assert sender.send_one() is False

    [sent] = mail.outbox
    assert sent.to == ["person0@example.org"]
    assert sent.subject == "Message 0"
    message = sent.message()
    assert message["List-Unsubscribe"] == UNSUBSCRIBE["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == message_id("note:0")
    nudge.refresh_from_db()
    assert nudge.state() == "sent"
    assert nudge.attempts == 1
    assert nudge.claimed_until is None


def test_without_an_smtp_host_the_message_is_printed_to_the_console(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    [nudge] = queue(headers=UNSUBSCRIBE)

    with Sender() as sender:
        assert sender.send_one() is True

    printed = capsys.readouterr().out
    assert f"Message-ID: {message_id('note:0')}" in printed
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in printed
    assert "Body of message 0." in printed
    nudge.refresh_from_db()
    assert nudge.state() == "sent"


def test_a_message_waits_until_it_is_due() -> None:
    queue(due_at=timezone.now() + timedelta(hours=1))

    with Sender() as sender:
        assert sender.send_one() is False
        with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
            assert sender.send_one() is True

    assert len(mail.outbox) == 1


def test_the_message_id_follows_the_dedupe_key_and_the_sender_address(settings: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "Arcwise <arcwise@coaching.example.org>"

    first = message_id("session-reminder:42")

    assert first == message_id("session-reminder:42")
    assert first != message_id("session-reminder:43")
    assert first.startswith("<")
    assert first.endswith("@coaching.example.org>")
    assert "42" not in first  # a key may hold what a Message-ID cannot; only its hash shows


def test_the_next_attempt_waits_twice_as_long_up_to_two_hours() -> None:
    delays = [retry_delay(attempts) for attempts in range(1, MAX_ATTEMPTS + 3)]

    assert delays[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert max(delays) == timedelta(hours=2)
    assert delays == sorted(delays)


def test_messages_go_out_soonest_due_first_in_batches() -> None:
    now = timezone.now()
    for n, minutes in enumerate([3, 1, 2]):
        queue(prefix=f"m{n}", due_at=now - timedelta(minutes=minutes))

    with Sender(batch_size=2) as sender:
        first = sender.send_batch()
        second = sender.send_batch()

    assert (first.claimed, first.sent, second.claimed, second.sent) == (2, 2, 1, 1)
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
        message_id(key) for key in ("m0:0", "m2:0", "m1:0")
    ]


class FailingBackend(MemoryBackend):
    """Refuses to send to chosen addresses, as a server would."""

    def __init__(self, *, refuse: set[str]) -> None:
        super().__init__()
        self.refuse = refuse

    def send_messages(self, messages: Any) -> int:
        if set(messages[0].to) & self.refuse:
            raise ValueError("the backend refused it")
        return super().send_messages(messages)


def test_a_failed_attempt_is_retried_later_and_the_others_still_go_out() -> None:
    queue(3)
    with Sender(connection=FailingBackend(refuse={"person1@example.org"})) as sender:
        batch = sender.send_batch()

    assert (batch.sent, batch.retrying, batch.failed) == (2, 1, 0)
    failed = Nudge.objects.get(to_address="person1@example.org")
    assert failed.state() == "waiting"
    assert failed.attempts == 1
    assert failed.last_error == "ValueError: the backend refused it"
    assert failed.due_at > timezone.now() + timedelta(seconds=29)
    assert failed.claimed_until is None


def test_after_the_last_attempt_the_message_is_marked_failed_with_its_error() -> None:
    [nudge] = queue()
    refusing = FailingBackend(refuse={"person0@example.org"})

    with (
        time_machine.travel(timezone.now(), tick=False) as clock,
        Sender(connection=refusing) as sender,
    ):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            assert sender.send_one(), f"attempt {attempt} was not made"
            clock.shift(retry_delay(attempt))
        assert sender.send_one() is False

    nudge.refresh_from_db()
    assert nudge.state() == "failed"
    assert nudge.attempts == MAX_ATTEMPTS
    assert nudge.last_error == "ValueError: the backend refused it"


class DyingBackend(MemoryBackend):
    """The process dies while this message is out: nothing after it runs."""

    def send_messages(self, messages: Any) -> int:
        raise SystemExit("killed mid-send")


def test_a_claim_whose_sender_died_is_taken_again_after_its_lease() -> None:
    [nudge] = queue()
    with pytest.raises(SystemExit):
        Sender(connection=DyingBackend()).send_one()

    with Sender() as sender:
        assert sender.send_one() is False  # still held by the dead sender's claim
        with time_machine.travel(timezone.now() + LEASE + timedelta(seconds=1)):
            assert sender.send_one() is True

    nudge.refresh_from_db()
    assert nudge.state() == "sent"
    assert nudge.attempts == 2
    assert len(mail.outbox) == 1


class OvertakenBackend(MemoryBackend):
    """This sender stalls past its lease: another sender claims the message and sends it
    meanwhile, and then this sender's own attempt fails."""

    def send_messages(self, messages: Any) -> int:
        with (
            time_machine.travel(timezone.now() + LEASE + timedelta(seconds=1)),
            Sender() as other,
        ):
            assert other.send_one()
        raise ConnectionResetError("the stalled sender's connection went")


def test_a_sender_whose_claim_was_taken_over_does_not_overwrite_the_outcome() -> None:
    [nudge] = queue()

    with Sender(connection=OvertakenBackend()) as stalled:
        batch = stalled.send_batch()

    assert (batch.sent, batch.retrying, batch.failed) == (0, 0, 0)
    nudge.refresh_from_db()
    assert nudge.state() == "sent"
    assert nudge.last_error == ""
    assert nudge.attempts == 2
    assert len(mail.outbox) == 1


def test_a_message_whose_senders_keep_dying_is_given_up() -> None:
    [nudge] = queue()
    later = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        later += LEASE + timedelta(seconds=1)
        with time_machine.travel(later), pytest.raises(SystemExit):
            Sender(connection=DyingBackend()).send_one()

    with time_machine.travel(later + LEASE + timedelta(seconds=1)), Sender() as sender:
        assert sender.send_one() is False

    nudge.refresh_from_db()
    assert nudge.state() == "failed"
    assert "stopped during each of 8 attempts" in nudge.last_error
    assert not mail.outbox


def test_a_stop_request_hands_back_the_rest_of_the_batch_untried() -> None:
    queue(3)
    asked = iter([False, True])

    with Sender(should_stop=lambda: next(asked, True)) as sender:
        batch = sender.send_batch()

    assert (batch.claimed, batch.sent, batch.released) == (3, 1, 2)
    waiting = Nudge.objects.filter(sent_at=None)
    assert [(n.attempts, n.claimed_until) for n in waiting] == [(0, None), (0, None)]
    with Sender() as sender:
        assert sender.send_due().sent == 2


def test_links_that_let_someone_in_leave_the_table_once_sent() -> None:
    [invitation] = queue(kind=NudgeKind.INVITATION, prefix="invitation")
    [reminder] = queue(kind=NudgeKind.SESSION_REMINDER, prefix="reminder")

    with Sender() as sender:
        sender.send_due()

    assert {m.body for m in mail.outbox} == {"Body of message 0."}
    invitation.refresh_from_db()
    reminder.refresh_from_db()
    assert invitation.body == LINK_REMOVED
    assert reminder.body == "Body of message 0."


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_message_once() -> None:
    queue(30)

    def drain() -> int:
        with Sender(batch_size=4) as sender:
            return sender.send_due().sent

    outcomes = in_two_threads(drain)

    assert sum(o for o in outcomes if isinstance(o, int)) == 30, outcomes
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(ids) == len(set(ids)) == 30
    assert not Nudge.objects.filter(sent_at=None).exists()


@pytest.mark.django_db(transaction=True)  # the loop closes connections between batches
def test_the_loop_sends_until_told_to_stop_and_outlives_a_database_hiccup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue(3)
    stop = threading.Event()
    sender = Sender(batch_size=2)
    real_send_due = sender.send_due
    calls: list[str] = []

    def flaky_send_due() -> Any:
        calls.append("poll")
        if len(calls) == 1:
            raise OperationalError("database is locked")
        if len(calls) == 3:
            stop.set()
        return real_send_due()

    monkeypatch.setattr(sender, "send_due", flaky_send_due)
    total = run_loop(sender, interval=0.01, stop=stop)

    assert total.sent == 3
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_the_loop_plans_now_and_then_and_a_planner_fault_does_not_stop_sending() -> None:
    queue(2)
    stop = threading.Event()
    plans: list[str] = []

    def broken_plan() -> None:
        plans.append("plan")
        if len(plans) == 2:
            stop.set()
        raise RuntimeError("a bug in the planner")

    total = run_loop(Sender(), interval=0.01, stop=stop, plan=broken_plan, plan_every=0)

    assert total.sent == 2
    assert plans == ["plan", "plan"]


def test_the_command_sends_what_is_due_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    queue(2)

    call_command("run_nudges")

    assert len(mail.outbox) == 2
    assert "sent 2, to retry 0, failed 0" in capsys.readouterr().out


def test_the_command_refuses_a_lease_of_nothing() -> None:
    with pytest.raises(CommandError, match="--lease must be more than 0"):
        call_command("run_nudges", "--lease", "0")
