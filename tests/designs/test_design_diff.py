"""What changed between two versions of a design, in words a coach reads."""

from __future__ import annotations

from dataclasses import replace

from arcwise.designs.diff import ADDED, CHANGED, REMOVED, SAME, compare_designs
from arcwise.designs.intake_spec import IntakeQuestion, QuestionKind
from arcwise.designs.spec import DesignSpec, PhaseSpec

ORIENT = PhaseSpec("orient", "Orient", "Arrive.", 2, 1, ("Names a goal",), ("What brings you?",))
EXPERIMENT = PhaseSpec("experiment", "Experiment", "Try.", 4, 2)
CLOSE = PhaseSpec("close", "Close", "End well.", 2, 1)
OLD = DesignSpec("Arc", phases=(ORIENT, EXPERIMENT, CLOSE))


def test_an_identical_version_has_no_differences() -> None:
    assert compare_designs(OLD, OLD).is_empty


def test_added_removed_renamed_and_retimed_phases_are_named() -> None:
    practise = PhaseSpec("practise", "Practise", "Do.", 3, 2)
    new = replace(
        OLD,
        phases=(
            replace(ORIENT, name="Arrive", planned_weeks=3),
            practise,
            CLOSE,
        ),
    )

    diff = compare_designs(OLD, new)

    kinds = {phase.key: phase.kind for phase in diff.phases}
    assert kinds == {"orient": CHANGED, "practise": ADDED, "close": SAME, "experiment": REMOVED}
    (orient,) = diff.of(CHANGED)
    assert orient.changes == (
        "renamed from “Orient”",
        "re-timed: 3 weeks, 1 session (was 2 weeks, 1 session)",
    )


def test_prompt_and_signal_changes_are_counted() -> None:
    orient = replace(
        ORIENT,
        readiness_signals=("Names a goal", "Asks how we will know"),
        session_prompts=(),
    )
    diff = compare_designs(OLD, replace(OLD, phases=(orient, EXPERIMENT, CLOSE), cadence_days=7))

    assert diff.of(CHANGED)[0].changes == (
        "readiness signals: 1 added",
        "session prompts: 1 removed",
    )
    assert diff.changes == ("cadence every 7 days (was every 14 days)",)


def test_a_daily_cadence_is_said_in_words() -> None:
    diff = compare_designs(OLD, replace(OLD, cadence_days=1))

    assert diff.changes == ("cadence every day (was every 14 days)",)


def test_a_moved_phase_says_where_it_is_now() -> None:
    diff = compare_designs(OLD, replace(OLD, phases=(EXPERIMENT, ORIENT, CLOSE)))

    assert "now phase 1 (was 2)" in diff.of(CHANGED)[0].changes


def test_intake_questions_added_or_changed_are_said() -> None:
    hopes = IntakeQuestion(key="hopes", kind=QuestionKind.TEXT, prompt="What do you hope for?")
    old = OLD
    new = replace(old, intake=(hopes,))

    assert compare_designs(old, new).changes == ("intake questions: 1 added",)
    required = replace(new, intake=(replace(hopes, required=True),))
    assert compare_designs(new, required).changes == (
        "intake questions: what they require, offer or fill in changed",
    )
