"""Writes of ratings: the goals' levels at a moment (coach or client), the wheel's 0 to 10
values, and the client's closing words.

Rating a moment again replaces that moment's ratings; sending the same ratings twice
changes nothing the second time and says so (`AlreadySaved`). Each moment is taken only
while the rules in moments.py keep it open, checked on the locked journey.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from arcwise.errors import DomainError
from arcwise.journeys.models import Journey
from arcwise.outcomes.facts import journey_facts
from arcwise.outcomes.measure_services import AlreadySaved, StaleMeasures
from arcwise.outcomes.models import (
    CLOSING_TEXT_LIMIT,
    ClosingReview,
    Goal,
    GoalRating,
    Moment,
    Rater,
    WheelArea,
    WheelRating,
)
from arcwise.outcomes.moments import moment_state
from arcwise.text import bidi_control_message, find_bidi_control


def _lock_open_moment(journey: Journey, moment: str, rater: str, today: date | None) -> Journey:
    if moment not in Moment.values:
        raise DomainError(
            "Choose the moment to rate: at the start, mid-way or at close.", field="moment"
        )
    locked = Journey.objects.select_for_update().get(pk=journey.pk)
    today = today or timezone.localdate()
    state = moment_state(moment, rater, journey_facts(locked), today)
    if not state.takes_ratings:
        label = Moment(moment).label.lower()
        raise DomainError(f"Ratings {label} are not taken now. {state.reason}", field="moment")
    return locked


def _level_of(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        level = int(str(value))
    except ValueError:
        return None
    return level if -2 <= level <= 2 else None


def _rate_goals(
    journey: Journey, moment: str, rater: str, levels: Mapping[str, object], now: datetime
) -> bool:
    goals = [g for g in Goal.objects.filter(journey_id=journey.pk) if g.is_scaled()]
    if not goals:
        raise DomainError("Describe all five levels of a goal before it can be rated.")
    known = {str(g.public_id) for g in goals}
    if any(key not in known for key in levels):
        raise StaleMeasures(
            "The goals changed since this page was loaded, so nothing was saved. Reload to "
            "rate them as they are now."
        )
    chosen: dict[int, int] = {}
    for goal in goals:
        level = _level_of(levels.get(str(goal.public_id)))
        if level is None:
            raise DomainError(
                f"Choose one of the five levels for “{goal.text}”.",
                field=f"goal-{goal.public_id}",
            )
        chosen[goal.pk] = level
    stored = {
        r.goal_id: r for r in GoalRating.objects.filter(goal__in=goals, moment=moment, rater=rater)
    }
    changed = False
    for goal in goals:
        rating = stored.get(goal.pk)
        if rating is None:
            GoalRating.objects.create(
                goal=goal, moment=moment, rater=rater, level=chosen[goal.pk], rated_at=now
            )
            changed = True
        elif rating.level != chosen[goal.pk]:
            GoalRating.objects.filter(pk=rating.pk).update(level=chosen[goal.pk], rated_at=now)
            changed = True
    return changed


def _rate_wheel(
    journey: Journey, moment: str, values: Mapping[str, object], by_coach: bool, now: datetime
) -> bool:
    areas = list(WheelArea.objects.filter(journey_id=journey.pk))
    if not areas:
        raise DomainError("Name the wheel's areas before it can be rated.")
    known = {str(a.pk) for a in areas}
    if any(str(key) not in known for key in values):
        raise StaleMeasures(
            "The wheel's areas changed since this page was loaded, so nothing was saved. "
            "Reload to rate them as they are now."
        )
    chosen: dict[int, int] = {}
    for area in areas:
        raw = values.get(str(area.pk))
        value = None if isinstance(raw, bool) or raw is None else _whole(raw)
        if value is None or not 0 <= value <= 10:
            raise DomainError(
                f"Choose a number from 0 to 10 for “{area.name}”.", field=f"area-{area.pk}"
            )
        chosen[area.pk] = value
    stored = {r.area_id: r for r in WheelRating.objects.filter(area__in=areas, moment=moment)}
    changed = False
    for area in areas:
        rating = stored.get(area.pk)
        if rating is None:
            WheelRating.objects.create(
                area=area, moment=moment, value=chosen[area.pk], by_coach=by_coach, rated_at=now
            )
            changed = True
        elif (rating.value, rating.by_coach) != (chosen[area.pk], by_coach):
            WheelRating.objects.filter(pk=rating.pk).update(
                value=chosen[area.pk], by_coach=by_coach, rated_at=now
            )
            changed = True
    return changed


def _whole(raw: object) -> int | None:
    try:
        return int(str(raw))
    except ValueError:
        return None


def _keys(
    mapping: Mapping[UUID, int] | Mapping[str, object] | Mapping[int, int],
) -> dict[str, object]:
    return {str(key): value for key, value in mapping.items()}


def goal_ratings_save(
    *,
    journey: Journey,
    moment: str,
    rater: str,
    levels: Mapping[UUID, int] | Mapping[str, object],
    today: date | None = None,
) -> None:
    """Rate every scaled goal of the journey at `moment` as `rater` (coach or client):
    `levels` maps each goal's public id to -2..+2. Replaces earlier ratings of that moment
    by that rater; raises `AlreadySaved` when they are the same already."""
    if rater not in Rater.values:
        raise DomainError("Ratings are the coach's or the client's.")
    with transaction.atomic():
        locked = _lock_open_moment(journey, moment, rater, today)
        if not _rate_goals(locked, moment, rater, _keys(levels), timezone.now()):
            raise AlreadySaved("These ratings are already saved; nothing changed.")


def wheel_ratings_save(
    *,
    journey: Journey,
    moment: str,
    values: Mapping[int, int] | Mapping[str, object],
    by_coach: bool,
    today: date | None = None,
) -> None:
    """Rate every area of the journey's wheel at `moment`, 0 to 10 (`values` by area id).
    `by_coach`: the coach typed in what the client said. Replaces that moment's values;
    raises `AlreadySaved` when they are the same already."""
    rater = Rater.COACH if by_coach else Rater.CLIENT
    with transaction.atomic():
        locked = _lock_open_moment(journey, moment, rater, today)
        if not _rate_wheel(locked, moment, _keys(values), by_coach, timezone.now()):
            raise AlreadySaved("These wheel ratings are already saved; nothing changed.")


def client_ratings_save(
    *,
    journey: Journey,
    moment: str,
    levels: Mapping[str, object],
    values: Mapping[str, object],
    today: date | None = None,
) -> None:
    """The client's goals and wheel at `moment`, from the portal, in one transaction: the
    goals when some are scaled, the wheel when it has areas. Raises `AlreadySaved` when
    both are saved as sent already."""
    with transaction.atomic():
        locked = _lock_open_moment(journey, moment, Rater.CLIENT, today)
        now = timezone.now()
        has_goals = any(g.is_scaled() for g in Goal.objects.filter(journey_id=locked.pk))
        has_areas = WheelArea.objects.filter(journey_id=locked.pk).exists()
        if not has_goals and not has_areas:
            raise DomainError("There is nothing to rate yet: your coach has not set it up.")
        changed = has_goals and _rate_goals(locked, moment, Rater.CLIENT, _keys(levels), now)
        changed = (has_areas and _rate_wheel(locked, moment, _keys(values), False, now)) or changed
        if not changed:
            raise AlreadySaved("Your ratings are already saved. Thank you.")


def client_words_save(*, review: ClosingReview, text: str, expected_version: int) -> ClosingReview:
    """Keep what has shifted in the client's words, once their coach asked for it.

    Made from `expected_version` of the review: a save from an older page is refused
    unless it says what is stored already (then `AlreadySaved`: sent twice, stored once).
    """
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise DomainError("Write a few words about what has shifted for you.", field="words")
    if len(text) > CLOSING_TEXT_LIMIT:
        raise DomainError(
            f"This is {len(text)} characters; please keep it to {CLOSING_TEXT_LIMIT}.",
            field="words",
        )
    hidden = find_bidi_control(text)
    if hidden is not None:
        raise DomainError(bidi_control_message(hidden, multiline=True), field="words")
    with transaction.atomic():
        journey = Journey.objects.select_for_update().only("status").get(pk=review.journey_id)
        locked = ClosingReview.objects.select_for_update().get(pk=review.pk)
        if locked.client_words == text:
            raise AlreadySaved("Your words are already saved. Thank you for them.")
        if not journey.is_open() or locked.is_complete():
            raise DomainError("This journey has closed, so your words can no longer change.")
        if locked.client_asked_at is None:
            raise DomainError("Your coach has not asked for your closing words yet.")
        # The review's version moves with the coach's steps too: a client's first words are
        # never refused for that. Once words are stored, an older page could overwrite them.
        if locked.client_answered_at is not None and locked.version != expected_version:
            raise StaleMeasures(
                "Not saved: your closing words were saved on another page meanwhile. Your "
                "text is still here; copy it, then reload to see the saved version.",
                field="words",
            )
        ClosingReview.objects.filter(pk=locked.pk).update(
            client_words=text, client_answered_at=timezone.now(), version=F("version") + 1
        )
    locked.refresh_from_db()
    return locked
