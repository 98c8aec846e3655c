"""Make the blind index of thread text again under the current key (after a key rotation)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from arcwise.search.blind_index import search_reindex


class Command(BaseCommand):
    help = (
        "Make the search digests of every thread's words again under the newest encryption "
        "key: run it after rotate_encryption_key, since search reads only the newest key's."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = search_reindex()
        self.stdout.write(f"Indexed the words of {done} thread{'s' if done != 1 else ''}.")
