"""Plan reminders and send the outbox: once (everything due now), or `--loop` until
SIGTERM or SIGINT.

Run as many as you like against PostgreSQL; they share the work without sending a message
twice. See arcwise/nudges/sender.py (a batch) and loop.py (the loop) for how, and
docs/outbox.md for the guarantee.
"""

from __future__ import annotations

import signal
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arcwise.nudges.loop import StopRequest, plan_safely, run_loop
from arcwise.nudges.planner import plan_all
from arcwise.nudges.sender import BATCH_SIZE, LEASE, Sender


class Command(BaseCommand):
    help = "Plan reminders and send due outbox messages once, or keep at it with --loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep sending until SIGTERM or SIGINT."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when nothing is due (default 1).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Messages claimed and recorded together (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=LEASE.total_seconds(),
            help=(
                "Seconds a claim holds before another sender may take the row "
                f"(default {LEASE.total_seconds():.0f}); keep it well above a batch's time."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("interval", "batch_size", "lease"):
            if options[name] <= 0:
                raise CommandError(f"--{name.replace('_', '-')} must be more than 0.")
        stop = StopRequest()

        def finish(signum: int, frame: object) -> None:
            # The batch in hand records what it sent and hands back the rest, then we stop.
            stop.set()

        signal.signal(signal.SIGTERM, finish)
        signal.signal(signal.SIGINT, finish)
        sender = Sender(
            batch_size=options["batch_size"],
            lease=timedelta(seconds=options["lease"]),
            should_stop=stop.is_set,
        )
        if options["loop"]:
            self.stdout.write(f"Sender running (batches of {sender.batch_size}); stop with ^C.")
            total = run_loop(sender, interval=options["interval"], stop=stop)
            self.stdout.write(f"Sender stopped: {total}.")
        else:
            plan_safely(plan_all)
            total = sender.send_due()
            self.stdout.write(f"Outbox: {total}.")
        if stop.is_set() and not options["loop"]:
            raise CommandError("Stopped by a signal before everything due was sent.")
