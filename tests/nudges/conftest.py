from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.nudges.sink import Sink


@pytest.fixture
def sink(settings: Any) -> Iterator[Sink]:
    """A real SMTP server on loopback, and Django's SMTP backend pointed at it."""
    with Sink() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server
