"""The API's rate limit per token, counted in the database, and its one error body for
paths and methods it does not have."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient

from arcwise.api.models import RateWindow
from arcwise.api.rate import request_count
from tests.api.conftest import api_as, error_of
from tests.conftest import Cast

MINUTE = datetime(2026, 12, 7, 12, 30, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_token_over_its_limit_waits_for_the_next_minute(cast: Cast, settings: Any) -> None:
    settings.API_RATE_LIMIT = 3
    api = api_as(cast.coach, cast.practice)
    with time_machine.travel(MINUTE.replace(second=15), tick=False):
        assert [api.get("/me").status_code for _ in range(3)] == [200, 200, 200]
        refused = api.get("/me")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        error = error_of(refused)
        assert error["code"] == "too_many_requests"
        assert "3 requests a minute" in error["message"]
    with time_machine.travel(MINUTE.replace(minute=31, second=1), tick=False):
        assert api.get("/me").status_code == 200
        # Only the minute under way is kept.
        assert RateWindow.objects.count() == 1


@pytest.mark.django_db
def test_each_token_has_its_own_count(cast: Cast, settings: Any) -> None:
    settings.API_RATE_LIMIT = 1
    first, second = api_as(cast.coach, cast.practice), api_as(cast.coach, cast.practice)
    with time_machine.travel(MINUTE, tick=False):
        assert first.get("/me").status_code == 200
        assert first.get("/me").status_code == 429
        assert second.get("/me").status_code == 200


@pytest.mark.django_db
def test_a_refused_write_is_not_counted_and_not_kept(cast: Cast, settings: Any) -> None:
    settings.API_RATE_LIMIT = 1
    api = api_as(cast.coach, cast.practice)
    body = {"name": "Rita Rate", "email": "rita@example.org", "time_zone": "UTC"}
    with time_machine.travel(MINUTE, tick=False):
        assert api.get("/me").status_code == 200
        assert api.post("/clients", body, key="rate-key-01").status_code == 429
    with time_machine.travel(MINUTE.replace(minute=31), tick=False):
        # The same key, sent again when the limit allows, is a first write.
        assert api.post("/clients", body, key="rate-key-01").status_code == 201


@pytest.mark.django_db
def test_the_count_is_the_databases_not_one_processs(cast: Cast) -> None:
    # Two web nodes each count through the same row: what one counted, the other sees.
    from arcwise.api.tokens import token_create

    token, _ = token_create(cast.coach, cast.practice, "Tool", False)
    assert [request_count(token.pk, MINUTE) for _ in range(3)] == [1, 2, 3]
    assert RateWindow.objects.get(token=token).requests == 3


@pytest.mark.django_db
def test_an_unknown_path_is_a_json_404(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    for path in ("/nowhere", "/clients/not-a-uuid/", "/designs/x/y/z"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert "no such path" in error_of(response)["message"]
    # Not Django's CSRF page either: an API path answers no cookie.
    response = api.send("PUT", "/nowhere", {})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.django_db
def test_a_wrong_method_is_a_json_405_that_says_which_are_taken(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    response = api.send("DELETE", "/clients")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert "DELETE" in error_of(response)["message"]


@pytest.mark.django_db
def test_a_session_cookie_is_no_api_credential(as_coach: HttpClient) -> None:
    response = as_coach.get("/api/v1/clients")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert error_of(response)["code"] == "not_signed_in"


@pytest.mark.django_db
def test_a_write_too_large_to_read_is_refused_in_the_one_body(cast: Cast, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api = api_as(cast.coach, cast.practice)
    body = {"name": "Lara Large", "email": "lara@example.org", "notes": "x" * 2000}
    response = api.post("/clients", body)
    assert response.status_code == 413
    assert "body" in error_of(response)["fields"]
