"""Every operation of the API, asked for with every kind of token, answers as API_ACCESS says.

The operations are read from the API's schema, so an operation added later is walked too:
until it has a line in API_ACCESS (and a sample for each new path parameter in API_SAMPLES,
and a body in API_BODIES for a write) its test fails and says what to add. Each request runs
in a savepoint that is rolled back, so one token's write never changes what the next sees.

The columns are the tokens of the people of tests/test_url_walk.py (the row belongs to
Harbour; "coach" is the coach whose row it is), then the coach's revoked token, no token at
all, and the coach's read-only token. A mentor's and a sponsor's tokens are read-only, as
their roles change nothing in the pages. Other modules extend the three dicts with the lines
of their own operations.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from arcwise.accounts.models import User
from arcwise.api.site import api
from arcwise.api.tokens import token_create, token_revoke
from arcwise.designs.design_file.writing import write_design
from arcwise.insights.mentoring import mentor_grant
from arcwise.journeys.models import Experiment, Journey, Session
from arcwise.journeys.sessions.services import session_set_status
from tests.api.conftest import Answer, Api, error_of
from tests.conftest import Cast
from tests.designs.factories import make_spec
from tests.test_url_walk import Scene

COLUMNS = (
    "owner",
    "coach",
    "colleague",
    "mentor",
    "sponsor",
    "outsider",
    "stranger",
    "revoked",
    "anonymous",
    "read-only",
)

# fmt: off
COACHS_READ =  (404, 200, 404, 403, 403, 404, 403, 401, 401, 200)
COACHS_WRITE = (404, 200, 404, 403, 403, 404, 403, 401, 401, 403)
COACHS_NEW =   (404, 201, 404, 403, 403, 404, 403, 401, 401, 403)
API_ACCESS: dict[str, tuple[int, ...]] = {
    # Columns: owner, coach, colleague, mentor, sponsor, outsider, stranger,
    # then revoked, anonymous, read-only (COLUMNS).
    "GET /api/v1/me":                     (200, 200, 200, 200, 200, 200, 200, 401, 401, 200),
    # Clients: the practice's, for its owner and coaches (tests/test_url_walk.py, clients:*).
    # The outsider's list and writes are of their own practice.
    "GET /api/v1/clients":                (200, 200, 200, 403, 403, 200, 403, 401, 401, 200),
    "POST /api/v1/clients":               (201, 201, 201, 403, 403, 201, 403, 401, 401, 403),
    "GET /api/v1/clients/{client_id}":    (200, 200, 200, 403, 403, 404, 403, 401, 401, 200),
    "PUT /api/v1/clients/{client_id}":    (200, 200, 200, 403, 403, 404, 403, 401, 401, 403),
    # Designs: the coach's design, shared with the practice (designs:*).
    "GET /api/v1/designs":                (200, 200, 200, 403, 403, 200, 403, 401, 401, 200),
    "POST /api/v1/designs/import":        (201, 201, 201, 403, 403, 201, 403, 401, 401, 403),
    "GET /api/v1/designs/{design_id}":    (200, 200, 200, 403, 403, 404, 403, 401, 401, 200),
    "GET /api/v1/designs/{design_id}/versions/{number}/file":
                                          (200, 200, 200, 403, 403, 404, 403, 401, 401, 200),
    # Journeys: every owner and coach lists their own (the owner any coach's); the outsider
    # their own practice's (journeys:list).
    "GET /api/v1/journeys":               (200, 200, 200, 403, 403, 200, 403, 401, 401, 200),
    # One journey and all it holds: its own coach alone, as the journey pages (journeys:*).
    "GET /api/v1/journeys/{journey_id}":  COACHS_READ,
    "GET /api/v1/journeys/{journey_id}/momentum": COACHS_READ,
    "GET /api/v1/journeys/{journey_id}/outcomes": COACHS_READ,
    "GET /api/v1/journeys/{journey_id}/sessions": COACHS_READ,
    "GET /api/v1/journeys/{journey_id}/sessions/{session_id}": COACHS_READ,
    "PUT /api/v1/journeys/{journey_id}/sessions/{session_id}/record": COACHS_WRITE,
    "POST /api/v1/journeys/{journey_id}/sessions/{session_id}/status": COACHS_WRITE,
    "GET /api/v1/journeys/{journey_id}/experiments": COACHS_READ,
    "POST /api/v1/journeys/{journey_id}/sessions/{session_id}/experiments": COACHS_NEW,
    "POST /api/v1/journeys/{journey_id}/experiments/{experiment_id}/status": COACHS_WRITE,
    "GET /api/v1/journeys/{journey_id}/threads": COACHS_READ,
    "POST /api/v1/journeys/{journey_id}/sessions/{session_id}/threads": COACHS_NEW,
    "POST /api/v1/journeys/{journey_id}/threads/{thread_id}/close": COACHS_WRITE,
    # A mentor's and a sponsor's own paths: each lists what is shared with them, and the
    # stranger (a sponsor of another practice) lists nothing (insights:mentor_*, sponsors:*).
    # tests/api/test_journey_access.py: a mentor or sponsor of nothing.
    "GET /api/v1/mentoring/journeys":     (403, 403, 403, 200, 403, 403, 403, 401, 401, 403),
    "GET /api/v1/mentoring/journeys/{journey_id}":
                                          (403, 403, 403, 200, 403, 403, 403, 401, 401, 403),
    "GET /api/v1/sponsored/journeys":     (403, 403, 403, 403, 200, 403, 200, 401, 401, 403),
    "GET /api/v1/sponsored/journeys/{journey_id}":
                                          (403, 403, 403, 403, 200, 403, 404, 401, 401, 403),
}
# fmt: on


class WalkScene(Scene):
    """The url walk's scene, its journey shared with Harbour's mentor and sponsored by
    Harbour's sponsor, its first session held (so that its record and status can change)."""

    @cached_property
    def walked_journey(self) -> Journey:
        journey = self.journey
        assert self.sponsorship
        mentor_grant(journey=journey, mentor=self.cast.mentor, by=self.cast.coach)
        return journey

    @cached_property
    def held_session(self) -> Session:
        return session_set_status(
            session=self.session_of(self.walked_journey), status="held", from_status="planned"
        )

    @cached_property
    def experiment(self) -> Experiment:
        return Experiment.objects.get(journey=self.walked_journey)


# A row of Harbour's for each path parameter.
API_SAMPLES: dict[str, Callable[[WalkScene], Any]] = {
    "client_id": lambda s: s.cast.client.public_id,
    "design_id": lambda s: s.design.public_id,
    "number": lambda s: 1,
    "journey_id": lambda s: s.walked_journey.public_id,
    "session_id": lambda s: s.held_session.public_id,
    "experiment_id": lambda s: s.experiment.public_id,
    "thread_id": lambda s: s.thread.public_id,
}


def design_file(scene: WalkScene) -> dict[str, Any]:
    data = write_design(make_spec("start", "finish")).encode()
    return {"files": {"file": SimpleUploadedFile("d.yaml", data, "application/yaml")}}


# What each write sends: a body its owner's request gets through with.
API_BODIES: dict[str, Callable[[WalkScene], dict[str, Any]]] = {
    "POST /api/v1/clients": lambda s: {
        "body": {"name": "Walter Walk", "email": "walter@example.org", "time_zone": "UTC"}
    },
    "PUT /api/v1/clients/{client_id}": lambda s: {
        "body": {
            "name": "Quentin C.",
            "email": s.cast.client.email,
            "time_zone": "UTC",
            "version": s.cast.client.version,
        }
    },
    "POST /api/v1/designs/import": design_file,
    "PUT /api/v1/journeys/{journey_id}/sessions/{session_id}/record": lambda s: {
        "body": {"notes": "Kept", "version": 1}
    },
    "POST /api/v1/journeys/{journey_id}/sessions/{session_id}/status": lambda s: {
        "body": {"status": "no_show", "from_status": "held"}
    },
    "POST /api/v1/journeys/{journey_id}/sessions/{session_id}/experiments": lambda s: {
        "body": {"title": "Try", "what_to_try": "Once", "by_when": "2026-09-20"}
    },
    "POST /api/v1/journeys/{journey_id}/experiments/{experiment_id}/status": lambda s: {
        "body": {"status": "done", "from_status": "open", "debrief": "Fine"}
    },
    "POST /api/v1/journeys/{journey_id}/sessions/{session_id}/threads": lambda s: {
        "body": {"kind": "insight", "text": "Kept"}
    },
    "POST /api/v1/journeys/{journey_id}/threads/{thread_id}/close": lambda s: {
        "body": {"where_it_went": "Away", "version": s.thread.version}
    },
}

OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method in methods
)


class Tokens:
    """A token for each column, made when first asked for."""

    def __init__(self, scene: WalkScene) -> None:
        self.scene = scene

    def _of(self, person: User, practice: Any, *, can_write: bool = True) -> str:
        return token_create(person, practice, "Walk", can_write)[1]

    @cached_property
    def raw(self) -> dict[str, str | None]:
        cast, people = self.scene.cast, self.scene.people
        revoked, revoked_raw = token_create(cast.coach, cast.practice, "Old", True)
        token_revoke(cast.coach, cast.practice, revoked.public_id)
        other = cast.other_practice
        return {
            "owner": self._of(cast.owner, cast.practice),
            "coach": self._of(cast.coach, cast.practice),
            "colleague": self._of(people["colleague"], cast.practice),  # type: ignore[arg-type]
            "mentor": self._of(cast.mentor, cast.practice, can_write=False),
            "sponsor": self._of(cast.sponsor, cast.practice, can_write=False),
            "outsider": self._of(cast.outsider, other),
            "stranger": self._of(people["stranger"], other, can_write=False),  # type: ignore[arg-type]
            "revoked": revoked_raw,
            "anonymous": None,
            "read-only": self._of(cast.coach, cast.practice, can_write=False),
        }


def ask(scene: WalkScene, tokens: Tokens, column: str, operation: str) -> Answer:
    method, path = operation.split(" ", 1)
    for name, sample in API_SAMPLES.items():
        if f"{{{name}}}" in path:
            path = path.replace(f"{{{name}}}", str(sample(scene)))
    http = Api(tokens.raw[column])
    with transaction.atomic():
        if method == "GET":
            response = http.get(path.removeprefix("/api/v1"))
        else:
            sent = API_BODIES[operation](scene)
            response = http.send(
                method,
                path.removeprefix("/api/v1"),
                sent.get("body"),
                key=f"walk-{uuid4()}",
                **({"files": sent["files"]} if "files" in sent else {}),
            )
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_token_gets_what_the_table_says(cast: Cast, operation: str) -> None:
    scene = WalkScene(cast)
    tokens = Tokens(scene)
    method = operation.split(" ", 1)[0]
    if method != "GET" and operation not in API_BODIES:
        pytest.fail(f"add a body for {operation} to API_BODIES in {__file__}")
    answers = {column: ask(scene, tokens, column, operation) for column in COLUMNS}
    for refusal in (a for a in answers.values() if a.status_code >= 400):
        error_of(refusal)  # every refusal is the one error body
    got = {column: answer.status_code for column, answer in answers.items()}
    line = f'"{operation}": ({", ".join(str(got[c]) for c in COLUMNS)}),'
    expected = API_ACCESS.get(operation)
    assert expected is not None, f"add a line to API_ACCESS in {__file__}:\n{line}"
    assert dict(zip(COLUMNS, expected, strict=True)) == got, f"today it answers:\n{line}"


def test_every_line_of_the_table_is_an_operation_of_the_api() -> None:
    assert set(API_ACCESS) <= set(OPERATIONS)
    assert all(len(line) == len(COLUMNS) for line in API_ACCESS.values())


def test_every_operation_documents_one_error_body_and_every_write_its_key() -> None:
    schema = api.get_openapi_schema()
    errors = [name for name in schema["components"]["schemas"] if "Error" in name]
    assert errors == ["ErrorBody"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            refusals = {k: v for k, v in operation["responses"].items() if int(k) >= 400}
            assert refusals, (method, path)
            for answer in refusals.values():
                shape = answer["content"]["application/json"]["schema"]
                assert shape == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            assert ("Idempotency-Key" in headers) == (method != "get"), (method, path)
