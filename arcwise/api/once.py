"""A write happens once: the Idempotency-Key rule of the API (docs/api.md).

Every write operation is wrapped by `idempotent` (through ninja's decorate_view, so it sees
the finished HTTP answer). The write and the record of its key commit in one transaction:
a second request with the same key waits for the first on the key's unique index, then
gets the first answer back, marked `Idempotent-Replayed: true`, and changes nothing. A key
used again for a different request is refused; so is a write without a key, and any
write of a token that may only read.

An answer is kept for KEEP (a day): long enough for any retry, short enough that kept
answers, which may name a client, do not pile up. A token's older rows go when it writes
again; a client's erasure deletes the kept answers that name them (`kept_answers_forget`,
called through arcwise/wiring.py; docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from arcwise.accounts.models import CLIENT_ROLES
from arcwise.api.models import ANSWER_LIMIT, KEY_LIMIT, IdempotentWrite
from arcwise.api.tokens import Bearer, bearer_of
from arcwise.clients.models import Client

HEADER = "Idempotency-Key"
KEY_SHAPE = re.compile(rf"^[A-Za-z0-9._:\-]{{8,{KEY_LIMIT}}}$")
# Answers that say nothing happened and are not kept: a retry should be tried afresh.
NOT_KEPT = frozenset({401, 403, 429})
KEEP = timedelta(hours=24)
READ_ONLY = (
    "This token may only read: it was made read-only, or its person is now a mentor or a "
    "sponsor, who change no records. An owner or coach makes a read-write token on their "
    "account's token page to change records through the API."
)

View = Callable[..., HttpResponse]

# The header in the schema, for every write: `openapi_extra=WRITE` beside `idempotent`.
WRITE: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": HEADER,
            "required": True,
            "description": "New for each change you mean (a UUID will do); the same when you "
            "retry it, which then changes nothing and gets the first answer again.",
            "schema": {"type": "string", "pattern": KEY_SHAPE.pattern},
        }
    ]
}


def _refusal(status: int, code: str, message: str) -> HttpResponse:
    # The one error body (arcwise/api/problems.py), built by hand: this runs outside ninja.
    body = {"error": {"status": status, "code": code, "message": message, "fields": {}}}
    if status == 400:
        body["error"]["fields"] = {HEADER: message}
    if status == 413:
        body["error"]["fields"] = {"body": message}
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


def _fingerprint(request: HttpRequest) -> str:
    hashed = hashlib.sha256()
    for part in (request.method or "", request.get_full_path()):
        hashed.update(part.encode("utf-8", "surrogatepass") + b"\0")
    hashed.update(request.body)
    return hashed.hexdigest()


def _bearer_of(request: HttpRequest) -> Bearer | None:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return bearer_of(raw.strip())


def _replay(row: IdempotentWrite) -> HttpResponse:
    response = HttpResponse(row.answer, status=row.status, content_type="application/json")
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = _bearer_of(request)
        if found is None:
            return view(request, *args, **kwargs)  # ninja's sign-in check answers 401
        if not found.token.can_write or found.membership.role not in CLIENT_ROLES:
            return _refusal(403, "forbidden", READ_ONLY)
        token = found.token
        key = request.headers.get(HEADER, "")
        if not KEY_SHAPE.match(key):
            return _refusal(
                400,
                "bad_request",
                f"Send an {HEADER} header with every write: 8 to {KEY_LIMIT} letters, "
                "digits, dots, dashes, underscores or colons, new for each change you mean "
                "(a UUID will do), the same when you retry it.",
            )
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:
            return _refusal(
                413,
                "too_large",
                f"This request is larger than the {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} "
                "bytes Arcwise reads; nothing was changed.",
            )
        with transaction.atomic():
            # Answers older than a day are forgotten: a key may then be used afresh.
            IdempotentWrite.objects.filter(
                token=token, created_at__lt=timezone.now() - KEEP
            ).delete()
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


def kept_answers_forget(*, client: Client) -> int:
    """Delete the kept answers of the client's practice that name `client` (by id, name or
    e-mail address), inside the erasure's transaction; how many went. Answers are
    encrypted, so each of the practice's (at most a day's worth) is read to look."""
    words = [str(client.public_id), client.name, client.email]
    # As written in the answer's JSON too, where a letter outside ASCII is escaped.
    marks = {form.casefold() for word in words for form in (word, json.dumps(word)[1:-1])}
    marks = {mark for mark in marks if mark.strip()}
    naming = [
        row.pk
        for row in IdempotentWrite.objects.filter(token__practice_id=client.practice_id).only(
            "pk", "answer"
        )
        if any(mark in row.answer.casefold() for mark in marks)
    ]
    IdempotentWrite.objects.filter(pk__in=naming).delete()
    return len(naming)
