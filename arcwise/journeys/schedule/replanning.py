"""Re-planning a running journey: one entry point for every kind of change."""

from __future__ import annotations

from datetime import date

from arcwise.journeys.schedule.interruptions import pause, resume, revisit
from arcwise.journeys.schedule.plan import (
    Change,
    Extend,
    InsertSession,
    MoveOn,
    Pause,
    Plan,
    Rebase,
    Resume,
    Revisit,
    Skip,
)
from arcwise.journeys.schedule.rebase import rebase
from arcwise.journeys.schedule.reshaping import close, extend, insert, move_on, skip


def replan(plan: Plan, change: Change, today: date) -> Plan:
    """The plan after `change`, made on `today`.

    What each change does:

    - `Extend`: the phase under way ends `weeks` later; every later stage, every session
      that can move in a later stage, and the planned end move by the same weeks.
      `add_sessions` new sessions go into the added weeks at the cadence.
    - `Skip`: the phase leaves the plan. Carried, its sessions keep their days and join
      the next phase, whose window takes over the skipped one's, so nothing else moves.
      Dropped, its sessions go, and every later stage, session and the planned end come
      earlier by the skipped phase's weeks.
    - `Revisit`: the earlier phase starts today for its planned weeks, with its planned
      sessions at the cadence; the interrupted phase resumes after it for the weeks it
      had left; every later session and the planned end move by the revisit's weeks.
    - `Pause`: planned sessions from today until the return date are suspended.
    - `Resume`: the phase under way gains the weeks the pause lasted (whole weeks, so
      weekdays stay weekdays); its suspended and planned sessions are laid out again from
      today at the cadence, around any session the coach inserted by hand, which keeps its
      day while that day is still ahead; later stages and their sessions move by the same
      weeks.
    - `InsertSession`: one more session, in the phase under way.
    - `MoveOn`: the next stage starts on the day; the phase under way's sessions still to
      come join it. No session moves.
    - `Rebase`: the journey goes on under another version of its design. If it continues
      in the phase under way, that phase keeps its window and its sessions; otherwise the
      chosen phase starts today. The phases after it come from the new version, one after
      another, each with its planned sessions at the cadence: sessions still to come are
      reused for them in time order, missing ones are added and surplus ones dropped.
    - `Close`: nothing is ahead; sessions still to come are cancelled.

    A session the coach inserted by hand keeps its day and time while that day is still
    ahead (close cancels it, pause suspends it): it joins the stage whose window holds its
    day after the change, and the other sessions are laid out around it.

    Held sessions and sessions in the past never change. Raises `PlanProblem` for a
    change that cannot be made, with a message a coach can act on.
    """
    if isinstance(change, Extend):
        return extend(plan, change, today)
    if isinstance(change, Skip):
        return skip(plan, change, today)
    if isinstance(change, Revisit):
        return revisit(plan, change, today)
    if isinstance(change, Pause):
        return pause(plan, change, today)
    if isinstance(change, Resume):
        return resume(plan, change, today)
    if isinstance(change, InsertSession):
        return insert(plan, change)
    if isinstance(change, MoveOn):
        return move_on(plan, change, today)
    if isinstance(change, Rebase):
        return rebase(plan, change, today)
    return close(plan, today)
