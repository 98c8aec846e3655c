"""The sender's throughput against a plain smtplib loop, to the same local SMTP sink.

All send the same messages to one aiosmtpd sink running in its own process:

- the plain loop builds each message (Django's `EmailMessage`, as the sender does) and hands
  its bytes to one `smtplib.SMTP` connection, with the sender's timeout. Its lines end in a
  bare LF, as `as_bytes()` makes them (smtplib converts only a `str` to CRLF; the backends
  ask for CRLF);
- Django's SMTP backend alone sends the same messages over one connection: no outbox, so
  the gap between it and the plain loop is the backend's own cost;
- Arcwise's SMTP backend alone (arcwise/nudges/smtp_backend.py, which settings choose when
  an SMTP host is set): Django's, with envelope addresses prepared more cheaply;
- the sender (`Sender.send_due`, what `run_nudges` runs, through the configured backend)
  claims the rows from a SQLite file database, sends them through the backend and records
  the outcomes.

Each round times them back to back, starting with a different one each round, and the
report gives the median of the per-round ratios, with the lowest and highest: on a machine
that other work shares, a ratio within one round is steadier than any time alone. Target
for the sender: at least 0.8 of the plain loop.

Run with `make bench`.
"""

from __future__ import annotations

import json
import os
import signal
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from email.utils import parseaddr
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MESSAGES = 500
ROUNDS = int(os.environ.get("SENDER_ROUNDS", "25"))
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
            times = measure(port)
        finally:
            sink.send_signal(signal.SIGTERM)
            received, _ = sink.communicate(timeout=30)
    expected = len(times) * MESSAGES * ROUNDS
    assert int(received) == expected, f"the sink received {received} of {expected} messages"

    plain = times["plain smtplib loop"]
    print(f"Sender throughput: {ROUNDS} rounds of {MESSAGES} messages to a local SMTP sink")
    for name, seconds in times.items():
        rate = MESSAGES / statistics.median(seconds)
        ratios = [p / s for p, s in zip(plain, seconds, strict=True)]
        print(
            f"  {name:<28} {rate:6.0f} messages/s   {statistics.median(ratios):5.2f} of the"
            f" plain loop (rounds {min(ratios):.2f} to {max(ratios):.2f})"
        )
    ratio = statistics.median(p / s for p, s in zip(plain, times["run_nudges sender"], strict=True))
    verdict = "meets" if ratio >= TARGET else "MISSES"
    print(f"  The sender {verdict} the target: {ratio:.2f} against at least {TARGET}.")
    if "--json" in sys.argv:  # for bench/large_practice.py's table and results.json
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(
            json.dumps(
                {
                    "messages": MESSAGES,
                    "rounds": ROUNDS,
                    "per_second": {
                        name: MESSAGES / statistics.median(seconds)
                        for name, seconds in times.items()
                    },
                    "ratio": ratio,
                    "target": TARGET,
                    "verdict": "ok" if ratio >= TARGET else "UNDER",
                }
            )
        )


def measure(port: int) -> dict[str, list[float]]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.mail import get_connection
    from django.core.management import call_command

    from arcwise.nudges.mail import email_for
    from arcwise.nudges.models import Nudge, NudgeKind
    from arcwise.nudges.sender import Sender

    call_command("migrate", verbosity=0)
    from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]

    def plain_loop(rows: list[Any]) -> float:
        began = time.perf_counter()
        # With the sender's timeout: a loop that could hang forever on a silent server is
        # no baseline for one that must not.
        with smtplib.SMTP("127.0.0.1", port, timeout=settings.EMAIL_TIMEOUT) as smtp:
            for row in rows:
                message = email_for(row).message().as_bytes()  # bare LF ends: see above
                smtp.sendmail(from_address, [row.to_address], message)
        return time.perf_counter() - began

    def backend_alone(backend_path: str) -> Callable[[list[Any]], float]:
        def send(rows: list[Any]) -> float:
            began = time.perf_counter()
            backend = get_connection(backend_path)
            backend.open()
            for row in rows:
                backend.send_messages([email_for(row)])
            backend.close()
            return time.perf_counter() - began

        return send

    def sender(rows: list[Any]) -> float:
        Nudge.objects.bulk_create(rows)  # written by the changes that cause them: not timed
        began = time.perf_counter()
        with Sender() as running:
            done = running.send_due()
        assert done.sent == MESSAGES, done
        return time.perf_counter() - began

    ways: dict[str, Callable[[list[Any]], float]] = {
        "plain smtplib loop": plain_loop,
        "Django's SMTP backend alone": backend_alone("django.core.mail.backends.smtp.EmailBackend"),
        "Arcwise's SMTP backend alone": backend_alone(settings.EMAIL_BACKEND),
        "run_nudges sender": sender,
    }
    times: dict[str, list[float]] = {name: [] for name in ways}
    names = list(ways)
    for round_number in range(ROUNDS):
        # Each round starts with another way, so that none always runs first or last.
        start = round_number % len(names)
        for name in names[start:] + names[:start]:
            times[name].append(ways[name](messages(Nudge, NudgeKind, f"{round_number}:{name}")))
    return times


def messages(model: Any, kinds: Any, tag: str) -> list[Any]:
    return [
        model(
            dedupe_key=f"bench:{tag}:{n}",
            kind=kinds.SESSION_REMINDER,
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


if __name__ == "__main__":
    main()
