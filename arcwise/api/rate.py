"""The rate limit of each token (docs/api.md): at most settings.API_RATE_LIMIT requests in
each minute of the clock, counted in the database, so that every web process and every node
counts the same requests (a cache in one process's memory would let each node grant the
whole limit). A request over the limit gets 429 with Retry-After: the seconds to the next
minute, when the count starts again.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from ninja.throttling import BaseThrottle

from arcwise.api.models import RateWindow
from arcwise.api.tokens import Bearer

WINDOW = timedelta(minutes=1)


def window_start(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def request_count(token_id: int, now: datetime) -> int:
    """Count one more request of the token in the minute of `now`; the count so far."""
    start = window_start(now)
    this_minute = RateWindow.objects.filter(token_id=token_id, starts_at=start)
    with transaction.atomic():
        if not this_minute.update(requests=F("requests") + 1):
            try:
                with transaction.atomic():
                    RateWindow.objects.create(token_id=token_id, starts_at=start, requests=1)
            except IntegrityError:  # another node opened the minute at the same moment
                this_minute.update(requests=F("requests") + 1)
            else:
                # The token's first request of the minute: the minutes before count no more.
                RateWindow.objects.filter(token_id=token_id, starts_at__lt=start).delete()
                return 1
        return int(this_minute.values_list("requests", flat=True).get())


def seconds_to_next_window(now: datetime) -> int:
    left = (window_start(now) + WINDOW - now).total_seconds()
    return max(1, math.ceil(left))


class TokenRate(BaseThrottle):
    """ninja's throttle hook, counting in the database; it runs after the token is checked."""

    def allow_request(self, request: HttpRequest) -> bool:
        found = getattr(request, "auth", None)
        if not isinstance(found, Bearer):
            return True
        limit: int = settings.API_RATE_LIMIT
        return request_count(found.token.pk, timezone.now()) <= limit

    def wait(self) -> float | None:
        # Windows follow the clock's minutes, so the wait needs no state of this request.
        return seconds_to_next_window(timezone.now())
