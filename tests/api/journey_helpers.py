"""Tokens and calls for the journey endpoints' tests."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from django.test import Client as HttpClient

from arcwise.accounts.models import User
from tests.api.conftest import token_for

API = "/api/v1"


def token_of(person: User, *, can_write: bool | None = None) -> str:
    """A token of the person's one practice: read-write where their role may write (a
    mentor's and a sponsor's tokens only read, tokens.py), unless asked otherwise."""
    practice = person.memberships.get().practice
    return token_for(person, practice, can_write=can_write, name="Test tool")


def call(
    raw: str | None,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    key: str | None = None,
) -> Any:
    """One request to the API with `raw` as its token; a write gets a fresh
    Idempotency-Key unless `key` names one."""
    headers: dict[str, str] = {}
    if raw:
        headers["Authorization"] = f"Bearer {raw}"
    if method != "GET":
        headers["Idempotency-Key"] = key or f"test-{uuid4()}"
    http = HttpClient()
    url = f"{API}{path}"
    if method == "GET":
        return http.get(url, headers=headers)
    return http.generic(
        method, url, json.dumps(body or {}), content_type="application/json", headers=headers
    )
