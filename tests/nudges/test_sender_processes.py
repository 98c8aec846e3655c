"""`manage.py run_nudges` as real processes against the test database and a real SMTP server:
two senders share the work without sending a message twice, and a sender killed with SIGKILL
at any moment loses nothing and repeats only what the server had already accepted.

Both run on SQLite and on PostgreSQL (CI runs the suite on each). The processes reach the
test database through DATABASE_URL: these tests commit (transaction=True), so the rows they
queue are there for the processes to see.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from arcwise.nudges.mail import message_id
from arcwise.nudges.models import Nudge, NudgeKind
from tests.nudges.sink import Sink

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
# Where each trial kills the running sender: after this many of its messages arrived (0:
# before any did, while it claims). Spread over a trial's messages, so a kill lands early
# in a batch, between batches and late in the run.
KILLS = (0, 1, 13, 30)
MESSAGES_PER_TRIAL = 50
# Short, so a killed sender's claims are taken again within the test; a batch of ten takes
# milliseconds, far less than half of it.
LEASE = "0.5"


def database_url() -> str:
    """The test database, as DATABASE_URL for a process that is not this one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    assert connection.vendor == "postgresql"
    user = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        user += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_sender_outlives_its_test(transactional_db: None) -> Iterator[None]:
    """A sender left running would hold the test database open past its teardown (this
    fixture's teardown comes first, as it uses the database's)."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.communicate()


def start_sender(sink: Sink, *options: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        **sink.environment(),
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "arcwise.settings",
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(  # noqa: S603 (this interpreter, this repository's manage.py)
        [sys.executable, "manage.py", "run_nudges", *options],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    STARTED.append(process)
    return process


def wait_until(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.002)


def settled(arrived: Callable[[], Counter[str]]) -> Counter[str]:
    """What has arrived once nothing more comes for a moment: a killed sender's last bytes
    reach the server at once or never."""
    before: Counter[str] | None = None
    while (now := arrived()) != before:
        before = now
        time.sleep(0.2)
    return now


def stop(sender: subprocess.Popen[str]) -> str:
    """SIGTERM, as a process manager stops it: the loop finishes its batch and exits 0."""
    sender.send_signal(signal.SIGTERM)
    output, _ = sender.communicate(timeout=30)
    assert sender.returncode == 0, output
    assert "Sender stopped" in output, output
    return output


def ready(sender: subprocess.Popen[str]) -> None:
    assert sender.stdout is not None
    line = sender.stdout.readline()
    assert line.startswith("Sender running"), line


def queue_at_once(count: int, prefix: str) -> list[str]:
    """`count` messages in one commit, so that every sender sees them at the same moment."""
    rows = [
        Nudge(
            dedupe_key=f"{prefix}:{n}",
            kind=NudgeKind.COACH_ALERT,
            to_address=f"person{n}@example.org",
            subject=f"Message {n}",
            body=f"Body of message {n}.",
        )
        for n in range(count)
    ]
    Nudge.objects.bulk_create(rows)
    return [row.dedupe_key for row in rows]


def test_two_sender_processes_never_send_the_same_message_twice(sink: Sink) -> None:
    senders = [start_sender(sink, "--loop", "--interval", "0.02", "--batch-size", "10")]
    senders.append(start_sender(sink, "--loop", "--interval", "0.02", "--batch-size", "10"))
    for sender in senders:
        ready(sender)

    keys = queue_at_once(600, "shared")
    wait_until(lambda: not Nudge.objects.filter(sent_at=None).exists(), seconds=60, what="all sent")
    outputs = [stop(sender) for sender in senders]

    arrived = Counter(sink.message_ids())
    assert sorted(arrived) == sorted(message_id(key) for key in keys)
    assert set(arrived.values()) == {1}, "a message arrived twice"
    sent_by = [int(re.findall(r"sent (\d+)", output)[-1]) for output in outputs]
    assert sum(sent_by) == 600
    assert min(sent_by) > 0, f"one sender did all the work: {sent_by}"


def test_a_sender_killed_at_any_moment_loses_nothing_and_repeats_only_what_arrived(
    sink: Sink,
) -> None:
    """Each trial's messages are queued for the sender that is running, which is killed at
    one of KILLS; the next sender (started at once, as a process manager would) must send
    what the killed one left, and is itself the one killed in the next trial."""
    loop = ("--loop", "--interval", "0.02", "--batch-size", "10", "--lease", LEASE)
    sender = start_sender(sink, *loop)
    ready(sender)
    killed_mid_send = repeats = 0
    for trial, kill_after in enumerate(KILLS):
        keys = queue_at_once(MESSAGES_PER_TRIAL, f"trial{trial}")
        ids = {message_id(key) for key in keys}

        def arrived(ids: set[str] = ids) -> Counter[str]:
            return Counter(mid for mid in sink.message_ids() if mid in ids)

        def all_sent(keys: list[str] = keys) -> bool:
            return not Nudge.objects.filter(dedupe_key__in=keys, sent_at=None).exists()

        if kill_after == 0:  # while it claims, before anything has gone out
            time.sleep(0.03)
        else:  # while it sends, after this many messages were accepted

            def enough(n: int = kill_after) -> bool:
                return len(arrived()) >= n

            wait_until(enough, seconds=30, what=f"{kill_after} sent")
        sender.kill()
        sender.wait()
        before_kill = settled(arrived)
        killed_mid_send += 0 < len(before_kill) < len(keys)

        sender = start_sender(sink, *loop)
        ready(sender)
        wait_until(all_sent, seconds=60, what=f"trial {trial} to be sent")

        after = arrived()
        context = f"trial {trial}, killed after {kill_after}"
        assert set(after) == ids, f"a message was lost in {context}"
        assert max(after.values()) <= 2, f"a message arrived three times in {context}"
        for mid, copies in after.items():
            if copies == 2:
                assert before_kill[mid] == 1, f"{mid} was repeated without having arrived"
                repeats += 1
        # Each copy of a message is the same message: the same Message-ID for the receiver.
        assert {r.message_id for r in sink.received if r.message_id in ids} == ids
    stop(sender)
    # The kills must have hit the senders mid-send, or they proved little.
    assert killed_mid_send >= 3, f"only {killed_mid_send} kills landed mid-send"
    print(f"{len(KILLS)} kills, {killed_mid_send} mid-send, {repeats} messages sent twice")


def test_a_looping_sender_stops_on_sigterm_whenever_it_comes(sink: Sink) -> None:
    # A tight loop spends its time waiting between polls, where a stop request that took a
    # lock could deadlock against the wait it interrupts.
    chance = random.Random()
    for _ in range(5):
        sender = start_sender(sink, "--loop", "--interval", "0.001")
        ready(sender)
        time.sleep(chance.uniform(0, 0.3))
        began = time.monotonic()
        stop(sender)
        assert time.monotonic() - began < 5
