"""A date far outside the years a practice works in (year 9999, year 1) is refused with a
message at every place a date is typed, and never reaches a server error or the database."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.models import DesignVersion
from arcwise.forms_common import WorkingDateField, working_date_problem
from arcwise.journeys.models import Adaptation, Experiment, Journey, PhaseRun, Session
from arcwise.outcomes.models import ClosingReview, ReviewStep
from tests.conftest import Cast
from tests.designs.factories import make_design
from tests.journeys.factories import make_journey
from tests.journeys.pages import agreement, journey_url, page_fields

TODAY = date(2026, 11, 25)
FAR_DATES = ["9999-12-31", "0001-01-01", "2100-06-01", "1900-01-01"]


def test_the_working_range_is_ten_years_either_side_of_this_year() -> None:
    assert working_date_problem(date(2016, 1, 1), today=TODAY) is None
    assert working_date_problem(date(2036, 12, 31), today=TODAY) is None
    assert working_date_problem(date(2015, 12, 31), today=TODAY) == (
        "Check the year: 2015 is far from the years a practice works in. "
        "Use a year from 2016 to 2036."
    )
    assert "0001 is far from" in str(working_date_problem(date(1, 1, 1), today=TODAY))


@time_machine.travel(TODAY)
@pytest.mark.parametrize("typed", FAR_DATES)
def test_the_field_refuses_a_far_year_with_a_message(typed: str) -> None:
    field = WorkingDateField()

    with pytest.raises(ValidationError, match="Check the year"):
        field.clean(typed)

    assert field.clean("2027-03-01") == date(2027, 3, 1)


# --- Every date typed in the journey pages --------------------------------------------------


@pytest.fixture
def http(cast: Cast) -> HttpClient:
    """A coach in a zone east of UTC (a date in year 1 there is before year 1 in UTC), whose
    server errors are answered as a person would see them, not raised in the test."""
    cast.coach.time_zone = "Asia/Tokyo"
    cast.coach.save()
    client = HttpClient(raise_request_exception=False)
    client.force_login(cast.coach)
    return client


@pytest.fixture
def version(cast: Cast) -> DesignVersion:
    design = make_design(cast.practice, cast.coach, "orient", "experiment", "close", published=True)
    return DesignVersion.objects.get(design=design)


def refused(response: Any, typed: str) -> str:
    body = response.content.decode()
    assert response.status_code != 500, f"{typed} gave a server error"
    assert f"Check the year: {typed[:4]} is far from the years" in body
    return body


@time_machine.travel(TODAY)
@pytest.mark.parametrize("typed", FAR_DATES)
@pytest.mark.django_db
def test_enrolment_refuses_a_far_start_or_end_or_session_day(
    typed: str, cast: Cast, http: HttpClient, version: DesignVersion
) -> None:
    new = reverse("journeys:new")
    plan_page = http.post(new, agreement(cast, version)).content.decode()
    fields = {**page_fields(plan_page), "action": "start"}

    start = http.post(new, agreement(cast, version, start_date=typed))
    end = http.post(new, agreement(cast, version, planned_end=typed))
    row = http.post(new, {**fields, "plan-0-day": typed, "plan-0-at": "00:30"})
    both = http.post(new, {**fields, "start_date": typed, "plan-0-day": typed})

    for response in (start, end, row, both):
        refused(response, typed)
        assert response.status_code == 400
    assert not Journey.objects.exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize("typed", FAR_DATES)
@pytest.mark.django_db
def test_running_a_journey_refuses_far_dates(typed: str, cast: Cast, http: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None
    sessions_before = list(Session.objects.values_list("starts_at", "minutes"))
    revision = str(journey.revision)
    insert = {
        "insert_session-day": typed,
        "insert_session-at": "00:30",
        "insert_session-reason": "An extra session before the move",
        "insert_session-revision": revision,
    }
    pause = {"pause-until": typed, "pause-reason": "Travelling", "pause-revision": revision}

    previewed = http.post(journey_url("adapt_preview", journey, kind="insert_session"), insert)
    inserted = http.post(journey_url("adapt", journey, kind="insert_session"), insert)
    paused = http.post(journey_url("adapt", journey, kind="pause"), pause)
    moved = http.post(
        journey_url("session_reschedule", journey, session_id=session.public_id),
        {
            "day": typed,
            "at": "00:30",
            "minutes": "60",
            "from_starts_at": session.starts_at.isoformat(),
            "from_minutes": str(session.minutes),
        },
    )
    agreed = http.post(
        journey_url("experiment_agree", journey, session_id=session.public_id),
        {
            "title": "Say no once",
            "what_to_try": "Decline one request",
            "by_when": typed,
            "token": str(uuid4()),
        },
    )
    advanced = http.post(
        journey_url("advance", journey),
        {"readiness_note": "Owns the goal", "on": typed, "revision": revision},
        follow=True,
    )
    review = ClosingReview.objects.create(journey=journey, step=ReviewStep.CLOSE)
    closed = http.post(
        reverse("outcomes:review_close", args=[journey.public_id]),
        {"on": typed, "version": str(review.version)},
        follow=True,
    )

    for response in (previewed, inserted, paused, moved, agreed, advanced, closed):
        refused(response, typed)
    assert list(Session.objects.values_list("starts_at", "minutes")) == sessions_before
    assert not Adaptation.objects.exists()
    assert not Experiment.objects.exists()
    assert PhaseRun.objects.filter(journey=journey).count() == 1
    journey.refresh_from_db()
    assert journey.status == "active"
