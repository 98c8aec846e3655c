"""Reads of a journey's measures for the coach: the goals and wheel page, and the section
the journey page shows. Each costs a fixed number of queries, however many goals, areas
and ratings there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.state import JourneyState
from arcwise.outcomes.facts import journey_facts
from arcwise.outcomes.gas import T_MEANING
from arcwise.outcomes.models import (
    LEVEL_NAMES,
    MAX_GOALS,
    ClosingReview,
    MeasureSet,
    Moment,
    Rater,
)
from arcwise.outcomes.moments import JourneyFacts, MomentState, goal_lines, moment_state
from arcwise.outcomes.readings import AreaReading, GoalReading, Outcomes, outcomes_for
from arcwise.outcomes.wording import level_label

# What a T-score is, said once beside every table of them. Kept here until the GAS module
# offers its own sentence; then this constant gives way to it.
T_SCORE_MEANING = T_MEANING


@dataclass(frozen=True)
class MomentRow:
    """One moment with each rater's state and T-score."""

    moment: Moment
    coach: MomentState
    client: MomentState
    coach_t: float | None
    client_t: float | None


@dataclass(frozen=True)
class GoalRow:
    """One goal with its levels at each moment, the coach's and the client's side by side."""

    reading: GoalReading
    cells: list[tuple[Moment, str, str]]  # moment, coach's level, client's level (as words)


@dataclass(frozen=True)
class AreaRow:
    reading: AreaReading
    cells: list[tuple[Moment, int | None, bool]]  # moment, value, typed in by the coach


@dataclass
class MeasuresPage:
    journey: Journey
    outcomes: Outcomes
    versions: MeasureSet
    review: ClosingReview | None
    facts: JourneyFacts
    today: date
    moments: list[MomentRow] = field(default_factory=list)

    def state(self, moment: str, rater: str) -> MomentState:
        return moment_state(moment, rater, self.facts, self.today)

    @property
    def goal_rows(self) -> list[GoalRow]:
        return [
            GoalRow(
                reading,
                [
                    (
                        m,
                        _level(reading.level(m, Rater.COACH)),
                        _level(reading.level(m, Rater.CLIENT)),
                    )
                    for m in Moment
                ],
            )
            for reading in self.outcomes.goals
        ]

    @property
    def area_rows(self) -> list[AreaRow]:
        rows = []
        for reading in self.outcomes.areas:
            cells = []
            for m in Moment:
                found = reading.values.get(m)
                cells.append((m, found[0] if found else None, bool(found and found[1])))
            rows.append(AreaRow(reading, cells))
        return rows

    @property
    def prefill_goals(self) -> list[str]:
        """The agreement's goals, one per row, while the journey has none of its own."""
        if self.outcomes.goals:
            return []
        return goal_lines(self.journey.goals, at_most=MAX_GOALS)

    @property
    def prefill_areas(self) -> list[str]:
        """The design's suggested areas, while the journey has none of its own."""
        if self.outcomes.areas:
            return []
        return [str(name) for name in self.journey.design_version.wheel_areas or []]

    def default_moment(self) -> Moment:
        """The moment the rating forms show first: the latest one open to the coach."""
        for moment in reversed(list(Moment)):
            if self.state(moment, Rater.COACH).takes_ratings:
                return moment
        return Moment.BASELINE


# The names as the page writes them beside a level, mid-sentence: "-1 less than expected".
_LOWER_NAMES = {level: name.lower() for level, name in LEVEL_NAMES.items()}


def _level(level: int | None) -> str:
    return "" if level is None else level_label(level, _LOWER_NAMES)


def measures_page(journey: Journey, *, today: date | None = None) -> MeasuresPage:
    """A journey loaded by `get_journey_for` (its phase runs with it), with its measures:
    six queries more (the goals and wheel with their ratings, the versions, the review)."""
    today = today or timezone.localdate()
    outcomes = outcomes_for(journey.pk)
    versions = MeasureSet.objects.filter(journey_id=journey.pk).first() or MeasureSet(
        journey_id=journey.pk
    )
    review = ClosingReview.objects.filter(journey_id=journey.pk).first()
    facts = journey_facts(
        journey, runs=list(journey.phase_runs.all()), review=review, review_known=True
    )
    page = MeasuresPage(journey, outcomes, versions, review, facts, today)
    page.moments = [
        MomentRow(
            m,
            page.state(m, Rater.COACH),
            page.state(m, Rater.CLIENT),
            outcomes.t(m, Rater.COACH),
            outcomes.t(m, Rater.CLIENT),
        )
        for m in Moment
    ]
    return page


def measures_section(state: JourneyState, page: Page) -> JourneySection | None:
    """The journey page's goals: how many, whether scaled, T at the start and the latest
    moment per rater, and a link to the page. Four queries."""
    if page != "journey":
        return None
    outcomes = outcomes_for(state.journey.pk)
    scaled = len(outcomes.scaled_goals)
    latest = {
        rater.value: next(
            ((m, t) for m in reversed(list(Moment)) if (t := outcomes.t(m, rater)) is not None),
            None,
        )
        for rater in Rater
    }
    first_phase = bool(state.runs) and state.current_run is not None and len(state.runs) == 1
    context = {
        "journey": state.journey,
        "count": len(outcomes.goals),
        "scaled": scaled,
        "areas": len(outcomes.areas),
        "baseline": {r.value: outcomes.t(Moment.BASELINE, r) for r in Rater},
        "latest": latest,
        "prompt_levels": first_phase and (not outcomes.goals or scaled < len(outcomes.goals)),
        "meaning": T_SCORE_MEANING,
    }
    return JourneySection("outcomes/_journey_goals.html", context)
