"""Schemathesis against the API's own schema, as an owner's read-write token of a seeded
practice: every operation the schema holds at the time (so operations added later are
fuzzed too), with data that fits the schema and data that does not. No answer may be a
server error, and every answer must be what the schema says: a documented status code, a
documented content type, a body of the documented shape. Every write carries a fresh
Idempotency-Key, so each generated request is a change of its own.

`CI=true` loads the derandomized Hypothesis profile "ci" (tests/conftest.py): the same
examples every run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from arcwise.accounts.models import Role
from arcwise.api.site import api
from arcwise.api.tokens import token_create
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import Session
from arcwise.journeys.sessions.services import session_set_status
from arcwise.journeys.threads.services import thread_open
from tests.designs.factories import make_design
from tests.factories import make_client, make_member, make_practice
from tests.journeys.factories import START, days, make_journey

# Examples per operation: enough to reach every refusal each operation has, few enough that
# the whole schema takes about a minute on each database.
EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Every operation in the schema at collection time, by schemathesis's label.
OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method in methods
)
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class Fuzzed:
    schema: Any
    token: str
    rows: dict[str, str]  # a seeded row for each path parameter


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """The WSGI app closes the database connection after each request, as a server should;
    the test's data lives in that connection's transaction, so keep it open, as Django's
    test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzed(db: None, settings: Any, connection_kept: None) -> Fuzzed:
    """The schema as the WSGI app serves it, with a practice seeded behind it."""
    settings.API_RATE_LIMIT = 1_000_000  # the fuzzer is one tool sending many requests
    practice = make_practice(name="Fuzz Coaching")
    owner = make_member(practice, Role.OWNER, name="Fay Fuzz", email="fay@example.com")
    make_member(practice, Role.COACH, name="Cal Coach", email="cal@example.com")
    client = make_client(practice, name="Fred Fuzzed", email="fred@example.org", notes="n")
    # The owner's own journey, so that its reads and writes go past the 404 to the services:
    # a held session (whose record and status change), a thread and an experiment.
    journey = make_journey(owner, client)
    first = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    session = session_set_status(session=first, status="held", from_status="planned")
    thread = thread_open(session=session, kind="insight", text="Loyalty", token=uuid4())
    experiment = experiment_agree(
        session=session, title="Say no", what_to_try="Once", by_when=START + days(7)
    )
    design = make_design(practice, owner, "start", "finish", published=True)
    _, raw = token_create(owner, practice, "Fuzzer", can_write=True)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    rows = {
        "client_id": str(client.public_id),
        "design_id": str(design.public_id),
        "journey_id": str(journey.public_id),
        "session_id": str(session.public_id),
        "thread_id": str(thread.public_id),
        "experiment_id": str(experiment.public_id),
        "number": "1",
    }
    return Fuzzed(schema, raw, rows)


@pytest.mark.parametrize("mode", MODES, ids=[mode.value for mode in MODES])
@pytest.mark.parametrize("label", OPERATIONS)
def test_every_operation_answers_as_its_schema_says(
    fuzzed: Fuzzed, label: str, mode: GenerationMode
) -> None:
    operation = fuzzed.schema.find_operation_by_label(label)
    assert operation is not None, label
    sent: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def each(case: Any) -> None:
        if len(sent) % 2 == 0:
            # Every other request names the seeded rows, so that reads and writes of real
            # rows are fuzzed too, not only the 404 of an id that names nothing.
            for name, value in fuzzed.rows.items():
                if name in (case.path_parameters or {}):
                    case.path_parameters[name] = value
        headers = {"Authorization": f"Bearer {fuzzed.token}"}
        if case.method.upper() != "GET":
            headers["Idempotency-Key"] = f"fuzz-{uuid4()}"
        response = case.call(headers=headers)
        sent.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    each()
    assert sent, f"no request was generated for {label}"
    # Seen with `pytest -rP`: how many requests, and what they were answered.
    print(f"{label} ({mode.value}): {len(sent)} requests, {dict(Counter(sent))}")
