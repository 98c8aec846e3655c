"""Writes of a journey's measures as the coach sets them up: its goals, each with five
described levels and a weight, and the areas of its wheel.

Each save carries the version of the list it was made from (`MeasureSet`), checked on the
locked row: a second tab's save of an older page is refused and keeps nothing of it, and a
repeat of a save that already went through changes nothing and says so (`AlreadySaved`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction

from arcwise.errors import DomainError
from arcwise.journeys.models import Journey
from arcwise.outcomes.models import (
    AREA_NAME_LIMIT,
    GOAL_TEXT_LIMIT,
    LEVEL_TEXT_LIMIT,
    LEVELS,
    MAX_AREAS,
    MAX_GOALS,
    MAX_WEIGHT,
    MIN_AREAS,
    MIN_WEIGHT,
    Goal,
    GoalRating,
    MeasureSet,
    WheelArea,
    WheelRating,
)
from arcwise.text import bidi_control_message, find_bidi_control

LEVEL_FIELDS = tuple(field for _, field, _ in LEVELS)
# Positions and names are unique per journey: rows are moved out of the way first, so a
# reorder or a swap of two names never meets its own old rows.
SHUFFLE = 1000


class AlreadySaved(DomainError):
    """The save was made already (a second click, a retried request): nothing changed."""


class StaleMeasures(DomainError):
    """The list was saved from another tab meanwhile: nothing of this save was kept."""


@dataclass(frozen=True)
class GoalInput:
    """One row of the goals form. `public_id` None is a new goal; `levels` run -2 to +2."""

    public_id: UUID | None
    text: str
    weight: int = 1
    levels: tuple[str, ...] = ("", "", "", "", "")
    remove: bool = False


@dataclass(frozen=True)
class AreaInput:
    """One row of the wheel form: `area_id` None is a new area; a known area whose name is
    left empty is removed."""

    area_id: int | None
    name: str


def lock_measures(journey: Journey, *, what: str) -> MeasureSet:
    """The journey's measure versions, locked for this transaction, while the journey is
    open; `what` names what would have changed, for the refusal."""
    locked = Journey.objects.select_for_update().only("status").get(pk=journey.pk)
    if not locked.is_open():
        raise DomainError(
            f"This journey is {locked.get_status_display().lower()}, so {what} can no longer "
            "change. They are kept as they were."
        )
    MeasureSet.objects.get_or_create(journey_id=journey.pk)
    return MeasureSet.objects.select_for_update().get(journey_id=journey.pk)


def _refuse_bad_text(text: str, *, field: str, limit: int, label: str) -> None:
    if len(text) > limit:
        raise DomainError(f"{label} is {len(text)} characters; keep it to {limit}.", field=field)
    hidden = find_bidi_control(text)
    if hidden is not None:
        raise DomainError(bidi_control_message(hidden), field=field)


def _check_goal(index: int, goal: GoalInput) -> GoalInput:
    prefix = f"goals-{index}"
    text = goal.text.strip()
    if not text:
        raise DomainError(
            "Write the goal in the client's words, or clear this row (or tick its Remove).",
            field=f"{prefix}-text",
        )
    _refuse_bad_text(text, field=f"{prefix}-text", limit=GOAL_TEXT_LIMIT, label="The goal")
    if isinstance(goal.weight, bool) or not MIN_WEIGHT <= goal.weight <= MAX_WEIGHT:
        raise DomainError(
            f"A weight is a whole number from {MIN_WEIGHT} to {MAX_WEIGHT}.",
            field=f"{prefix}-weight",
        )
    if len(goal.levels) != len(LEVELS):
        raise DomainError("Each goal has five levels.", field=f"{prefix}-text")
    levels = tuple(level.strip() for level in goal.levels)
    for (value, field, name), words in zip(LEVELS, levels, strict=True):
        _refuse_bad_text(
            words, field=f"{prefix}-{field}", limit=LEVEL_TEXT_LIMIT, label=f"“{name}” ({value:+d})"
        )
    return GoalInput(goal.public_id, text, goal.weight, levels, goal.remove)


def _shape(goal: Goal | GoalInput) -> tuple[object, ...]:
    if isinstance(goal, Goal):
        return (goal.text, goal.weight, *(getattr(goal, f) for f in LEVEL_FIELDS))
    return (goal.text, goal.weight, *goal.levels)


def goals_save(
    *,
    journey: Journey,
    goals: Sequence[GoalInput],
    expected_version: int,
    remove_rated: bool = False,
) -> list[Goal]:
    """Make the journey's goals what the form says: new rows added, known ones changed,
    rows marked `remove` taken out; in the order given.

    A goal with ratings keeps them when its words change; removing it (with its ratings)
    needs `remove_rated`, the form's "yes, remove rated goals too". Blank new rows are
    ignored. Raises `StaleMeasures` for a save from an older page, `AlreadySaved` when
    nothing would change.
    """
    rows = [
        (index, goal)
        for index, goal in enumerate(goals)
        if goal.public_id is not None or goal.text.strip() or any(s.strip() for s in goal.levels)
    ]
    kept = [(index, _check_goal(index, goal)) for index, goal in rows if not goal.remove]
    if not kept:
        raise DomainError(
            "Keep at least one goal: the goals are what the journey is for.", field="goals-0-text"
        )
    if len(kept) > MAX_GOALS:
        raise DomainError(
            f"At most {MAX_GOALS} goals: {len(kept)} are filled in. Fewer goals, each scaled "
            "well, say more.",
            field=f"goals-{kept[MAX_GOALS][0]}-text",
        )
    with transaction.atomic():
        measures = lock_measures(journey, what="its goals")
        current = {g.public_id: g for g in Goal.objects.filter(journey_id=journey.pk)}
        for index, goal in rows:
            if goal.public_id is not None and goal.public_id not in current:
                raise StaleMeasures(
                    "A goal on this page was removed in another tab meanwhile. Nothing was "
                    "saved; what you typed is still here. Copy what you need, then reload.",
                    field=f"goals-{index}-text",
                )
        removed = [(i, current[g.public_id]) for i, g in rows if g.remove and g.public_id]
        unchanged = (
            not removed
            and len(kept) == len(current)
            and all(
                g.public_id is not None and _shape(current[g.public_id]) == _shape(g)
                for _, g in kept
            )
            and [g.public_id for _, g in kept]
            == [g.public_id for g in sorted(current.values(), key=lambda g: g.position)]
        )
        if measures.goals_version != expected_version:
            if unchanged or _same_as_new(kept, current):
                raise AlreadySaved("These goals are already saved as shown; nothing changed.")
            raise StaleMeasures(
                "The goals were changed in another tab meanwhile, so nothing was saved. What "
                "you typed is still here: copy what you need, then reload to see the goals "
                "as they are now."
            )
        if unchanged:
            raise AlreadySaved("The goals are saved as shown; nothing changed.")
        rated = set(
            GoalRating.objects.filter(goal__in=[g for _, g in removed]).values_list(
                "goal_id", flat=True
            )
        )
        for index, doomed in removed:
            if doomed.pk in rated and not remove_rated:
                raise DomainError(
                    f"“{doomed.text}” has ratings. To remove it and its ratings, also tick "
                    "“Yes, remove rated goals and their ratings”; otherwise untick Remove.",
                    field=f"goals-{index}-remove",
                )
        Goal.objects.filter(pk__in=[g.pk for _, g in removed]).delete()
        stored = _write_goals(journey, [g for _, g in kept], current)
        measures.goals_version += 1
        measures.save(update_fields=["goals_version"])
    return stored


def _same_as_new(kept: list[tuple[int, GoalInput]], current: dict[UUID, Goal]) -> bool:
    # A repeat of a first save: the page had no goals (new rows only), and the goals stored
    # now read exactly as typed.
    stored = sorted(current.values(), key=lambda g: g.position)
    return all(g.public_id is None for _, g in kept) and [_shape(g) for g in stored] == [
        _shape(g) for _, g in kept
    ]


def _write_goals(journey: Journey, kept: list[GoalInput], current: dict[UUID, Goal]) -> list[Goal]:
    existing = [current[g.public_id] for g in kept if g.public_id is not None]
    for goal in existing:
        goal.position += SHUFFLE
    Goal.objects.bulk_update(existing, ["position"])
    stored: list[Goal] = []
    for position, typed in enumerate(kept, start=1):
        fields = dict(zip(LEVEL_FIELDS, typed.levels, strict=True))
        if typed.public_id is None:
            goal = Goal.objects.create(
                journey_id=journey.pk,
                position=position,
                text=typed.text,
                weight=typed.weight,
                **fields,
            )
        else:
            goal = current[typed.public_id]
            goal.position, goal.text, goal.weight = position, typed.text, typed.weight
            for name, words in fields.items():
                setattr(goal, name, words)
            goal.save()
        stored.append(goal)
    return stored


def wheel_areas_save(
    *, journey: Journey, areas: Sequence[AreaInput], expected_version: int
) -> list[WheelArea]:
    """Make the journey's wheel the areas the form names, in that order: renamed, added,
    moved, or (a known area left blank) removed. An area with ratings cannot be removed:
    its ratings are the client's. Raises `StaleMeasures` for a save from an older page,
    `AlreadySaved` when nothing would change."""
    rows = [(i, a) for i, a in enumerate(areas) if a.area_id is not None or a.name.strip()]
    kept: list[tuple[int, AreaInput]] = []
    seen: dict[str, int] = {}
    for index, area in rows:
        name = " ".join(area.name.split())
        if not name:
            continue
        field = f"areas-{index}-name"
        _refuse_bad_text(name, field=field, limit=AREA_NAME_LIMIT, label="An area's name")
        if name.casefold() in seen:
            raise DomainError(f"“{name}” is named twice; name each area once.", field=field)
        seen[name.casefold()] = index
        kept.append((index, AreaInput(area.area_id, name)))
    if not MIN_AREAS <= len(kept) <= MAX_AREAS:
        # Too many: the first row past the limit is marked; too few: the first row.
        extra = kept[MAX_AREAS][0] if len(kept) > MAX_AREAS else 0
        raise DomainError(
            f"Name {MIN_AREAS} to {MAX_AREAS} areas; {len(kept)} are named.",
            field=f"areas-{extra}-name",
        )
    with transaction.atomic():
        measures = lock_measures(journey, what="its wheel")
        current = {a.pk: a for a in WheelArea.objects.filter(journey_id=journey.pk)}
        if any(a.area_id is not None and a.area_id not in current for _, a in rows):
            raise StaleMeasures(
                "An area on this page was removed in another tab meanwhile. Nothing was "
                "saved; reload to see the wheel as it is now."
            )
        wanted = [(a.area_id, a.name) for _, a in kept]
        now = [(a.pk, a.name) for a in sorted(current.values(), key=lambda a: a.position)]
        unchanged = wanted == now or (
            all(i is None for i, _ in wanted) and [n for _, n in now] == [n for _, n in wanted]
        )
        if unchanged:
            raise AlreadySaved("The wheel's areas are already saved as shown; nothing changed.")
        if measures.areas_version != expected_version:
            raise StaleMeasures(
                "The wheel was changed in another tab meanwhile, so nothing was saved. What "
                "you typed is still here: copy what you need, then reload."
            )
        keep_ids = {a.area_id for _, a in kept}
        gone = [(i, current[a.area_id]) for i, a in rows if a.area_id and a.area_id not in keep_ids]
        rated = set(
            WheelRating.objects.filter(area__in=[a for _, a in gone]).values_list(
                "area_id", flat=True
            )
        )
        for index, doomed_area in gone:
            if doomed_area.pk in rated:
                raise DomainError(
                    f"“{doomed_area.name}” has ratings, so it stays on the wheel; you can "
                    "rename it.",
                    field=f"areas-{index}-name",
                )
        WheelArea.objects.filter(pk__in=[a.pk for _, a in gone]).delete()
        moving = [current[a.area_id] for _, a in kept if a.area_id is not None]
        # Out of the way first, so a swap of names or places never meets the unique
        # constraints half done. The unit separator keeps the stand-in name unique: a typed
        # name never holds it (str.split() above takes it for a space), and PostgreSQL
        # refuses the NUL that would be the obvious choice.
        for moved in moving:
            moved.position, moved.name = moved.position + SHUFFLE, f"\x1f{moved.pk}"
        WheelArea.objects.bulk_update(moving, ["position", "name"])
        stored = []
        for position, (_, typed) in enumerate(kept, start=1):
            if typed.area_id is None:
                stored.append(
                    WheelArea.objects.create(
                        journey_id=journey.pk, position=position, name=typed.name
                    )
                )
            else:
                existing = current[typed.area_id]
                existing.position, existing.name = position, typed.name
                stored.append(existing)
        WheelArea.objects.bulk_update([a for a in stored if a.pk in current], ["position", "name"])
        measures.areas_version += 1
        measures.save(update_fields=["areas_version"])
    return stored
