"""The weekly cap: at most so many messages reach a client in any seven days without their
asking. Session reminders always go (a missed session costs more than one message too many);
the folded prompts wait until the oldest message drops out of the window.

Counted: every client message (see CLIENT_KINDS) sent in the last seven days, and every one
still waiting, at its due time. A portal link the coach sent or the client asked for is not
counted, nor a message that failed (it never arrived).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from arcwise.clients.models import Client
from arcwise.nudges.models import CLIENT_KINDS, Nudge

WINDOW = timedelta(days=7)


def earliest_under_cap(times: Iterable[datetime], *, cap: int, at: datetime) -> datetime:
    """The first moment from `at` when fewer than `cap` of `times` fall in the seven days
    up to it; `times` are the client's counted messages (sent, or due while waiting)."""
    inside = sorted(t for t in times if t > at - WINDOW)
    over = len(inside) - cap
    if over < 0:
        return at
    # Once the (over+1) oldest have dropped out, cap - 1 are left and one more may go.
    return max(at, inside[over] + WINDOW)


def counted_filter(now: datetime) -> Q:
    return Q(kind__in=CLIENT_KINDS, failed_at=None) & (
        Q(sent_at__gt=now - WINDOW) | Q(sent_at=None)
    )


def counted_times(client_ids: Iterable[int], now: datetime) -> dict[int, list[datetime]]:
    """Each client's counted messages, as times, in one query."""
    rows = Nudge.objects.filter(counted_filter(now), client_id__in=list(client_ids)).values_list(
        "client_id", "sent_at", "due_at"
    )
    times: dict[int, list[datetime]] = defaultdict(list)
    for client_id, sent_at, due_at in rows:
        times[client_id].append(sent_at or due_at)
    return times


@dataclass(frozen=True)
class WeekCount:
    """What the coach's Messages page says: "N of M this week"."""

    count: int
    cap: int

    @property
    def reached(self) -> bool:
        return self.count >= self.cap


def week_count(client: Client, cap: int, now: datetime) -> WeekCount:
    """The client's counted messages now, less those the cap holds back (they are the next
    week's): one query."""
    rows = Nudge.objects.filter(counted_filter(now), client=client)
    return WeekCount(rows.exclude(sent_at=None, held_back__gt="").count(), cap)
