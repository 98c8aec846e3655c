"""Run one action from two threads at once, as a double click or a second tab would.

Tests that use it need `@pytest.mark.django_db(transaction=True)`: each thread has its own
database connection, and each must see what the other committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def in_two_threads(action: Callable[[], T]) -> list[T | Exception]:
    """What `action` returned (or raised) in each of two threads released together."""
    start = threading.Barrier(2)
    outcomes: list[T | Exception] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait(timeout=10)
            outcome: T | Exception = action()
        except Exception as error:  # the refusal is what a test looks at
            outcome = error
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2, "a thread did not finish"
    return outcomes
