from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from arcwise.journeys.models import Journey
from tests.conftest import Cast
from tests.journeys.factories import make_journey


@pytest.fixture
def journey(cast: Cast) -> Journey:
    """An active journey begun two weeks ago, so its first session has passed."""
    return make_journey(cast.coach, cast.client, start=timezone.localdate() - timedelta(days=14))
