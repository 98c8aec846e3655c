"""The demo journeys still under way, one for each thing momentum tells a coach about an
open journey: on track, drifting (on her pulse, or on a gap and unanswered reflections),
stalled, paused, and closure at risk. `arcwise.demo.caseload` tells them in order.
"""

from __future__ import annotations

from datetime import time, timedelta

from arcwise.demo.cast import Cast
from arcwise.demo.closing import ScaledGoal, scale_goals
from arcwise.demo.story import Record
from arcwise.journeys import schedule
from arcwise.journeys.models import FeeBasis


def priya_drifting_on_her_pulse(cast: Cast) -> None:
    """Sessions at the cadence and every reflection answered, but the energy she reports
    has fallen four weeks running; Maya took her back to Resource six days ago."""
    story = cast.story(
        cast.maya,
        "Priya Raman",
        cast.arc,
        records=[
            Record(
                "Wants to stop dreading Mondays. Clear about the company, foggy about herself.",
                agreements="Track energy, not hours, for two weeks.",
            ),
            Record(
                "Named what refuels her: her sister, running, the first hour of the day.",
                key_insights="She spends that first hour on e-mail.",
            ),
            Record(
                "The pattern: she takes on the hardest conversation so nobody else has to.",
                key_insights="Being the one who absorbs it feels like leadership to her.",
            ),
            Record(
                "Exhausted after the board meeting. We went back to what sustains her.",
                agreements="Protect the first hour of four days before we meet.",
            ),
        ],
        reflections={
            "experience": "Tuesday morning, before anyone was online. I had a plan and a coffee.",
            "reflection": "My energy goes to the conversations I dread, long before they happen.",
            "integration": "Keep the first hour mine, even in board weeks.",
        },
    )
    revisit_on = cast.ago(6)
    story.start(
        goals="Run the company without running myself down: energy for my family at the "
        "end of the day.",
        session_index=3,
        on_day=revisit_on,
        pulse_scales=("Energy at the end of the day", "Clear about what matters this week"),
    )
    story.hold(3)
    # The revisit is decided in the session planned for that day, which is a weekday.
    upcoming = story.next_planned()
    assert upcoming is not None
    revisit_on = story.day(upcoming)
    story.answer_reflections(due_by=revisit_on)
    story.adapt(
        schedule.Revisit(story.phase_named("resource")),
        reason="Energy dropped again after the board meeting; back to what sustains her "
        "before we go deeper.",
        on=revisit_on,
    )
    session = story.hold()
    story.agree(session, practice=1)
    story.answer_reflections(due_by=cast.today)
    story.pulses(
        [
            {"Energy at the end of the day": 7, "Clear about what matters this week": 5},
            {"Energy at the end of the day": 6, "Clear about what matters this week": 5},
            {"Energy at the end of the day": 4, "Clear about what matters this week": 6},
            {"Energy at the end of the day": 3, "Clear about what matters this week": 6},
        ]
    )


def tomas_paused(cast: Cast) -> None:
    """Four sessions, then a planned operation: paused ten days ago with a return date."""
    story = cast.story(
        cast.maya,
        "Tomás Herrera",
        cast.arc,
        records=[
            Record(
                "Back at work three days a week. Wants a rhythm he can keep.",
                agreements="Notice which days leave something in the tank.",
            ),
            Record("Walks and Friday calls with his brother keep him going."),
            Record(
                "He works hardest on the days he feels well, and pays for it for two days.",
                key_insights="Proving he is back matters more to him than being back.",
            ),
            Record(
                "His operation is next week. We agreed to pause, not push on.",
                agreements="Pause until he is home and rested; he will write when ready.",
            ),
        ],
        reflections={
            "experience": "Thursday. I stopped at four and still had energy for dinner.",
            "reflection": "I measure a good day by output. My body measures it differently.",
            "integration": "Plan the day after a good day as a lighter one.",
        },
    )
    last = cast.ago(12)
    story.start(
        goals="A working week I can sustain, without paying for good days with bad ones.",
        session_index=3,
        on_day=last,
    )
    session = story.hold(4)
    story.agree(session)
    story.answer_reflections(due_by=cast.ago(10))
    story.adapt(
        schedule.Pause(until=cast.today + timedelta(days=18)),
        reason="Tomás has a planned operation; we pause until he is home and rested.",
        on=cast.ago(10),
    )


def lucia_stalled(cast: Cast) -> None:
    """Five sessions, the last 46 days ago; the three since are still marked planned and her
    experiment has no check-in. Still in Understand, weeks past its plan."""
    story = cast.story(
        cast.maya,
        "Lucía Fernández",
        cast.arc,
        records=[
            Record(
                "Says yes at work and at home; wants one evening a week that is hers.",
                agreements="Count the yeses for a week, no changes.",
            ),
            Record("Twenty-three yeses. Her mother and the ward rota take most of them."),
            Record(
                "Saying no feels like abandoning people, as her father did.",
                key_insights="The yes protects her from being like him.",
            ),
            Record("Quieter today. The ward is short of two nurses."),
            Record(
                "Tired, cancelled twice by message before this. Agreed a small experiment.",
                agreements="One no, to something small, before we next meet.",
            ),
        ],
        reflections={
            "experience": "When my sister asked for Sunday again. I said yes before she finished.",
            "reflection": "A no feels like a door closing on someone.",
            "integration": "Try one small no and see what happens.",
        },
    )
    last = cast.ago(46)
    story.start(
        goals="One evening a week that is mine, and a no I can say without guilt.",
        session_index=4,
        on_day=last,
        fee_basis=FeeBasis.PRO_BONO,  # Maya coaches one nurse a year without a fee
    )
    session = story.hold(5)
    story.agree(session, practice=2)
    story.answer_reflections(due_by=last - timedelta(days=3))


def amara_on_track(cast: Cast) -> None:
    """Sessions at the cadence, reflections answered, experiments checked in."""
    story = cast.story(
        cast.sam,
        "Amara Nwosu",
        cast.six,
        records=[
            Record(
                "Wants to speak in the first ten minutes of partner meetings, not the last.",
                agreements="Notice when she has something to say and holds it.",
            ),
            Record("She waits until she is certain; the others think aloud."),
            Record(
                "Practised a half-formed idea out loud with me. Surprised it was fine.",
                key_insights="Certainty is her entry ticket, and nobody asked for it.",
            ),
            Record(
                "Spoke first in Monday's meeting. Her idea went into the bid.",
                agreements="Once a week, say the idea before it is finished.",
            ),
        ],
        reflections={
            "experience": "Monday's partner meeting. I said it in the first five minutes.",
            "reflection": "Nobody needed my idea to be finished. I did.",
            "integration": "Say it at seventy per cent.",
        },
        at=time(8, 30),
    )
    last = cast.ago(4)
    story.start(
        goals="Be heard in partner meetings while the decision is still open.",
        session_index=3,
        on_day=last,
        pulse_scales=("Speaking up when it matters", "Ease in partner meetings"),
    )
    experiment = story.agree(story.hold(3), practice=0)
    story.check_in(
        experiment,
        tried="partly",
        happened="I tried it twice. The second time someone built on what I said.",
        hard="The first meeting ran late and I lost my nerve.",
    )
    story.agree(story.hold(), practice=0)
    story.answer_reflections(due_by=cast.today)
    story.pulses(
        [
            {"Speaking up when it matters": 4, "Ease in partner meetings": 3},
            {"Speaking up when it matters": 5, "Ease in partner meetings": 4},
            {"Speaking up when it matters": 7, "Ease in partner meetings": 5},
        ]
    )


def kenji_drifting(cast: Cast) -> None:
    """Understand extended by two weeks, then the next session cancelled and not rebooked:
    25 days since the last session, and the reflections since left unanswered."""
    story = cast.story(
        cast.sam,
        "Kenji Watanabe",
        cast.arc,
        records=[
            Record("A year of friction with the engineering director. Wants it to end well."),
            Record("Sleeps badly before their shared meetings."),
            Record(
                "He prepares arguments, never questions, for every meeting with her. The same "
                "with his father, and with an old manager.",
                key_insights="He expects to lose, so he arms himself.",
                agreements="Keep a pattern log; more time in Understand before experimenting.",
            ),
        ],
        reflections={
            "experience": "The roadmap review. I had my counter-arguments ready before she spoke.",
            "reflection": "I prepare for a fight so I am not surprised by one.",
        },
        at=time(8, 0),
    )
    story.start(
        goals="Work with the engineering director without bracing for every meeting.",
        session_index=2,
        on_day=cast.ago(25),
    )
    session = story.hold(3)
    last = story.day(session)
    experiment = story.agree(session, practice=0)
    story.check_in(
        experiment,
        tried="yes",
        happened="Three entries. All three before meetings with her.",
        hard="Writing it down made it feel bigger.",
    )
    story.adapt(
        schedule.Extend(weeks=2, add_sessions=1),
        reason="The pattern keeps showing up in new places; Kenji asked for more time here "
        "before experimenting.",
        on=last,
    )
    story.answer_reflections(due_by=last - timedelta(days=7))
    story.cancel_next()


def hannah_closure_at_risk(cast: Cast) -> None:
    """Every session held, but the planned end passed ten days ago without a closing."""
    story = cast.story(
        cast.sam,
        "Hannah Becker",
        cast.six,
        records=[
            Record("Starts as deputy head in September. Wants a plan for the first year."),
            Record("Worried the staff room will see her as a traitor."),
            Record("Listed who she needs on side: the head, two heads of year, the caretaker."),
            Record("Held her first one-to-ones. Better than feared."),
            Record("Drafted the first-term plan with the head."),
            Record(
                "Final session: reviewed the plan and what she has learned.",
                agreements="Hannah sends her own summary before we close.",
            ),
        ],
        reflections={
            "experience": "The first staff briefing. My hands shook and nobody noticed.",
            "reflection": "I can be liked and still lead.",
            "integration": "Keep the Friday one-to-ones going.",
        },
    )
    weeks = sum(phase.planned_weeks for phase in story.plan_phases)
    journey = story.start_on(
        cast.ago(10) - timedelta(weeks=weeks),
        goals="A first-term plan I believe in.\nAllies I trust in the staff room.",
    )
    scale_goals(
        story,
        [
            ScaledGoal(
                "A first-term plan I believe in",
                (
                    "No plan: the term runs me",
                    "A plan written for the head, not for me",
                    "A plan I wrote and believe in",
                    "A plan the senior team adopted",
                    "A plan the staff room quotes back to me",
                ),
                coach_start=-1,
                client_start=-2,
            ),
            ScaledGoal(
                "Allies I trust in the staff room",
                (
                    "Nobody I could ask for help",
                    "One colleague I trust",
                    "Three allies, the head among them",
                    "Allies in every year group",
                    "Colleagues who come to me first",
                ),
                coach_start=-1,
                client_start=-1,
            ),
        ],
        wheel_start=(3, 4, 6, 5, 4, 3),
        on=journey.start_date,
    )
    story.hold(6)
    story.answer_reflections(due_by=cast.today)
