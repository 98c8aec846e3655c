from __future__ import annotations

import pytest

from arcwise.journeys.models import Journey
from tests.conftest import Cast
from tests.conversations.helpers import running_journey


@pytest.fixture
def journey(cast: Cast) -> Journey:
    return running_journey(cast)
