"""Momentum: where a journey stands, from its own facts, each signal with a one-line why.

Pure: immutable records in (named tuples and frozen dataclasses), plain values out; no
Django import. `arcwise.insights.momentum_facts` loads the facts for many journeys at
once; this package judges them:

- `facts`: the records judged; `thresholds`: when a signal fires;
- `states`: states, kinds of signal, a judgement;
- `judge`: the rules, written once, finding signals at any moment;
- `judgement`: `assess` (one moment, with reasons), `assess_all`, `weekly_states` (the
  sparkline's weeks, counted only); `words`: how reasons are worded.

Every fact is an event with its moment or day, so a journey can be judged *as of* any
moment from the same facts: facts after that moment are simply not yet known. That is what
the caseload's 12-week sparkline (`weekly_states`) needs. Two things are known only as they
are now, and are used as they are now for the past too: a session's status (a session held
last week was, for a judgement of a month ago, already "held" on its day) and the agreement
itself (cadence and planned end, which the planner moves on a pause or an extension).

Days are counted on the calendar of `JourneyFacts.zone` (the coach's time zone: the coach
reads the caseload, and plans sessions on the same calendar), and days spent paused are not
counted by any signal.

States, most urgent first (`ATTENTION`, the order the caseload sorts by):
closure at risk → stalled → drifting → on track → paused → closed.
"""
