"""A write happens once: the Idempotency-Key rule of the API (docs/api.md).

Every write operation is wrapped by `idempotent` (through ninja's decorate_view, so it sees
the finished HTTP answer). The write and the record of its key commit in one transaction:
a second request with the same key waits for the first on the key's unique index, then
gets the first answer back, marked `Idempotent-Replayed: true`, and changes nothing. A key
used again for a different request is refused; so is a write without a key.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from arcwise.api.models import ANSWER_LIMIT, KEY_LIMIT, AccessToken, IdempotentWrite
from arcwise.api.tokens import digest_of

HEADER = "Idempotency-Key"
KEY_SHAPE = re.compile(rf"^[A-Za-z0-9._:\-]{{8,{KEY_LIMIT}}}$")
# Answers that say nothing happened and are not kept: a retry should be tried afresh.
NOT_KEPT = frozenset({401, 403, 429})

View = Callable[..., HttpResponse]


def _refusal(status: int, code: str, message: str) -> HttpResponse:
    # The one error body (arcwise/api/problems.py), built by hand: this runs outside ninja.
    import json

    body = {"error": {"status": status, "code": code, "message": message, "fields": {}}}
    if status == 400:
        body["error"]["fields"] = {HEADER: message}
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


def _fingerprint(request: HttpRequest) -> str:
    hashed = hashlib.sha256()
    for part in (request.method or "", request.get_full_path()):
        hashed.update(part.encode("utf-8", "surrogatepass") + b"\0")
    hashed.update(request.body)
    return hashed.hexdigest()


def _token_of(request: HttpRequest) -> AccessToken | None:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return AccessToken.objects.filter(digest=digest_of(raw.strip())).first()


def _replay(row: IdempotentWrite) -> HttpResponse:
    response = HttpResponse(row.answer, status=row.status, content_type="application/json")
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _token_of(request)
        if token is None:
            return view(request, *args, **kwargs)  # ninja's sign-in check answers 401
        key = request.headers.get(HEADER, "")
        if not KEY_SHAPE.match(key):
            return _refusal(
                400,
                "bad_request",
                f"Send an {HEADER} header with every write: 8 to {KEY_LIMIT} letters, "
                "digits, dots, dashes, underscores or colons, new for each change you mean "
                "(a UUID will do), the same when you retry it.",
            )
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = IdempotentWrite.objects.create(
                        token=token, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:
                earlier = IdempotentWrite.objects.get(token=token, key=key)
                if earlier.fingerprint != fingerprint:
                    return _refusal(
                        422,
                        "invalid",
                        f"This {HEADER} was used for another request; "
                        "use a new key for a new change.",
                    )
                if earlier.status is None:  # only on a database that did not make us wait
                    return _refusal(
                        409, "conflict", "The first request with this key is still running."
                    )
                return _replay(earlier)
            response = view(request, *args, **kwargs)
            if response.status_code in NOT_KEPT or response.status_code >= 500:
                transaction.set_rollback(True)
                return response
            answer = response.content.decode("utf-8", "replace")
            row.status = response.status_code
            row.answer = answer if len(answer) <= ANSWER_LIMIT else ""
            row.save(update_fields=["status", "answer"])
        return response

    return wrapper
