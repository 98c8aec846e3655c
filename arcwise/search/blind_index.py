"""Keeping the blind index of thread text (`ThreadWord`) up to date, and reading it.

The key: HMAC-SHA-256 of a fixed label under the newest encryption key gives the index's
master key; HMAC of the practice's pk under that gives each practice its own key. So the
key never lives in the database, a digest of one practice matches nothing in another, and
someone holding a copy of the database cannot test guessed words without the keys.

Written on every change of a thread's text, in the same transaction
(`wiring.THREAD_TEXT_CHANGED`, called by `journeys.threads.services`), and emptied for
journeys whose text is removed (records' disposal and erasure call `thread_words_forget`).
After the keys rotate, `manage.py search_reindex` makes the digests again under the new key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet

from arcwise.journeys.models import Journey, Thread
from arcwise.search.models import ThreadWord
from arcwise.search.words import indexed_words

_LABEL = b"arcwise search blind index v1"


@cache
def _master(newest_key: str) -> bytes:
    raw = base64.urlsafe_b64decode(newest_key.encode("ascii"))
    return hmac.new(raw, _LABEL, hashlib.sha256).digest()


def _current_master() -> bytes:
    return _master(settings.ENCRYPTION_KEYS[0])


def key_id() -> str:
    """A short fingerprint of the index's current key, kept beside each digest."""
    return hashlib.sha256(b"key id:" + _current_master()).hexdigest()[:8]


def digests(practice_id: int, words: Iterable[str]) -> list[str]:
    """The digests of already normalised `words` under `practice_id`'s key, in order."""
    key = hmac.new(_current_master(), b"practice:%d" % practice_id, hashlib.sha256).digest()
    return [hmac.new(key, w.encode("utf-8"), hashlib.sha256).hexdigest()[:32] for w in words]


def thread_words_index(thread: Thread) -> None:
    """Make `thread`'s digests again from its text and where it went (inside the caller's
    transaction, so the index commits or rolls back with the text)."""
    practice_id = Journey.objects.filter(pk=thread.journey_id).values_list(
        "practice_id", flat=True
    )[0]
    words = indexed_words(f"{thread.text} {thread.where_it_went}")
    ThreadWord.objects.filter(thread=thread).delete()
    current = key_id()
    ThreadWord.objects.bulk_create(
        ThreadWord(
            thread=thread,
            journey_id=thread.journey_id,
            practice_id=practice_id,
            digest=digest,
            key_id=current,
        )
        for digest in dict.fromkeys(digests(practice_id, words))
    )


def thread_words_forget(journey_ids: Iterable[int]) -> None:
    """Drop the digests of the threads of `journey_ids`, whose text has been removed."""
    ThreadWord.objects.filter(journey_id__in=list(journey_ids)).delete()


def search_reindex(batch: int = 500) -> int:
    """Make every thread's digests again under the current key; the number of threads."""
    done = 0
    last = 0
    while True:
        threads = list(Thread.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not threads:
            return done
        for thread in threads:
            thread_words_index(thread)
        last = threads[-1].pk
        done += len(threads)


def threads_matching(practice_id: int, words: list[str], journeys: QuerySet[Journey]) -> Any:
    """The pks of the threads of `journeys` (a query, not rows) whose text holds every one
    of `words`, as a subquery: one index lookup per word, grouped by thread."""
    wanted = list(dict.fromkeys(digests(practice_id, words)))
    return (
        ThreadWord.objects.filter(
            practice_id=practice_id,
            digest__in=wanted,
            key_id=key_id(),
            journey__in=journeys.values("pk"),
        )
        .values("thread_id")
        .annotate(found=Count("digest"))
        .filter(found=len(wanted))
        .values("thread_id")
    )
