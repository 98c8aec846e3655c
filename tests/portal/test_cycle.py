"""The reflection cycle's pure planner: cycle order, spread over the gap between sessions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcwise.portal.cycle import CYCLE_ORDER, Prompt, plan_requests, prompts_from_json

HELD = date(2026, 9, 7)
KEEP = Prompt("integration", "Keep?")
WHAT = Prompt("experience", "What?")
SO = Prompt("reflection", "So?")


@pytest.mark.parametrize(
    ("gap", "offsets"),
    [
        (14, [3, 7, 10]),  # a fortnight: evenly apart, all before the next session
        (7, [1, 3, 5]),
        (4, [1, 2, 3]),
        (2, [1, 1, 1]),  # one day between: all on it
        (1, [0, 0, 0]),  # the next session is tomorrow: ask now
        (0, [0, 0, 0]),
    ],
)
def test_prompts_are_due_across_the_gap_in_cycle_order(gap: int, offsets: list[int]) -> None:
    requests = plan_requests([KEEP, WHAT, SO], held_on=HELD, next_on=HELD + timedelta(days=gap))
    assert [r.step for r in requests] == ["experience", "reflection", "integration"]
    assert [(r.due_on - HELD).days for r in requests] == offsets
    assert [r.position for r in requests] == [1, 2, 0]  # their places in the design's list


def test_no_prompts_ask_nothing() -> None:
    assert plan_requests([], held_on=HELD, next_on=HELD + timedelta(days=14)) == []


def test_malformed_prompt_json_is_skipped() -> None:
    raw = [{"step": "experience", "text": " What? "}, {"step": "dream", "text": "x"}, "odd", {}]
    assert prompts_from_json(raw) == [Prompt("experience", "What?")]
    assert prompts_from_json({"step": "experience"}) == []


prompts = st.lists(
    st.builds(Prompt, step=st.sampled_from(CYCLE_ORDER), text=st.just("A prompt")), max_size=8
)


@given(prompts=prompts, gap=st.integers(min_value=-3, max_value=120))
def test_every_prompt_is_asked_once_in_order_before_the_next_session(
    prompts: list[Prompt], gap: int
) -> None:
    next_on = HELD + timedelta(days=gap)
    requests = plan_requests(prompts, held_on=HELD, next_on=next_on)

    assert sorted(r.position for r in requests) == list(range(len(prompts)))
    steps = [CYCLE_ORDER.index(r.step) for r in requests]
    assert steps == sorted(steps)
    due = [r.due_on for r in requests]
    assert due == sorted(due)
    for day in due:
        if gap >= 2:
            assert HELD < day < next_on
        else:
            assert day == HELD
