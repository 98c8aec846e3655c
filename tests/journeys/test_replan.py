"""The living plan: what each adaptation does to the stages, the sessions and the planned end,
and the properties that hold for every plan and every change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcwise.journeys.schedule import (
    PLANNED,
    SUSPENDED,
    Change,
    Close,
    Extend,
    InsertSession,
    MoveOn,
    Pause,
    Plan,
    PlanPhase,
    PlanProblem,
    PlanSession,
    Rebase,
    Resume,
    Revisit,
    Skip,
    compare,
    initial_plan,
    planned_end,
    propose_sessions,
    replan,
)

MONDAY = date(2026, 9, 7)
PHASES = [
    PlanPhase("orient", "Orient", 2, 1),
    PlanPhase("understand", "Understand", 4, 2),
    PlanPhase("experiment", "Experiment", 4, 2),
    PlanPhase("close", "Close", 2, 1),
]


def plan_of(phases: list[PlanPhase] = PHASES, *, cadence: int = 14) -> Plan:
    proposal = propose_sessions(MONDAY, phases, cadence_days=cadence)
    return initial_plan(
        MONDAY,
        phases,
        [(f"s{number}", session) for number, session in enumerate(proposal, start=1)],
        cadence_days=cadence,
        end=planned_end(MONDAY, phases),
    )


def where(plan: Plan) -> list[tuple[str, date, str]]:
    return [(s.phase_key, s.on, s.status) for s in plan.sessions]


def test_extending_moves_later_sessions_and_the_end_by_the_same_weeks() -> None:
    plan = plan_of()

    after = replan(plan, Extend(weeks=2), MONDAY)

    assert after.planned_end == plan.planned_end + timedelta(weeks=2)
    assert after.stages[0].ends == plan.stages[0].ends + timedelta(weeks=2)
    for old, new in zip(plan.sessions, after.sessions, strict=True):
        moved = timedelta(weeks=2) if old.phase_key != "orient" else timedelta(0)
        assert new.on == old.on + moved


def test_extending_with_sessions_puts_them_in_the_added_weeks() -> None:
    plan = plan_of()

    after = replan(plan, Extend(weeks=2, add_sessions=1), MONDAY)

    added = compare(plan, after)
    assert added.count("added") == 1
    (new,) = [s for s in after.sessions if s.key.startswith("new-")]
    assert new.phase_key == "orient"
    assert plan.stages[0].ends <= new.on < after.stages[0].ends
    assert new.on.weekday() < 5


def test_skipping_with_sessions_carried_relabels_them_and_moves_nothing() -> None:
    plan = plan_of()

    after = replan(plan, Skip("understand", carry_sessions=True), MONDAY)

    assert [s.phase_key for s in after.stages] == ["orient", "experiment", "close"]
    assert "understand" not in {s.phase_key for s in after.sessions}
    assert [s.on for s in after.sessions] == [s.on for s in plan.sessions]
    assert after.planned_end == plan.planned_end
    assert after.stages[1].starts == plan.stages[1].starts


def test_skipping_with_sessions_dropped_brings_everything_later_forward() -> None:
    plan = plan_of()

    after = replan(plan, Skip("understand", carry_sessions=False), MONDAY)

    diff = compare(plan, after)
    assert diff.count("removed") == 2
    assert after.planned_end == plan.planned_end - timedelta(weeks=4)
    experiment = [s.on for s in after.sessions if s.phase_key == "experiment"]
    assert experiment == [
        s.on - timedelta(weeks=4) for s in plan.sessions if s.phase_key == "experiment"
    ]


def test_the_last_phase_cannot_hand_its_sessions_on() -> None:
    with pytest.raises(PlanProblem, match="last phase"):
        replan(plan_of(), Skip("close", carry_sessions=True), MONDAY)


def test_revisiting_gives_the_revisit_sessions_and_moves_the_rest() -> None:
    plan = replan(plan_of(), MoveOn(on=MONDAY + timedelta(weeks=2)), MONDAY + timedelta(weeks=2))
    today = MONDAY + timedelta(weeks=3)

    after = replan(plan, Revisit(PHASES[0]), today)

    assert [s.phase_key for s in after.stages] == ["orient", "understand", "experiment", "close"]
    assert after.stages[0].starts == today
    revisit = [s for s in after.sessions if s.key.startswith("new-")]
    assert [s.phase_key for s in revisit] == ["orient"]
    assert after.planned_end == plan.planned_end + timedelta(weeks=2)
    later = {s.key: s.on for s in after.sessions}
    for session in plan.sessions:
        if session.on >= today:
            assert later[session.key] == session.on + timedelta(weeks=2)


def test_pausing_suspends_only_the_sessions_inside_the_pause() -> None:
    plan = plan_of()
    today = MONDAY + timedelta(days=1)
    until = MONDAY + timedelta(weeks=5)

    after = replan(plan, Pause(until=until), today)

    for session in after.sessions:
        inside = today <= session.on < until
        assert (session.status == SUSPENDED) == inside
    assert after.planned_end == plan.planned_end


def test_resuming_lays_the_phase_out_again_from_today_and_moves_the_rest() -> None:
    paused_on = MONDAY + timedelta(days=1)
    plan = replan(plan_of(), Pause(until=MONDAY + timedelta(weeks=6)), paused_on)
    today = MONDAY + timedelta(weeks=3, days=1)

    after = replan(plan, Resume(paused_on=paused_on), today)

    assert SUSPENDED not in {s.status for s in after.sessions}
    assert all(s.on >= today for s in after.sessions if s.on >= paused_on)
    assert after.planned_end == plan.planned_end + timedelta(weeks=3)


def test_resuming_leaves_a_session_the_coach_inserted_on_its_day_and_time() -> None:
    inserted_on = MONDAY + timedelta(days=9)
    plan = replan(plan_of(), InsertSession(inserted_on, time(15, 0)), MONDAY)
    paused_on = MONDAY + timedelta(days=1)
    paused = replan(plan, Pause(until=MONDAY + timedelta(days=8)), paused_on)

    after = replan(paused, Resume(paused_on=paused_on), MONDAY + timedelta(days=8))

    (inserted,) = [s for s in after.sessions if s.inserted]
    assert (inserted.on, inserted.at, inserted.status) == (inserted_on, time(15, 0), PLANNED)


def test_resuming_early_puts_an_inserted_session_back_on_its_own_day() -> None:
    inserted_on = MONDAY + timedelta(days=9)
    plan = replan(plan_of(), InsertSession(inserted_on, time(15, 0)), MONDAY)
    paused_on = MONDAY + timedelta(days=1)
    paused = replan(plan, Pause(until=MONDAY + timedelta(weeks=3)), paused_on)
    assert [s.status for s in paused.sessions if s.inserted] == [SUSPENDED]

    after = replan(paused, Resume(paused_on=paused_on), MONDAY + timedelta(days=3))

    (inserted,) = [s for s in after.sessions if s.inserted]
    assert (inserted.on, inserted.at, inserted.status) == (inserted_on, time(15, 0), PLANNED)


def test_resuming_lays_the_other_sessions_out_around_an_inserted_one() -> None:
    plan = plan_of([PlanPhase("a", "A", 4, 2), PlanPhase("b", "B", 2, 1)])
    back_on = MONDAY + timedelta(days=10)
    plan = replan(plan, InsertSession(back_on, time(15, 0)), MONDAY)
    paused_on = MONDAY + timedelta(days=1)
    paused = replan(plan, Pause(until=back_on), paused_on)

    after = replan(paused, Resume(paused_on=paused_on), back_on)

    days = [s.on for s in after.sessions if s.on >= back_on]
    assert back_on in days
    assert len(days) == len(set(days))


def _with_inserted_session_in_understand() -> tuple[Plan, date]:
    """The journey in Understand, with a session the coach inserted for Wednesday 30 September."""
    entered = MONDAY + timedelta(weeks=2)
    plan = replan(plan_of(), MoveOn(on=entered), entered)
    today = MONDAY + timedelta(weeks=3)
    return replan(plan, InsertSession(date(2026, 9, 30), time(15, 0)), today), today


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(Extend(weeks=2, add_sessions=1), id="extend"),
        pytest.param(Skip("experiment", carry_sessions=False), id="skip"),
        pytest.param(MoveOn(on=MONDAY + timedelta(weeks=3)), id="move on"),
        pytest.param(Rebase(tuple(PHASES), continue_at="understand"), id="rebase, same phase"),
        pytest.param(Revisit(PHASES[0]), id="revisit"),
        pytest.param(Rebase(tuple(PHASES), continue_at="experiment"), id="rebase, another phase"),
    ],
)
def test_an_inserted_session_keeps_its_day_and_time_when_the_plan_changes(change: Change) -> None:
    plan, today = _with_inserted_session_in_understand()

    after = replan(plan, change, today)

    (inserted,) = [s for s in after.sessions if s.inserted]
    assert (inserted.on, inserted.at, inserted.status) == (date(2026, 9, 30), time(15, 0), PLANNED)


AROUND_AN_INSERTED_SESSION = [
    # The revisit of Orient runs from Monday 28 September to 11 October: its session would
    # be on the 28th, and the inserted session on the 28th or 30th joins it.
    pytest.param(date(2026, 9, 30), Revisit(PHASES[0]), "orient", id="revisit, in its window"),
    pytest.param(date(2026, 9, 28), Revisit(PHASES[0]), "orient", id="revisit, on its day"),
    # Understand runs again from 12 October: its session of 5 October moves two weeks, onto
    # the 19th, where the inserted session stays in Understand.
    pytest.param(date(2026, 10, 19), Revisit(PHASES[0]), "understand", id="revisit, after it"),
    # Experiment starts today, 28 September, with a session today and one on 12 October.
    pytest.param(
        date(2026, 9, 30),
        Rebase(tuple(PHASES), continue_at="experiment"),
        "experiment",
        id="rebase, in its window",
    ),
    # A version whose Experiment is one week with three sessions: today, Wednesday 30
    # September and Friday 2 October.
    pytest.param(
        date(2026, 9, 30),
        Rebase(
            (*PHASES[:2], PlanPhase("experiment", "Experiment", 1, 3), PHASES[3]),
            continue_at="experiment",
        ),
        "experiment",
        id="rebase, on its day",
    ),
]


def _inserted_on(day: date) -> tuple[Plan, date]:
    """The journey in Understand on Monday 28 September, with a session inserted for `day`."""
    entered = MONDAY + timedelta(weeks=2)
    plan = replan(plan_of(), MoveOn(on=entered), entered)
    today = MONDAY + timedelta(weeks=3)
    return replan(plan, InsertSession(day, time(15, 0)), today), today


@pytest.mark.parametrize(("day", "change", "phase"), AROUND_AN_INSERTED_SESSION)
def test_an_inserted_session_belongs_to_the_phase_whose_window_holds_its_day(
    day: date, change: Change, phase: str
) -> None:
    plan, today = _inserted_on(day)

    after = replan(plan, change, today)

    (inserted,) = [s for s in after.sessions if s.inserted]
    assert (inserted.phase_key, inserted.on, inserted.at) == (phase, day, time(15, 0))
    (stage,) = [s for s in after.stages if s.phase_key == phase]
    assert stage.starts <= day < stage.ends


@pytest.mark.parametrize(("day", "change", "phase"), AROUND_AN_INSERTED_SESSION)
def test_no_other_session_lands_on_an_inserted_sessions_day(
    day: date, change: Change, phase: str
) -> None:
    plan, today = _inserted_on(day)

    after = replan(plan, change, today)

    assert [s.inserted for s in after.sessions if s.on == day] == [True]
    to_come = [s.on for s in after.sessions if s.status == PLANNED and s.on >= today]
    assert len(to_come) == len(set(to_come))


@pytest.mark.parametrize(("day", "change", "phase"), AROUND_AN_INSERTED_SESSION)
def test_the_plan_diff_shows_an_inserted_session_on_its_day(
    day: date, change: Change, phase: str
) -> None:
    plan, today = _inserted_on(day)
    (inserted,) = [s for s in plan.sessions if s.inserted]

    diff = compare(plan, replan(plan, change, today))

    mine = [c for c in diff.changes if c.before == inserted]
    # At most its phase changes (“in another phase”): never its day, time or status.
    assert [c.kind for c in mine] in ([], ["relabelled"])
    assert all(c.after == replace(inserted, phase_key=phase) for c in mine)


def test_an_inserted_session_joins_the_phase_under_way() -> None:
    after = replan(plan_of(), InsertSession(MONDAY + timedelta(days=3), time(15, 0)), MONDAY)

    (new,) = [s for s in after.sessions if s.inserted]
    assert (new.phase_key, new.on, new.at) == ("orient", date(2026, 9, 10), time(15, 0))


def test_moving_on_early_hands_the_remaining_sessions_to_the_next_phase() -> None:
    plan = plan_of([PlanPhase("a", "A", 4, 2), PlanPhase("b", "B", 2, 1)])
    on = MONDAY + timedelta(days=8)

    after = replan(plan, MoveOn(on=on), on)

    assert after.stages[0].phase_key == "b"
    assert after.stages[0].starts == on
    assert [s.phase_key for s in after.sessions] == ["a", "b", "b"]
    assert [s.on for s in after.sessions] == [s.on for s in plan.sessions]


def test_closing_cancels_what_is_still_to_come() -> None:
    today = MONDAY + timedelta(weeks=3)
    after = replan(plan_of(), Close(), today)

    assert after.stages == ()
    assert all(s.status == ("cancelled" if s.on >= today else PLANNED) for s in after.sessions)


NEWER = (
    PlanPhase("orient", "Arrive", 2, 1),
    PlanPhase("understand", "Understand", 3, 2),
    PlanPhase("practise", "Practise", 4, 2),
    PlanPhase("close", "Close", 2, 1),
)


def test_moving_to_a_newer_version_keeps_the_phase_under_way_and_replans_the_rest() -> None:
    plan = plan_of()
    today = MONDAY + timedelta(days=2)

    after = replan(plan, Rebase(NEWER, continue_at="orient"), today)

    assert [s.phase_key for s in after.stages] == ["orient", "understand", "practise", "close"]
    assert after.stages[0] == replace(plan.stages[0], name="Arrive")
    assert after.sessions[0] == plan.sessions[0]
    assert [s.phase_key for s in after.sessions] == [
        "orient",
        "understand",
        "understand",
        "practise",
        "practise",
        "close",
    ]
    # Understand is a week shorter: everything after it, and the end, come a week earlier.
    assert after.planned_end == plan.planned_end - timedelta(weeks=1)
    diff = compare(plan, after)
    assert diff.count("added") == 0
    assert diff.count("removed") == 0


def test_moving_to_a_version_without_the_current_phase_continues_where_the_coach_chose() -> None:
    plan = replan(plan_of(), MoveOn(on=MONDAY + timedelta(weeks=6)), MONDAY + timedelta(weeks=6))
    today = MONDAY + timedelta(weeks=6, days=1)

    after = replan(plan, Rebase(NEWER, continue_at="practise"), today)

    assert after.stages[0].phase_key == "practise"
    assert after.stages[0].starts == today
    assert "experiment" not in {s.phase_key for s in after.sessions if s.can_move(today)}


def test_a_phase_the_new_version_lacks_cannot_be_continued() -> None:
    with pytest.raises(PlanProblem, match="Choose a phase of the new version"):
        replan(plan_of(), Rebase(NEWER, continue_at="experiment"), MONDAY)


# --- Properties over any plan, any day and any change --------------------------------------

phase_specs = st.integers(1, 6).flatmap(
    lambda weeks: st.tuples(st.just(weeks), st.integers(0, min(3, weeks)))
)


@st.composite
def running_plans(draw: st.DrawFn, *, phases_ahead: int = 0) -> tuple[Plan, date, list[PlanPhase]]:
    """A journey's plan as it stands on some day of it, with at least `phases_ahead` phases
    still ahead of the one under way: built that way, never filtered to it."""
    specs = draw(st.lists(phase_specs, min_size=1 + phases_ahead, max_size=5))
    phases = [
        PlanPhase(f"p{i}", f"Phase {i}", weeks, sessions)
        for i, (weeks, sessions) in enumerate(specs)
    ]
    cadence = draw(st.sampled_from([7, 14, 21]))
    plan = plan_of(phases, cadence=cadence)
    # Today falls before the last `phases_ahead` phases start, so they are still ahead.
    days_open = 7 * sum(weeks for weeks, _ in specs[: len(specs) - phases_ahead])
    today = MONDAY + timedelta(days=draw(st.integers(0, days_open - (1 if phases_ahead else 0))))
    # Move on through the phases whose window has passed, as a coach would have.
    while len(plan.stages) > 1 and plan.stages[0].ends <= today:
        plan = replan(plan, MoveOn(on=plan.stages[0].ends), plan.stages[0].ends)
    # The past happened: some sessions were held, some cancelled, some not marked at all.
    statuses = draw(
        st.lists(
            st.sampled_from(["held", "held", "cancelled", PLANNED]),
            min_size=len(plan.sessions),
            max_size=len(plan.sessions),
        )
    )
    plan = Plan(
        plan.stages,
        tuple(
            PlanSession(s.key, s.phase_key, s.on, s.at, status if s.on < today else PLANNED)
            for s, status in zip(plan.sessions, statuses, strict=True)
        ),
        plan.cadence_days,
        plan.planned_end,
    )
    assert len(plan.stages) > phases_ahead
    return plan, today, phases


def skips_of(plan: Plan) -> st.SearchStrategy[Skip]:
    """A skip of any phase ahead; only a phase with a phase after it can hand its sessions on."""
    ahead = [s.phase_key for s in plan.stages[1:]]
    return st.sampled_from(ahead).flatmap(
        lambda key: st.builds(
            Skip, st.just(key), st.booleans() if key != ahead[-1] else st.just(False)
        )
    )


@st.composite
def situations(draw: st.DrawFn) -> tuple[Plan, date, Change]:
    plan, today, phases = draw(running_plans())
    options: list[st.SearchStrategy[Change]] = [
        st.builds(Extend, st.integers(1, 4), st.integers(0, 2)),
        st.builds(Pause, st.integers(1, 60).map(lambda days: today + timedelta(days=days))),
    ]
    if len(plan.stages) > 1:
        options.append(skips_of(plan))
    behind = [p for p in phases if p.key not in {s.phase_key for s in plan.stages}]
    if behind:
        options.append(st.builds(Revisit, st.sampled_from(behind)))
    newer = [
        PlanPhase(p.key, p.name + " 2", weeks, min(sessions, weeks))
        for p in phases
        if draw(st.booleans()) or p.key == plan.stages[0].phase_key
        for weeks, sessions in [(draw(st.integers(1, 6)), draw(st.integers(1, 3)))]
    ]
    newer.append(PlanPhase("new", "New", draw(st.integers(1, 4)), 1))
    continue_at = st.sampled_from([p.key for p in newer])
    options.append(st.builds(Rebase, st.just(tuple(newer)), continue_at))
    return plan, today, draw(st.one_of(options))


@st.composite
def skip_situations(draw: st.DrawFn) -> tuple[Plan, date, Skip]:
    plan, today, _ = draw(running_plans(phases_ahead=1))
    return plan, today, draw(skips_of(plan))


@settings(max_examples=300)
@given(situations())
def test_held_and_past_sessions_never_change(situation: tuple[Plan, date, Change]) -> None:
    plan, today, change = situation
    after = {s.key: s for s in replan(plan, change, today).sessions}

    for session in plan.sessions:
        if not session.can_move(today):
            assert after.get(session.key) == session


@settings(max_examples=300)
@given(skip_situations())
def test_no_session_still_to_come_sits_in_a_skipped_phase(
    situation: tuple[Plan, date, Skip],
) -> None:
    plan, today, skip = situation

    after = replan(plan, skip, today)

    assert all(s.phase_key != skip.phase_key for s in after.sessions if s.can_move(today))
    assert skip.phase_key not in {s.phase_key for s in after.stages}


@settings(max_examples=300)
@given(situations())
def test_sessions_to_come_stay_inside_their_phase_windows_on_separate_days(
    situation: tuple[Plan, date, Change],
) -> None:
    plan, today, change = situation
    after = replan(plan, change, today)
    windows = {stage.phase_key: stage for stage in after.stages}

    to_come = [s for s in after.sessions if s.status == PLANNED and s.on >= today]
    for session in to_come:
        stage = windows[session.phase_key]
        assert stage.starts <= session.on < stage.ends, (session, stage)
    days = [s.on for s in to_come]
    assert len(days) == len(set(days))


@settings(max_examples=300)
@given(situations())
def test_the_planned_end_follows_the_last_phase(situation: tuple[Plan, date, Change]) -> None:
    plan, today, change = situation
    after = replan(plan, change, today)

    assert after.planned_end - after.stages[-1].ends == plan.planned_end - plan.stages[-1].ends


@settings(max_examples=200)
@given(situations())
def test_a_pause_then_a_resume_leaves_nothing_suspended(
    situation: tuple[Plan, date, Change],
) -> None:
    plan, today, _ = situation
    paused = replan(plan, Pause(until=today + timedelta(weeks=2)), today)
    back = today + timedelta(days=10)

    after = replan(paused, Resume(paused_on=today), back)

    assert SUSPENDED not in {s.status for s in after.sessions}
    assert len(after.sessions) == len(plan.sessions)
