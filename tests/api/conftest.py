"""Helpers for the API's tests: a token for a person, and requests that carry it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from django.test import Client as HttpClient

from arcwise.accounts.models import CLIENT_ROLES, Membership, Practice, User
from arcwise.api.tokens import token_create

# The test client's answer (an HttpResponse with .json() and the request sent).
Answer = Any


def token_for(
    person: User, practice: Practice, *, can_write: bool | None = None, name: str = "Tool"
) -> str:
    """The text of a new token of `person` in `practice`; read-write where their role may
    write, unless asked otherwise."""
    if can_write is None:
        role = Membership.objects.get(user=person, practice=practice).role
        can_write = role in CLIENT_ROLES
    return token_create(person, practice, name, can_write)[1]


@dataclass
class Api:
    """Requests to /api/v1/ with a token (or none), answered as (status, JSON body)."""

    raw: str | None

    def _headers(self, key: str | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.raw}"} if self.raw else {}
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def get(self, path: str, **query: Any) -> Answer:
        return HttpClient().get(f"/api/v1{path}", query, headers=self._headers(None))

    def send(
        self, method: str, path: str, body: Any = None, *, key: str | None = "auto", **extra: Any
    ) -> Answer:
        key = f"key-{uuid4()}" if key == "auto" else key
        http = HttpClient()
        if "files" in extra:
            return http.post(f"/api/v1{path}", extra["files"], headers=self._headers(key))
        return http.generic(
            method,
            f"/api/v1{path}",
            json.dumps(body).encode() if body is not None else b"",
            content_type="application/json",
            headers=self._headers(key),
        )

    def post(self, path: str, body: Any = None, **extra: Any) -> Answer:
        return self.send("POST", path, body, **extra)

    def put(self, path: str, body: Any = None, **extra: Any) -> Answer:
        return self.send("PUT", path, body, **extra)


def api_as(person: User, practice: Practice, *, can_write: bool | None = None) -> Api:
    return Api(token_for(person, practice, can_write=can_write))


def error_of(response: Answer) -> dict[str, Any]:
    """The one error body's inside, checked for its shape."""
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == response.status_code
    return error
