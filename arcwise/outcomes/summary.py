"""The journey summary: what a client and coach keep of a journey once it ends, read in a
fixed number of queries however long the journey was.

It holds the journey's shape (the map, the phases run, the adaptations with their reasons),
what it set out to change and what changed (the goals rated by both, the wheel), the
experiments and what they taught, and the closing words of both. It never reads what is the
coach's alone: a session's notes, key insights and agreements are not even loaded (the
sessions come with the few columns the map needs), threads are left out, and readiness notes
are taken off the map. The same summary is shown to the coach and, once the journey has
ended, given to the client as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from arcwise.designs.models import Phase
from arcwise.journeys.models import (
    ENDED_STATUSES,
    Adaptation,
    EndReason,
    Experiment,
    Journey,
    JourneyStatus,
    PhaseRun,
    PlanStage,
    Session,
)
from arcwise.journeys.pages.state import JourneyState, LogLine, PhaseHistoryRow
from arcwise.outcomes.models import LEVEL_NAMES, ClosingReview, Moment, Rater
from arcwise.outcomes.readings import Outcomes, outcomes_for
from arcwise.outcomes.wheel_picture import wheel_svg
from arcwise.outcomes.wording import change_label, level_label, t_meaning
from arcwise.svg.journey_map import JourneyPicture, render_journey_map
from arcwise.text import first_name

# The only columns of a session the summary reads: enough to place it on the map. Notes, key
# insights and agreements are the coach's private record and never leave the database here.
SESSION_COLUMNS = ("id", "journey_id", "phase_id", "phase_run_id", "starts_at", "status")


@dataclass(frozen=True)
class RaterPair:
    """One goal at one moment, as the client and as the coach placed it."""

    client: str
    coach: str


@dataclass(frozen=True)
class GoalLine:
    text: str
    weight: int
    expected: str  # the expected outcome, in the words the goal was scaled with
    levels: list[RaterPair]  # one per moment shown, in order


@dataclass(frozen=True)
class ScoreLine:
    """The T-score of every goal together at one moment, by each rater, with its meaning."""

    moment: str
    client: float | None
    client_meaning: str
    coach: float | None
    coach_meaning: str


@dataclass(frozen=True)
class AreaLine:
    name: str
    start: int | None
    close: int | None
    change: str
    typed_by_coach: bool  # a value the coach typed in from what the client said


@dataclass(frozen=True)
class ExperimentLine:
    title: str
    what_to_try: str
    by_when: date
    status: str
    taught: str  # the debrief: what it taught


@dataclass(frozen=True)
class Closing:
    coach_words: str
    client_words: str
    takes_forward: str
    on: date | None


@dataclass(frozen=True)
class JourneySummary:
    journey: Journey
    client_name: str
    first_name: str
    coach_name: str
    design_name: str
    version_number: int
    start_date: date
    planned_end: date
    ended_on: date | None
    status: str
    ended: bool
    ended_early_because: str  # the reason, in words, when it ended early
    sessions_held: int
    map_svg: str
    phases: list[PhaseHistoryRow]
    adaptations: list[LogLine]
    moments: list[str]  # the moments the goal table shows, by name
    goals: list[GoalLine]
    scores: list[ScoreLine]
    areas: list[AreaLine]
    wheel_svg: str | None
    experiments: list[ExperimentLine]
    closing: Closing

    @property
    def closed_early(self) -> bool:
        return self.journey.status == JourneyStatus.ENDED_EARLY

    @property
    def wheel_typed_by_coach(self) -> bool:
        return any(area.typed_by_coach for area in self.areas)


def _loaded(journey: Journey) -> Journey:
    """The journey again, with what the summary reads and nothing it must not: 8 queries."""
    return (
        Journey.objects.select_related("client", "coach", "design_version", "closing_review")
        .prefetch_related(
            Prefetch("design_version__phases", queryset=Phase.objects.order_by("position")),
            Prefetch(
                "phase_runs", queryset=PhaseRun.objects.select_related("phase").order_by("sequence")
            ),
            Prefetch("plan_stages", queryset=PlanStage.objects.order_by("position")),
            Prefetch(
                "sessions",
                queryset=Session.objects.only(*SESSION_COLUMNS).order_by("starts_at", "pk"),
            ),
            Prefetch(
                "adaptations",
                queryset=Adaptation.objects.select_related("phase").order_by("on", "created_at"),
            ),
            Prefetch("experiments", queryset=Experiment.objects.order_by("by_when", "created_at")),
        )
        .get(pk=journey.pk)
    )


def _state(journey: Journey) -> JourneyState:
    # The journey page's own state, built from the summary's narrower reads, so the map,
    # the phase history and the adaptation log are made exactly as the journey page makes
    # them. No threads: what was said in sessions stays out of the summary.
    now = timezone.now()
    return JourneyState(
        journey=journey,
        phases=list(journey.design_version.phases.all()),
        runs=list(journey.phase_runs.all()),
        stages=list(journey.plan_stages.all()),
        sessions=list(journey.sessions.all()),
        adaptations=list(journey.adaptations.all()),
        experiments=list(journey.experiments.all()),
        threads=[],
        today=timezone.localdate(now),
        now=now,
    )


def summary_picture(state: JourneyState) -> JourneyPicture:
    """The journey map as the summary shows it: the readiness notes, which are the coach's
    working judgement, left off the phase bars."""
    picture = state.picture()
    return replace(
        picture,
        title=f"Journey map: {state.journey.client.name}",
        runs=tuple(replace(run, readiness_note="") for run in picture.runs),
    )


def wheel_picture(outcomes: Outcomes) -> str | None:
    """The wheel as a radar picture, or None while there is none to draw; the summary's
    wheel table stays beside it as its text alternative."""
    picture = wheel_svg(outcomes, title="The wheel, 0 to 10, at the start and at close")
    return None if picture is None else str(picture)


def _moments(outcomes: Outcomes) -> list[str]:
    # Mid-way is shown only when someone rated a goal then: most journeys skip it.
    midway = any(
        reading.level(Moment.MIDWAY, rater) is not None
        for reading in outcomes.goals
        for rater in Rater.values
    )
    return [m for m in Moment.values if m != Moment.MIDWAY or midway]


def _goals(outcomes: Outcomes, moments: list[str]) -> list[GoalLine]:
    return [
        GoalLine(
            text=reading.goal.text,
            weight=reading.goal.weight,
            expected=reading.goal.expected,
            levels=[
                RaterPair(
                    client=level_label(reading.level(moment, Rater.CLIENT), LEVEL_NAMES),
                    coach=level_label(reading.level(moment, Rater.COACH), LEVEL_NAMES),
                )
                for moment in moments
            ],
        )
        for reading in outcomes.goals
    ]


def _scores(outcomes: Outcomes, moments: list[str]) -> list[ScoreLine]:
    if not outcomes.scaled_goals:
        return []
    lines = []
    for moment in moments:
        client, coach = outcomes.t(moment, Rater.CLIENT), outcomes.t(moment, Rater.COACH)
        lines.append(
            ScoreLine(Moment(moment).label, client, t_meaning(client), coach, t_meaning(coach))
        )
    return lines


def _areas(outcomes: Outcomes) -> list[AreaLine]:
    return [
        AreaLine(
            name=reading.area.name,
            start=reading.value(Moment.BASELINE),
            close=reading.value(Moment.CLOSE),
            change=change_label(reading.change()),
            typed_by_coach=any(by_coach for _, by_coach in reading.values.values()),
        )
        for reading in outcomes.areas
    ]


def _review(journey: Journey) -> ClosingReview | None:
    try:
        return journey.closing_review
    except ClosingReview.DoesNotExist:
        return None


def _closing(journey: Journey) -> Closing:
    review = _review(journey)
    if review is None:
        # Journeys closed before closing reviews existed kept the coach's words on the journey.
        return Closing(journey.what_shifted, "", "", journey.ended_on)
    return Closing(
        coach_words=review.coach_words or journey.what_shifted,
        client_words=review.client_words,
        takes_forward=review.takes_forward,
        on=review.closing_date or journey.ended_on,
    )


def _because(journey: Journey) -> str:
    if journey.status != JourneyStatus.ENDED_EARLY:
        return ""
    values = EndReason.values
    return str(EndReason(journey.ended_because).label) if journey.ended_because in values else ""


def journey_summary(journey: Journey) -> JourneySummary:
    """Everything the journey summary shows, for page and PDF alike: 12 queries, however
    many sessions, phases, adaptations, goals and experiments the journey has."""
    journey = _loaded(journey)
    state = _state(journey)
    outcomes = outcomes_for(journey.pk)
    moments = _moments(outcomes)
    version = journey.design_version
    return JourneySummary(
        journey=journey,
        client_name=journey.client.name,
        first_name=first_name(journey.client.name),
        coach_name=journey.coach.name,
        design_name=version.name,
        version_number=version.number,
        start_date=journey.start_date,
        planned_end=journey.planned_end,
        ended_on=journey.ended_on,
        status=journey.get_status_display(),
        ended=journey.status in ENDED_STATUSES,
        ended_early_because=_because(journey),
        sessions_held=state.held_count,
        map_svg=render_journey_map(summary_picture(state)),
        phases=state.phase_history,
        adaptations=state.log,
        moments=[str(Moment(m).label) for m in moments],
        goals=_goals(outcomes, moments),
        scores=_scores(outcomes, moments),
        areas=_areas(outcomes),
        wheel_svg=wheel_picture(outcomes),
        experiments=[
            ExperimentLine(e.title, e.what_to_try, e.by_when, e.get_status_display(), e.debrief)
            for e in journey.experiments.all()
        ],
        closing=_closing(journey),
    )
