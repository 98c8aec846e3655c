"""What every token gets from every journey route: one line per route, one status per kind
of token, as the pages answer the same people (tests/test_url_walk.py walks the pages).

The tokens: the practice's owner, the journey's coach (read-write, and read-only), a
colleague coach, the mentor the journey is shared with and one it is not, the journey's
sponsor and a sponsor of nothing, an owner and a sponsor of another practice, a revoked
token, and none.
Each request runs in a savepoint that is rolled back, so one token's write never changes
what the next one sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest
from django.db import transaction

from arcwise.accounts.models import Role
from arcwise.api.tokens import token_revoke
from arcwise.insights.mentoring import mentor_grant
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import Experiment, Journey, Session, Thread
from arcwise.journeys.sessions.services import session_set_status
from arcwise.journeys.threads.services import thread_open
from tests.api.journey_helpers import call, token_of
from tests.conftest import Cast
from tests.factories import make_member
from tests.journeys.factories import START, days, make_journey
from tests.sponsors.factories import sponsor

ROLES = (
    "owner",
    "coach",
    "read_only",
    "colleague",
    "mentor",
    "other_mentor",
    "sponsor",
    "other_sponsor",
    "outsider",
    "stranger",
    "revoked",
    "none",
)


@dataclass(frozen=True)
class Scene:
    journey: Journey
    session: Session
    thread: Thread
    experiment: Experiment
    tokens: dict[str, str | None]


@dataclass(frozen=True)
class Route:
    method: str
    path: Callable[[Scene], str]
    statuses: tuple[int, ...]
    body: dict[str, Any] | None = None


def J(s: Scene) -> str:
    return f"/journeys/{s.journey.public_id}"


def S(s: Scene) -> str:
    return f"{J(s)}/sessions/{s.session.public_id}"


# fmt: off
# owner, coach, read-only, colleague, mentor, other mentor, sponsor, other sponsor, outsider,
# stranger, revoked, none (ROLES)
COACHS_READ =   (404, 200, 200, 404, 403, 403, 403, 403, 404, 403, 401, 401)
COACHS_WRITE =  (404, 200, 403, 404, 403, 403, 403, 403, 404, 403, 401, 401)
COACHS_NEW =    (404, 201, 403, 404, 403, 403, 403, 403, 404, 403, 401, 401)
# Every owner and coach lists journeys (their own; the owner any coach's); an outsider
# lists their own practice's.
ANY_COACHS =    (200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 401, 401)
# Mentors' and sponsors' own paths: each lists what is shared with them (maybe nothing).
MENTORS_LIST =  (403, 403, 403, 403, 200, 200, 403, 403, 403, 403, 401, 401)
MENTORS_ONE =   (403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 401, 401)
SPONSORS_LIST = (403, 403, 403, 403, 403, 403, 200, 200, 403, 200, 401, 401)
SPONSORS_ONE =  (403, 403, 403, 403, 403, 403, 200, 404, 403, 404, 401, 401)

ACCESS: dict[str, Route] = {
    "journey_list": Route("GET", lambda s: "/journeys", ANY_COACHS),
    # One journey and all it holds: its own coach alone, as the journey pages.
    "journey_detail": Route("GET", J, COACHS_READ),
    "journey_momentum": Route("GET", lambda s: f"{J(s)}/momentum", COACHS_READ),
    "journey_outcomes": Route("GET", lambda s: f"{J(s)}/outcomes", COACHS_READ),
    "session_list": Route("GET", lambda s: f"{J(s)}/sessions", COACHS_READ),
    "session_detail": Route("GET", S, COACHS_READ),
    "experiment_list": Route("GET", lambda s: f"{J(s)}/experiments", COACHS_READ),
    "thread_list": Route("GET", lambda s: f"{J(s)}/threads", COACHS_READ),
    "session_record_save": Route(
        "PUT", lambda s: f"{S(s)}/record", COACHS_WRITE, {"notes": "Kept", "version": 1}
    ),
    "session_status_set": Route(
        "POST", lambda s: f"{S(s)}/status", COACHS_WRITE,
        {"status": "no_show", "from_status": "held"},
    ),
    "experiment_agree": Route(
        "POST", lambda s: f"{S(s)}/experiments", COACHS_NEW,
        {"title": "Try", "what_to_try": "Once", "by_when": "2026-09-20"},
    ),
    "experiment_status_set": Route(
        "POST", lambda s: f"{J(s)}/experiments/{s.experiment.public_id}/status", COACHS_WRITE,
        {"status": "done", "from_status": "open", "debrief": "Fine"},
    ),
    "thread_open": Route(
        "POST", lambda s: f"{S(s)}/threads", COACHS_NEW, {"kind": "insight", "text": "Kept"}
    ),
    "thread_close": Route(
        "POST", lambda s: f"{J(s)}/threads/{s.thread.public_id}/close", COACHS_WRITE,
        {"where_it_went": "Away", "version": 1},
    ),
    "shared_list": Route("GET", lambda s: "/mentoring/journeys", MENTORS_LIST),
    "shared_journey": Route(
        "GET", lambda s: f"/mentoring/journeys/{s.journey.public_id}", MENTORS_ONE
    ),
    "sponsored_list": Route("GET", lambda s: "/sponsored/journeys", SPONSORS_LIST),
    "sponsored_journey": Route(
        "GET", lambda s: f"/sponsored/journeys/{s.journey.public_id}", SPONSORS_ONE
    ),
}
# fmt: on


@pytest.fixture
def scene(cast: Cast) -> Scene:
    journey = make_journey(cast.coach, cast.client)
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert first is not None
    session = session_set_status(session=first, status="held", from_status="planned")
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    sponsor(cast, journey)
    practice = cast.practice
    revoked = make_member(practice, Role.COACH)
    revoked_raw = token_of(revoked)
    token_revoke(revoked, practice, revoked.access_tokens.get().public_id)
    return Scene(
        journey=journey,
        session=session,
        thread=thread_open(session=session, kind="insight", text="Loyalty", token=uuid4()),
        experiment=experiment_agree(
            session=session, title="Say no", what_to_try="Once", by_when=START + days(7)
        ),
        tokens={
            "owner": token_of(cast.owner),
            "coach": token_of(cast.coach),
            "read_only": token_of(cast.coach, can_write=False),
            "colleague": token_of(make_member(practice, Role.COACH)),
            "mentor": token_of(cast.mentor),
            "other_mentor": token_of(make_member(practice, Role.MENTOR)),
            "sponsor": token_of(cast.sponsor),
            "other_sponsor": token_of(make_member(practice, Role.SPONSOR)),
            "outsider": token_of(cast.outsider),
            "stranger": token_of(make_member(cast.other_practice, Role.SPONSOR)),
            "revoked": revoked_raw,
            "none": None,
        },
    )


def ask(scene: Scene, role: str, route: Route) -> int:
    with transaction.atomic():
        response = call(scene.tokens[role], route.method, route.path(scene), route.body)
        transaction.set_rollback(True)
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}, response.content  # the one error body
    return int(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_every_token_gets_what_the_table_says(scene: Scene, name: str) -> None:
    route = ACCESS[name]
    got = {role: ask(scene, role, route) for role in ROLES}
    assert got == dict(zip(ROLES, route.statuses, strict=True))


def test_the_table_names_every_journey_route() -> None:
    from arcwise.api.endpoints import (
        journey_outcomes,
        journey_sessions,
        journey_shared,
        journey_work,
        journeys,
    )

    ours = {
        name
        for module in (journeys, journey_sessions, journey_work, journey_outcomes, journey_shared)
        for name, value in vars(module).items()
        if callable(value) and hasattr(value, "_ninja_operation")
    }
    assert ours == set(ACCESS)
