"""The blind index of thread text: keyed digests of its words, never the words.

A thread's text and where it went are encrypted at rest (privacy/fields.py), so the
database cannot search them. Each distinct word of either is kept here as an HMAC under a
key derived from the encryption keys and the practice (`blind_index.py`): a search
computes the same digests for its words and looks them up. The table holds no word, and
the digests of one practice say nothing about another's. docs/privacy.md says what the
digests still reveal.
"""

from __future__ import annotations

from django.db import models

from arcwise.accounts.models import Practice
from arcwise.journeys.models import Journey, Thread


class ThreadWord(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    # The thread's journey (which never changes), so that a search keeps the coach's own
    # journeys' words without reading a thread: see the index below.
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    # The thread's practice, copied so that a search reads one index range of its own practice.
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    # HMAC-SHA-256 of the normalised word, the first 128 bits in hex.
    digest = models.CharField(max_length=32)
    # Which derived key made the digest: after a key rotation, `manage.py search_reindex`
    # makes the rows of older keys again (search reads only the current key's).
    key_id = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "digest"], name="search_threadword_once_per_thread"
            ),
        ]
        indexes = [
            # Serves `blind_index.threads_matching`: the practice's rows holding a digest,
            # with everything the search reads of them in the index itself, so that a common
            # word's thousands of rows are read from the index alone (bench/search.py).
            models.Index(
                fields=["practice", "digest", "key_id", "journey", "thread"],
                name="search_tw_practice_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"a word of thread {self.thread_id}"
