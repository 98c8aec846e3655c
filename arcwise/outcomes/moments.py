"""When each rating moment is open, for the coach and for the client; and the agreement's
goals as the lines a goals form starts from.

Pure: no Django import. The rules, in one place so the coach's page, the portal and the
prompt planner agree:

- at the start (baseline): open from the first day until the first phase is left. After
  that the coach may still rate it (shown as late: a baseline taken later is still the
  best start there is); the client is no longer asked.
- mid-way: open from the day halfway between the start and the planned end.
- at close: for the client, once the coach asks for their closing reflections; for the
  coach, once a closing review exists.

A journey that is closed, ended early or still a draft takes no ratings at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

BASELINE, MIDWAY, CLOSE = "baseline", "midway", "close"
MOMENTS = (BASELINE, MIDWAY, CLOSE)
COACH, CLIENT = "coach", "client"


class Opening(Enum):
    OPEN = "open"
    LATE = "late"  # open to the coach only, after its time
    NOT_YET = "not_yet"
    CLOSED = "closed"

    @property
    def takes_ratings(self) -> bool:
        return self in (Opening.OPEN, Opening.LATE)


@dataclass(frozen=True)
class JourneyFacts:
    """What the rules read of a journey, as plain values."""

    is_open: bool  # active, paused or closing
    start_date: date
    planned_end: date
    first_phase_left: bool
    review_exists: bool
    client_asked: bool  # the closing review asked for the client's reflections
    review_complete: bool = False


@dataclass(frozen=True)
class MomentState:
    opening: Opening
    reason: str  # why it is not open, or why it is late; "" when simply open

    @property
    def takes_ratings(self) -> bool:
        return self.opening.takes_ratings


def midway_day(start_date: date, planned_end: date) -> date:
    """The day halfway between the start and the planned end (rounded down)."""
    return start_date + timedelta(days=(planned_end - start_date).days // 2)


def moment_state(moment: str, rater: str, facts: JourneyFacts, today: date) -> MomentState:
    """Whether `rater` may rate `moment` today, with the reason in words when not."""
    if moment not in MOMENTS or rater not in (COACH, CLIENT):
        raise ValueError(f"unknown moment or rater: {moment!r}, {rater!r}")
    if not facts.is_open:
        return MomentState(
            Opening.CLOSED, "This journey has ended; its ratings are kept as they are."
        )
    if moment == BASELINE:
        if not facts.first_phase_left:
            return MomentState(Opening.OPEN, "")
        if rater == COACH:
            return MomentState(
                Opening.LATE, "Late: the first phase is over, so this start is taken late."
            )
        return MomentState(Opening.CLOSED, "The start was rated in the first phase.")
    if moment == MIDWAY:
        halfway = midway_day(facts.start_date, facts.planned_end)
        if today >= halfway:
            return MomentState(Opening.OPEN, "")
        return MomentState(Opening.NOT_YET, f"Mid-way opens on {halfway:%-d %B %Y}.")
    if facts.review_complete:
        return MomentState(Opening.CLOSED, "The closing review is complete.")
    if rater == CLIENT:
        if facts.client_asked:
            return MomentState(Opening.OPEN, "")
        return MomentState(
            Opening.NOT_YET, "The close opens for the client when the coach asks for it."
        )
    if facts.review_exists:
        return MomentState(Opening.OPEN, "")
    return MomentState(Opening.NOT_YET, "The close opens once a closing review is started.")


BULLET = re.compile(r"^\s*(?:[-*•·\u2013]|\d{1,2}[.)])\s+")
# A sentence ends at . ! or ? followed by a space and a capital letter or a digit.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'])")


def goal_lines(agreement: str, *, at_most: int) -> list[str]:
    """The agreement's goals, one per non-empty line with any list marker taken off.

    When the agreement is a single line of several sentences, each sentence is a goal.
    At most `at_most` are returned; the coach sees the agreement beside the form.
    """
    lines = [BULLET.sub("", line).strip() for line in agreement.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        lines = [part.strip() for part in SENTENCE_END.split(lines[0]) if part.strip()]
    return lines[:at_most]
