"""Journeys with goals, ratings at close and a wheel, made directly through the ORM, for the
figures of outcomes in practice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from arcwise.accounts.models import User
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion
from arcwise.journeys.models import Journey, JourneyStatus
from arcwise.outcomes.models import Goal, GoalRating, Moment, Rater, WheelArea, WheelRating
from tests.designs.factories import make_design, make_phase_spec
from tests.factories import make_client
from tests.journeys.factories import make_journey

# Levels a rater gives the goals at close, one per goal; None leaves that goal unrated.
Levels = Sequence[int | None]
# An area's rating at the start and at close; None leaves that moment unrated.
Wheel = Mapping[str, tuple[int | None, int | None]]


def make_outcome_version(coach: User, name: str) -> DesignVersion:
    """A published design of two phases named `name`, in the coach's practice."""
    practice = coach.memberships.get().practice
    design = make_design(
        practice,
        coach,
        published=True,
        name=name,
        phases=(make_phase_spec("orient"), make_phase_spec("close")),
    )
    return DesignVersion.objects.get(design=design)


def make_rated_journey(
    coach: User,
    version: DesignVersion,
    *,
    status: str = JourneyStatus.CLOSED,
    coach_levels: Levels = (),
    client_levels: Levels = (),
    wheel: Wheel | None = None,
    client: Client | None = None,
) -> Journey:
    """A journey on `version` standing at `status`, with one scaled goal per level given
    (rated -1 at the start by both, then at close as `coach_levels` and `client_levels` say)
    and the wheel's areas rated as `wheel` says."""
    who = client or make_client(version.design.practice)
    journey = make_journey(coach, who, version=version)
    Journey.objects.filter(pk=journey.pk).update(status=status)
    goals = max(len(coach_levels), len(client_levels))
    for position in range(goals):
        goal = make_scaled_goal(journey, position)
        for rater, levels in ((Rater.COACH, coach_levels), (Rater.CLIENT, client_levels)):
            GoalRating.objects.create(goal=goal, moment=Moment.BASELINE, rater=rater, level=-1)
            level = levels[position] if position < len(levels) else None
            if level is not None:
                GoalRating.objects.create(goal=goal, moment=Moment.CLOSE, rater=rater, level=level)
    for position, (name, (start, close)) in enumerate((wheel or {}).items()):
        area = WheelArea.objects.create(journey=journey, position=position, name=name)
        for moment, value in ((Moment.BASELINE, start), (Moment.CLOSE, close)):
            if value is not None:
                WheelRating.objects.create(area=area, moment=moment, value=value)
    return journey


def make_scaled_goal(journey: Journey, position: int, weight: int = 1) -> Goal:
    """A goal with all five levels described, so it counts in the journey's T."""
    return Goal.objects.create(
        journey=journey,
        position=position,
        text=f"Goal {position + 1}",
        weight=weight,
        much_less="Much less",
        less="Less",
        expected="As expected",
        more="More",
        much_more="Much more",
    )
