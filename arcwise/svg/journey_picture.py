"""What the journey map is drawn from, and that input put in the order the parts draw it.

No Django import. The caller (journeys/queries.py) builds a `JourneyPicture` from plain
facts; `runs_in_order` and `numbered_adaptations` number runs and adaptations once, so the
bands, the callouts, the legend and the words all speak of the same "run 3" and "A2".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from arcwise.svg.style import WIDTH

# The full map's plot area. The first and last date labels are centred on their ticks, so
# the margin holds half of the widest label ("28 May" is about 67 units at TICK_SIZE).
MARGIN_X = 36
PLOT_LEFT = MARGIN_X
PLOT_WIDTH = WIDTH - 2 * MARGIN_X


@dataclass(frozen=True)
class PlannedPhase:
    number: int  # 1-based position in the design
    name: str
    starts: date
    ends: date  # exclusive


@dataclass(frozen=True)
class PhaseRunBar:
    number: int  # the design phase it runs
    name: str
    starts: date
    ends: date | None  # None: the current run, drawn up to `today`
    # What told the coach the client was ready to leave the phase; shown in its tooltip.
    readiness_note: str = ""


@dataclass(frozen=True)
class SessionMark:
    on: date
    status: str  # "planned" | "held" | "cancelled" | "no_show"


@dataclass(frozen=True)
class AdaptationMarker:
    on: date
    kind: str  # "extend" | "revisit" | "skip" | "insert_session" | "pause" | "resume"
    # Worded by the caller, in the one place adaptations are worded; the map adds no words
    # of its own. E.g. "Extended Experiment by 2 weeks: client travelling".
    label: str


@dataclass(frozen=True)
class JourneyPicture:
    title: str
    starts: date
    planned_end: date
    today: date
    planned: tuple[PlannedPhase, ...]
    runs: tuple[PhaseRunBar, ...]
    sessions: tuple[SessionMark, ...]
    adaptations: tuple[AdaptationMarker, ...]
    # The day an ended journey ended (closed or ended early); None while it runs.
    ended: date | None = None

    @property
    def shows_today(self) -> bool:
        """Whether today is inside the journey's dates: from its start until it ends.

        A journey still running past its planned end is still inside its dates (its open
        run reaches today); one not yet started or already ended is not, and its picture
        is drawn without a today line and without stretching the axis to today.
        """
        if self.today < self.starts:
            return False
        return self.ended is None or self.today <= self.ended


@dataclass(frozen=True)
class Run:
    """A phase run as the map draws it: its place among the runs, and if it revisits."""

    bar: PhaseRunBar
    ordinal: int  # 1-based position among the journey's runs, by start
    revisit: bool  # an earlier run went through the same phase

    @property
    def is_open(self) -> bool:
        return self.bar.ends is None

    @property
    def name(self) -> str:
        return phase_name(self.bar.name, self.bar.number)

    def ends(self, today: date) -> date:
        return self.bar.ends if self.bar.ends is not None else today


@dataclass(frozen=True)
class NumberedAdaptation:
    """An adaptation with its number, by which the callouts and the list refer to it."""

    marker: AdaptationMarker
    ordinal: int

    @property
    def tag(self) -> str:
        return f"A{self.ordinal}"

    @property
    def text(self) -> str:
        label = " ".join(self.marker.label.split())
        return label or "Adaptation"


def runs_in_order(picture: JourneyPicture) -> list[Run]:
    """The runs by start, numbered, each knowing whether it revisits a phase."""
    ordered = sorted(enumerate(picture.runs), key=lambda pair: (pair[1].starts, pair[0]))
    seen: set[int] = set()
    runs = []
    for ordinal, (_, bar) in enumerate(ordered, start=1):
        runs.append(Run(bar, ordinal, bar.number in seen))
        seen.add(bar.number)
    return runs


def numbered_adaptations(picture: JourneyPicture) -> list[NumberedAdaptation]:
    """The adaptations by date, tagged A1, A2, … in that order."""
    ordered = sorted(enumerate(picture.adaptations), key=lambda pair: (pair[1].on, pair[0]))
    return [NumberedAdaptation(marker, n) for n, (_, marker) in enumerate(ordered, start=1)]


def planned_in_order(picture: JourneyPicture) -> list[PlannedPhase]:
    """The planned phases by start."""
    return sorted(picture.planned, key=lambda phase: (phase.starts, phase.number))


def chronological(sessions: Sequence[SessionMark]) -> list[SessionMark]:
    """The sessions by date."""
    # Sorting by status too keeps the output the same whatever order the caller used.
    return sorted(sessions, key=lambda session: (session.on, session.status))


def phase_name(name: str, phase_number: int) -> str:
    """A phase's name on one line, or "Phase 3" if it has none."""
    return " ".join(name.split()) or f"Phase {phase_number}"


def current_run(runs: list[Run]) -> Run | None:
    """The run still going (the latest, should there be more than one), if any."""
    open_runs = [run for run in runs if run.is_open]
    return open_runs[-1] if open_runs else None
