"""Momentum's vocabulary: the states a journey can be in, the kinds of signal, and a
judgement (state, signals, score)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class State(StrEnum):
    ON_TRACK = "on_track"
    DRIFTING = "drifting"
    STALLED = "stalled"
    PAUSED = "paused"
    CLOSURE_AT_RISK = "closure_at_risk"
    CLOSED = "closed"
    ENDED_EARLY = "ended_early"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


# Most urgent first: the caseload puts "needs attention" on top in this order. Closure at
# risk leads because it outranks a stall (a journey past its end that has stopped is one
# whose ending is being lost); paused and closed journeys need nothing today.
ATTENTION: tuple[State, ...] = (
    State.CLOSURE_AT_RISK,
    State.STALLED,
    State.DRIFTING,
    State.ON_TRACK,
    State.PAUSED,
    State.CLOSED,
    State.ENDED_EARLY,
)
# The states of a journey that has ended: no signal is judged after the end. Ending early
# keeps its own state, so its badge never says "closed".
ENDED_STATES = frozenset({State.CLOSED, State.ENDED_EARLY})
SEVERITY: dict[State, int] = {state: rank for rank, state in enumerate(ATTENTION)}
NEEDS_ATTENTION = frozenset({State.CLOSURE_AT_RISK, State.STALLED, State.DRIFTING})


class Kind(StrEnum):
    SESSION_GAP = "session_gap"
    NO_SESSION_YET = "no_session_yet"
    UNRECORDED_SESSIONS = "unrecorded_sessions"
    REFLECTIONS = "reflections"
    PULSE_FALL = "pulse_fall"
    EXPERIMENT_OVERDUE = "experiment_overdue"
    PHASE_OVERRUN = "phase_overrun"
    PLANNED_END_PASSED = "planned_end_passed"
    PAUSED = "paused"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Signal:
    kind: Kind
    severity: State  # the state this signal pushes the journey towards
    reason: str  # one line, as a coach would write it


# Momentum points lost per signal, by severity: the score orders journeys within a state and
# draws the sparkline. 100 is a journey with nothing to say against it.
PENALTY = {State.DRIFTING: 15, State.STALLED: 40, State.CLOSURE_AT_RISK: 40}


@dataclass(frozen=True, slots=True)
class Momentum:
    state: State
    signals: tuple[Signal, ...]
    score: int | None  # 0-100; None while paused or once closed

    @property
    def sort_key(self) -> tuple[int, int]:
        """Caseload order: most urgent state first, then the lowest momentum."""
        return SEVERITY[self.state], 100 if self.score is None else self.score


class WeekMomentum(NamedTuple):
    on: date  # the day judged (its end, in the journey's zone)
    state: State
    score: int | None


def needs_alert(previous: State | None, current: State) -> bool:
    """Whether a change of state is worth telling the coach about: only a change, and only
    into a state that needs attention. With a dedupe key of (journey, state, day of the
    change), a coach hears once per change, however often momentum is recomputed."""
    return current != previous and current in NEEDS_ATTENTION
