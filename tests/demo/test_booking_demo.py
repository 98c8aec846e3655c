"""The demo shows booking: the coach's week, a session the client booked, a move waiting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from arcwise.booking.models import (
    Availability,
    BookedBy,
    Booking,
    MoveRequest,
    MoveStatus,
    VideoLink,
)
from arcwise.demo.booking import DEMO_VIDEO_LINK

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_on(settings: Any) -> None:
    settings.DEBUG = True  # as `make run` has it


def test_the_demo_has_a_week_a_booked_session_and_a_move_waiting() -> None:
    call_command("load_demo", stdout=None)

    week = Availability.objects.get()
    assert week.ranges.count() == 4
    booking = Booking.objects.get()
    assert booking.booked_by == BookedBy.CLIENT
    assert booking.session.journey.client.name == "Jordan Ellis"
    move = MoveRequest.objects.get()
    assert move.status == MoveStatus.WAITING
    assert move.session != booking.session
    assert VideoLink.objects.get().url == DEMO_VIDEO_LINK
