"""Every journey list, and every read of one journey, costs the same queries however many
rows it holds: measured at two sizes, after one request that notes the token's use (written
at most once a minute)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arcwise.insights.mentoring import mentor_grant
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import Journey, Session
from arcwise.journeys.sessions.services import session_set_status
from arcwise.journeys.threads.services import thread_open
from arcwise.portal.models import ExperimentCheckIn
from tests.api.journey_helpers import call, token_of
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import START, days, make_journey
from tests.outcomes.factories import with_areas, with_goals
from tests.sponsors.factories import sponsor

pytestmark = pytest.mark.django_db

# What each list costs: sign-in (the token, the membership), the token's rate window (four:
# a savepoint, its UPDATE, its read, the release; arcwise/api/rate.py), the list's own
# reads, and the count. Recorded here so that a change in cost is a visible change.
EXPECTED = {
    "/journeys": 16,
    "sessions": 15,
    "experiments": 20,
    "threads": 19,
    "/mentoring/journeys": 12,
    "/sponsored/journeys": 7,
    # One journey, as a page reads it: the same however many sessions, runs or goals.
    "journey": 16,
    "outcomes": 20,
    "/mentoring/journeys/{id}": 25,
    "/sponsored/journeys/{id}": 13,
}


def queries(raw: str, path: str) -> int:
    call(raw, "GET", path)  # notes the token's use
    with CaptureQueriesContext(connection) as run:
        response = call(raw, "GET", path)
    assert response.status_code == 200, response.content
    return len(run)


def with_work(journey: Journey, rows: int) -> None:
    sessions = list(Session.objects.filter(journey=journey).order_by("starts_at")[:rows])
    for one in sessions:
        session_set_status(session=one, status="held", from_status="planned")
    session = sessions[0]
    with_goals(journey, *(f"Goal {n}" for n in range(rows)))
    with_areas(journey, *(f"Area {n}" for n in range(rows + 1)))
    for n in range(rows):
        thread_open(session=session, kind="insight", text=f"Thread {n}", token=uuid4())
        experiment = experiment_agree(
            session=session, title=f"Try {n}", what_to_try="Once", by_when=START + days(7)
        )
        ExperimentCheckIn.objects.create(experiment=experiment, what_happened="Tried")


def journeys(cast: Cast, rows: int) -> list[Journey]:
    made = []
    for _ in range(rows):
        journey = make_journey(cast.coach, make_client(cast.practice), sessions_per_phase=rows)
        with_work(journey, rows)
        mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
        sponsor(cast, journey)
        made.append(journey)
    return made


def cost(cast: Cast, rows: int, path: Callable[[Journey], str], who: str) -> int:
    made = journeys(cast, rows)
    raw = token_of(getattr(cast, who))
    return queries(raw, path(made[0]))


@pytest.mark.parametrize(
    ("name", "path", "who"),
    [
        ("/journeys", lambda j: "/journeys", "coach"),
        ("sessions", lambda j: f"/journeys/{j.public_id}/sessions", "coach"),
        ("experiments", lambda j: f"/journeys/{j.public_id}/experiments", "coach"),
        ("threads", lambda j: f"/journeys/{j.public_id}/threads", "coach"),
        ("/mentoring/journeys", lambda j: "/mentoring/journeys", "mentor"),
        ("/sponsored/journeys", lambda j: "/sponsored/journeys", "sponsor"),
        ("journey", lambda j: f"/journeys/{j.public_id}", "coach"),
        ("outcomes", lambda j: f"/journeys/{j.public_id}/outcomes", "coach"),
        ("/mentoring/journeys/{id}", lambda j: f"/mentoring/journeys/{j.public_id}", "mentor"),
        ("/sponsored/journeys/{id}", lambda j: f"/sponsored/journeys/{j.public_id}", "sponsor"),
    ],
)
def test_a_read_costs_the_same_for_two_rows_as_for_five(
    cast: Cast, name: str, path: Callable[[Journey], str], who: str
) -> None:
    small = cost(cast, 2, path, who)
    large = cost(cast, 5, path, who)
    assert small == large == EXPECTED[name]
