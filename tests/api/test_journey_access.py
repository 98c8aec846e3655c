"""The two tokens the API walk (tests/api/test_api_walk.py, the one table of who gets what)
has no column for: a mentor of Harbour nothing is shared with, and a sponsor of Harbour who
sponsors nothing. Each gets their own path's empty list, 404 for the walk's journey on it,
and 403 from every other journey operation, as the mentor's and sponsor's pages answer them.
"""

from __future__ import annotations

import pytest

from arcwise.accounts.models import Role
from tests.api.conftest import error_of, token_for
from tests.api.test_api_walk import OPERATIONS, Tokens, WalkScene, ask
from tests.conftest import Cast
from tests.factories import make_member

JOURNEY_OPERATIONS = [op for op in OPERATIONS if "/journeys" in op]

# What the mentor of nothing and the sponsor of nothing get where it is not 403.
THEIR_OWN = {
    "GET /api/v1/mentoring/journeys": {"mentor": 200},
    "GET /api/v1/mentoring/journeys/{journey_id}": {"mentor": 404},
    "GET /api/v1/sponsored/journeys": {"sponsor": 200},
    "GET /api/v1/sponsored/journeys/{journey_id}": {"sponsor": 404},
}


class OfNothing(Tokens):
    """The walk's tokens, its mentor and sponsor columns held by others of their role."""

    def __init__(self, scene: WalkScene) -> None:
        super().__init__(scene)
        practice = scene.cast.practice
        self.raw.update(
            mentor=token_for(make_member(practice, Role.MENTOR), practice, can_write=False),
            sponsor=token_for(make_member(practice, Role.SPONSOR), practice, can_write=False),
        )


@pytest.mark.parametrize("operation", JOURNEY_OPERATIONS)
def test_a_mentor_or_sponsor_of_nothing_reaches_nothing(cast: Cast, operation: str) -> None:
    scene = WalkScene(cast)
    tokens = OfNothing(scene)
    for column in ("mentor", "sponsor"):
        response = ask(scene, tokens, column, operation)
        expected = THEIR_OWN.get(operation, {}).get(column, 403)
        assert response.status_code == expected, (column, response.content)
        if expected == 200:
            assert response.json() == {"items": [], "count": 0}
        else:
            error_of(response)


def test_the_walk_walks_every_journey_operation() -> None:
    assert len(JOURNEY_OPERATIONS) == 18
    assert set(THEIR_OWN) <= set(JOURNEY_OPERATIONS)
