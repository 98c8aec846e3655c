"""Who an API request speaks for: the bearer token in its Authorization header.

A session cookie is not an API credential: a tool holds a token, and a page that a browser
opens is not an API client (so the API needs no CSRF defence). The request leaves here
looking as a page's request does after PracticeMiddleware (`user`, `membership`,
`practice`), so the API reads through the same scoping functions as the pages.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from arcwise.api.models import AccessToken
from arcwise.api.tokens import Bearer, bearer_of

# last_used_at is written at most this often, so that a busy tool does not write a row on
# every request.
LAST_USED_GRAIN = timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Bearer | None:
        bearer = bearer_of(token)
        if bearer is None:
            return None
        membership = bearer.membership
        request.user = membership.user
        request.membership = membership  # type: ignore[attr-defined]
        request.memberships = [membership]  # type: ignore[attr-defined]
        request.practice = membership.practice  # type: ignore[attr-defined]
        _note_use(bearer.token)
        return bearer


def _note_use(token: AccessToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRAIN:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)


def bearer(request: HttpRequest) -> Bearer:
    """The request's Bearer, once BearerToken has let it through."""
    found: Any = getattr(request, "auth", None)
    assert isinstance(found, Bearer)
    return found
