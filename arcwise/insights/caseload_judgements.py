"""The caseload's judgements, kept per process: a journey's momentum now and the weeks
behind it are judged again only when its facts, the thresholds, or the minute (the day,
for past weeks) change. Nothing depends on these caches but speed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from arcwise.days import zone_or_utc
from arcwise.insights.momentum.facts import JourneyFacts
from arcwise.insights.momentum.judgement import assess, weekly_states
from arcwise.insights.momentum.states import Momentum, State
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum.words import local_day
from arcwise.svg.sparkline import WEEKS, WeekPoint

# What identifies a judgement's input: the journey's pk, the hash of its facts, and the
# thresholds (as their repr). A changed fact, such as a session marked held, changes the hash.
Fingerprint = tuple[int, int, str]


def momentum_now(
    fingerprint: Fingerprint, facts: JourneyFacts, now: datetime, thresholds: Thresholds
) -> Momentum:
    """The journey's momentum as of `now`; judged again only when its facts, the thresholds
    or the minute change. Within a minute nothing a coach can see moves (every signal counts
    days), while a coach filtering the caseload asks for the same journeys again and again.
    A fact that changed is a new hash, so it is never judged from a stale entry."""
    cache_key = (*fingerprint, now.replace(second=0, microsecond=0))
    momentum = _NOW.get(cache_key)
    if momentum is None:
        momentum = assess(facts, now, thresholds)
        _keep(_NOW, cache_key, momentum)
    return momentum


def past_weeks(
    fingerprint: Fingerprint, facts: JourneyFacts, now: datetime, thresholds: Thresholds
) -> tuple[WeekPoint, ...]:
    """The sparkline's points before this week, oldest first: the journey judged at the end
    of the same weekday 1 … 11 weeks ago, from what was known by then.

    Judged in one go from facts prepared once (`weekly_states`), they cost about what
    judging the current week does; they change only when the journey's facts do, so they
    are also kept per process, keyed by the facts themselves (by
    hash, with the journey's pk), the thresholds and the day: a changed fact, a new day or
    other thresholds judge afresh. Nothing depends on the cache but speed.
    """
    last_week = local_day(now, facts.zone) - timedelta(days=7)
    cache_key = (*fingerprint, last_week)
    points = _PAST_WEEKS.get(cache_key)
    if points is None:
        points = _judged_weeks(facts, last_week, thresholds)
        _keep(_PAST_WEEKS, cache_key, points)
    return points


# Per-process caches of judgements, by fingerprint and the minute or day. Bounded crudely:
# emptied when full, which costs one slow caseload, never a wrong one.
_NOW: dict[tuple[int, int, str, datetime], Momentum] = {}
_PAST_WEEKS: dict[tuple[int, int, str, date], tuple[WeekPoint, ...]] = {}
KEPT = 5_000


def _keep(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= KEPT:
        cache.clear()
    cache[key] = value


@lru_cache(maxsize=64)
def thresholds_key(thresholds: Thresholds) -> str:
    # Compared once per row: a string compares far faster than the dataclass does.
    return repr(thresholds)


def _judged_weeks(
    facts: JourneyFacts, last_week: date, thresholds: Thresholds
) -> tuple[WeekPoint, ...]:
    moment = datetime.combine(last_week, time.max, tzinfo=zone_or_utc(facts.zone))
    judged = weekly_states(facts, moment, WEEKS - 1, thresholds)
    return tuple(WeekPoint(LABELS[state], score) for _, state, score in judged)


LABELS = {state: state.label for state in State}  # one property call per state, not per week
