"""Schemathesis against the journey operations with the ids of a real journey, so that
generated bodies and filters reach the services rather than a 404: as the journey's coach
with a read-write token, every answer must be a documented status with a body of the
documented shape, and never a server error. The whole schema is fuzzed with random ids
elsewhere (docs/api.md); this goes past the 404 to what the journey endpoints do."""

from __future__ import annotations

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
    response_schema_conformance,
    status_code_conformance,
)

from arcwise.api.site import api
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import Session
from arcwise.journeys.sessions.services import session_set_status
from arcwise.journeys.threads.services import thread_open
from tests.api.journey_helpers import token_of
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey

EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method in methods
    if path.startswith("/api/v1/journeys/")
)
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class Fuzzed:
    schema: Any
    token: str
    ids: dict[str, str]


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """The WSGI app closes the connection after each request; the test's data lives in that
    connection's transaction, so keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzed(cast: Cast, connection_kept: None) -> Fuzzed:
    journey = make_journey(cast.coach, cast.client)
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert first is not None
    session = session_set_status(session=first, status="held", from_status="planned")
    thread = thread_open(session=session, kind="insight", text="Loyalty", token=uuid4())
    experiment = experiment_agree(
        session=session, title="Say no", what_to_try="Once", by_when=START + days(7)
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    ids = {
        "journey_id": str(journey.public_id),
        "session_id": str(session.public_id),
        "thread_id": str(thread.public_id),
        "experiment_id": str(experiment.public_id),
    }
    return Fuzzed(schema, token_of(cast.coach), ids)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", MODES, ids=[mode.value for mode in MODES])
@pytest.mark.parametrize("label", OPERATIONS)
def test_a_journey_operation_answers_as_its_schema_says(
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
        # The real ids always: a malformed id never reaches the journey endpoints (the URL
        # resolver's 404), and a random one stops at theirs.
        case.path_parameters = {name: fuzzed.ids[name] for name in (case.path_parameters or {})}
        headers = {"Authorization": f"Bearer {fuzzed.token}"}
        if case.method.upper() != "GET":
            headers["Idempotency-Key"] = f"fuzz-{uuid4()}"
        response = case.call(headers=headers)
        sent.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    each()
    assert sent, f"no request was generated for {label}"
