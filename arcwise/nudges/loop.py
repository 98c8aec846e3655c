"""The sender's loop, as `manage.py run_nudges --loop` runs it: plan now and then, send
whatever is due, wait, and stop cleanly on SIGTERM."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from django.db import DatabaseError, close_old_connections, connection

from arcwise.nudges.planner import plan_all
from arcwise.nudges.sender import Batch, Sender

logger = logging.getLogger(__name__)

# Seconds between the loop's runs of the planner: reminders are planned two days ahead.
PLAN_EVERY = 60.0


class Stop(Protocol):
    """What the loop needs of its stop request: a `threading.Event`, or a `StopRequest`."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float) -> bool: ...


class StopRequest:
    """A stop request that a signal handler may make.

    Not a `threading.Event`: its `set()` takes a lock, and a handler runs in the middle of
    whatever the main thread was doing, which may be holding that very lock inside `wait()`.
    The sender then hangs for ever on SIGTERM. Setting a plain attribute takes no lock.
    """

    def __init__(self) -> None:
        self.requested = False

    def set(self) -> None:
        self.requested = True

    def is_set(self) -> bool:
        return self.requested

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds, waking within a twentieth of a second of a stop."""
        ends = time.monotonic() + timeout
        while not self.requested and (left := ends - time.monotonic()) > 0:
            time.sleep(min(left, 0.05))
        return self.requested


def run_loop(
    sender: Sender,
    *,
    interval: float,
    stop: Stop,
    plan: Callable[[], object] = plan_all,
    plan_every: float = PLAN_EVERY,
) -> Batch:
    """Plan and send until `stop` is set, waiting `interval` seconds whenever the queue
    runs short.

    The planner (planner.py) writes the reminders that are due soon; it runs every
    `plan_every` seconds rather than on every poll, because it reads every session of the
    next two days. A database that cannot be reached is waited out rather than ending the
    loop: the process manager would only restart it into the same error.
    """
    total = Batch()
    planned = -plan_every
    while not stop.is_set():
        close_old_connections()
        try:
            if time.monotonic() - planned >= plan_every:
                planned = time.monotonic()
                plan_safely(plan)
            total += sender.send_due()
        except DatabaseError:
            logger.exception("The outbox cannot be read or written; trying again shortly")
            connection.close()
        stop.wait(interval)
    sender.close()
    return total


def plan_safely(plan: Callable[[], object]) -> None:
    """Plan, but let a planner fault stop only the planning: invitations and resets go on."""
    try:
        plan()
    except DatabaseError:
        raise
    except Exception:
        logger.exception("Planning reminders failed; sending goes on")
