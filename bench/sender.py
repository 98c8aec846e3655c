"""The sender's throughput against a plain smtplib loop, to the same local SMTP sink.

Both send the same messages to one aiosmtpd sink running in its own process. The plain loop
is as lean as sending gets: the bytes of every message are made before the clock starts and
go out through one `smtplib.SMTP` connection. The sender does all of its real work on the
clock: claim rows from a SQLite file database (as `make run` uses), build each message, send
it through Django's SMTP backend, record the outcomes. Rounds alternate between the two, and
the medians are compared as a ratio (target: at least 0.8).

Run with `make bench`.
"""

from __future__ import annotations

import os
import signal
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from email.utils import parseaddr
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MESSAGES = 500
ROUNDS = 15
TARGET = 0.8


def start_sink() -> tuple[subprocess.Popen[str], int]:
    sink = subprocess.Popen(
        [sys.executable, "-m", "tests.nudges.sink"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert sink.stdout is not None
    return sink, int(sink.stdout.readline())


def main() -> None:
    sink, port = start_sink()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
            DJANGO_SETTINGS_MODULE="arcwise.settings",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
            EMAIL_USE_TLS="false",
            LOG_LEVEL="WARNING",
        )
        try:
            plain, sender = measure(port)
        finally:
            sink.send_signal(signal.SIGTERM)
            received, _ = sink.communicate(timeout=30)
    expected = 2 * MESSAGES * ROUNDS
    assert int(received) == expected, f"the sink received {received} of {expected} messages"

    # Each round times the plain loop and then the sender, back to back: on a machine that
    # other work shares, the ratio within a round is steadier than either time alone.
    ratio = statistics.median(p / s for p, s in zip(plain, sender, strict=True))
    print(f"Sender throughput: {ROUNDS} rounds of {MESSAGES} messages to a local SMTP sink")
    print(f"  plain smtplib loop  {MESSAGES / statistics.median(plain):8.0f} messages/s (median)")
    print(f"  run_nudges sender   {MESSAGES / statistics.median(sender):8.0f} messages/s (median)")
    verdict = "meets" if ratio >= TARGET else "MISSES"
    print(f"  ratio sender/plain  {ratio:8.2f}  (median of rounds; {verdict} the target {TARGET})")


def measure(port: int) -> tuple[list[float], list[float]]:
    import django

    django.setup()
    from django.core.management import call_command

    from arcwise.nudges.models import Nudge, NudgeKind
    from arcwise.nudges.sender import Sender

    call_command("migrate", verbosity=0)
    plain: list[float] = []
    sender: list[float] = []
    for round_number in range(ROUNDS):
        rows = [
            Nudge(
                dedupe_key=f"bench:{round_number}:{n}",
                kind=NudgeKind.SESSION_REMINDER,
                to_address=f"client{n}@example.org",
                subject=f"Your session on Tuesday at 10:00 ({n})",
                body="See you on Tuesday at 10:00.\n\nReply to this e-mail to move it.\n" * 4,
                headers={
                    "List-Unsubscribe": f"<https://coaching.example.org/unsubscribe/{n}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            for n in range(MESSAGES)
        ]
        plain.append(plain_loop(port, rows))
        Nudge.objects.bulk_create(rows)
        began = time.perf_counter()
        with Sender() as running:
            done = running.send_due()
        sender.append(time.perf_counter() - began)
        assert done.sent == MESSAGES, done
    return plain, sender


def plain_loop(port: int, rows: list[Any]) -> float:
    """Seconds for smtplib alone to send the same messages over one connection."""
    from django.conf import settings

    from arcwise.nudges.sender import email_for

    from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    began = time.perf_counter()
    # With the sender's timeout: a loop that can hang forever on a silent server is no
    # baseline for one that must not.
    with smtplib.SMTP("127.0.0.1", port, timeout=settings.EMAIL_TIMEOUT) as smtp:
        for row in rows:
            message = email_for(row).message().as_bytes()  # smtplib makes the ends CRLF
            smtp.sendmail(from_address, [row.to_address], message)
    return time.perf_counter() - began


if __name__ == "__main__":
    main()
