"""When to ask a client for each reflection after a session. Pure: no Django.

Kolb's cycle runs experience → reflection → integration, so the prompts are asked in that
order, whatever order the design lists them in, and spread over the days between the held
session and the next one: the first a day after the session, the last before the next, so
the coach has every answer in hand when preparing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

CYCLE_ORDER = ("experience", "reflection", "integration")


@dataclass(frozen=True)
class Prompt:
    step: str
    text: str


@dataclass(frozen=True)
class Request:
    """One prompt to ask, its place in the design's list, and the day it is due."""

    position: int
    step: str
    text: str
    due_on: date


def prompts_from_json(raw: object) -> list[Prompt]:
    """The prompts of a phase's `reflection_prompts` JSON; malformed entries are skipped."""
    if not isinstance(raw, list):
        return []
    prompts = []
    for item in raw:
        if isinstance(item, dict):
            step, text = item.get("step"), item.get("text")
            if step in CYCLE_ORDER and isinstance(text, str) and text.strip():
                prompts.append(Prompt(step=step, text=text.strip()))
    return prompts


def plan_requests(prompts: Sequence[Prompt], *, held_on: date, next_on: date) -> list[Request]:
    """The prompts in cycle order, each with a due day spread over held_on → next_on.

    With a gap of two days or more every due day falls strictly between the two sessions,
    in order and as evenly apart as the days allow; with a shorter gap (or a next session
    on or before the held one) everything is due the day of the held session.
    """
    ordered = sorted(
        enumerate(prompts), key=lambda pair: (CYCLE_ORDER.index(pair[1].step), pair[0])
    )
    gap = (next_on - held_on).days
    count = len(ordered)
    requests = []
    for index, (position, prompt) in enumerate(ordered):
        offset = 0 if gap < 2 else min(max((index + 1) * gap // (count + 1), 1), gap - 1)
        requests.append(
            Request(
                position=position,
                step=prompt.step,
                text=prompt.text,
                due_on=held_on + timedelta(days=offset),
            )
        )
    return requests
