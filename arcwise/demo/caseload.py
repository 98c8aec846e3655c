"""The demo caseload beyond Jordan's journey: nine journeys across two coaches and two
designs, one for each thing momentum and practice insight tell a coach.

| client          | coach | design             | momentum today                              |
| --------------- | ----- | ------------------ | ------------------------------------------- |
| Priya Raman     | Maya  | transformation arc | drifting: her energy pulse is falling       |
| Tomás Herrera   | Maya  | transformation arc | paused, back in about two and a half weeks  |
| Lucía Fernández | Maya  | transformation arc | stalled: 46 days since her last session     |
| Wei Zhang       | Maya  | six sessions       | closed, with what has shifted               |
| Amara Nwosu     | Sam   | six sessions       | on track                                    |
| Kenji Watanabe  | Sam   | transformation arc | drifting: a gap, reflections unanswered     |
| Hannah Becker   | Sam   | six sessions       | closure at risk: planned end passed         |
| Ingrid Solberg  | Sam   | transformation arc | closed, Meet resistance skipped             |
| Rangi Parata    | Sam   | transformation arc | ended early                                 |

Each is dated from `today` (see `Story`), so the states hold on any day the demo loads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.demo.story import Record, Story
from arcwise.designs.models import DesignVersion
from arcwise.journeys import schedule
from arcwise.journeys.models import EndReason

# Clients beyond the three the demo always had: (name, e-mail, time zone, intake note).
CASELOAD_CLIENTS = [
    (
        "Lucía Fernández",
        "lucia.fernandez@example.org",
        "Europe/Madrid",
        "Head of a hospital ward. Keeps saying yes to everyone, family included.",
    ),
    (
        "Wei Zhang",
        "wei.zhang@example.org",
        "Asia/Shanghai",
        "Data scientist deciding whether to move into management this year.",
    ),
    (
        "Amara Nwosu",
        "amara.nwosu@example.org",
        "Africa/Lagos",
        "Architect, newly a partner. Wants to speak up sooner in partner meetings.",
    ),
    (
        "Kenji Watanabe",
        "kenji.watanabe@example.org",
        "Asia/Tokyo",
        "Product director; conflict with a peer has gone on for a year.",
    ),
    (
        "Hannah Becker",
        "hannah.becker@example.org",
        "Europe/Berlin",
        "Teacher moving into school leadership; wants a clear first-year plan.",
    ),
    (
        "Ingrid Solberg",
        "ingrid.solberg@example.org",
        "Europe/Oslo",
        "Research lead after a merger. Perfectionism is costing her sleep.",
    ),
    (
        "Rangi Parata",
        "rangi.parata@example.org",
        "Pacific/Auckland",
        "Operations manager weighing a move home to run the family business.",
    ),
]


@dataclass(frozen=True)
class Cast:
    practice: Practice
    maya: User
    sam: User
    arc: DesignVersion  # the seven-phase transformation arc, 14-day cadence
    six: DesignVersion  # the six-session focused engagement, 14-day cadence
    clients: dict[str, Client]
    today: date

    def story(
        self,
        coach: User,
        name: str,
        version: DesignVersion,
        *,
        records: Sequence[Record],
        reflections: Mapping[str, str],
        at: time = time(9, 30),
    ) -> Story:
        return Story(
            practice=self.practice,
            coach=coach,
            client=self.clients[name],
            version=version,
            today=self.today,
            records=records,
            reflections=reflections,
            at=at,
        )

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)


def tell(cast: Cast) -> None:
    """Every journey of the demo caseload beyond Jordan's."""
    for story in (
        _priya_drifting_on_her_pulse,
        _tomas_paused,
        _lucia_stalled,
        _wei_closed,
        _amara_on_track,
        _kenji_drifting,
        _hannah_closure_at_risk,
        _ingrid_closed,
        _rangi_ended_early,
    ):
        story(cast)


def _priya_drifting_on_her_pulse(cast: Cast) -> None:
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


def _tomas_paused(cast: Cast) -> None:
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


def _lucia_stalled(cast: Cast) -> None:
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
    )
    session = story.hold(5)
    story.agree(session, practice=2)
    story.answer_reflections(due_by=last - timedelta(days=3))


def _wei_closed(cast: Cast) -> None:
    """Six sessions held and closed three weeks ago, with what has shifted."""
    story = cast.story(
        cast.maya,
        "Wei Zhang",
        cast.six,
        records=[
            Record("Decide by spring: lead the team or stay the best modeller on it."),
            Record("Afraid management means losing the work she loves."),
            Record(
                "Talked with two managers she admires; both still do hands-on work.",
                key_insights="The choice is not either-or for her.",
            ),
            Record("Asked to lead the forecasting stream for one quarter, as a trial."),
            Record("The trial is going well; she misses modelling less than she feared."),
            Record(
                "Review: she applied for the team lead role, on her own terms.",
                agreements="Keep one modelling day a week, and ask for it in the offer.",
            ),
        ],
        reflections={
            "experience": "Leading the Tuesday review. I forgot to be nervous.",
            "reflection": "I was afraid of losing myself, not the work.",
            "integration": "Keep one day a week for my own models.",
        },
    )
    closed_on = cast.ago(24)
    story.start(
        goals="Decide whether to lead the team, on evidence rather than fear.",
        session_index=5,
        on_day=closed_on,
    )
    experiment = story.agree(story.hold(3), practice=1)
    story.check_in(
        experiment,
        tried="yes",
        happened="Two coffees with managers I admire. Both still write code on Fridays.",
        hard="Asking felt like admitting I was unsure.",
    )
    story.hold(3)
    story.answer_reflections(due_by=closed_on)
    story.close(
        on=closed_on,
        what_shifted="Wei moved from dreading the choice to testing it: a quarter leading the "
        "forecasting stream, then an application on her own terms.",
    )


def _amara_on_track(cast: Cast) -> None:
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


def _kenji_drifting(cast: Cast) -> None:
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


def _hannah_closure_at_risk(cast: Cast) -> None:
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
    story.start_on(
        cast.ago(10) - timedelta(weeks=weeks),
        goals="A first year as deputy head with a plan I believe in and allies I trust.",
    )
    story.hold(6)
    story.answer_reflections(due_by=cast.today)


def _ingrid_closed(cast: Cast) -> None:
    """The whole arc in 22 weeks, Meet resistance skipped: closed a month ago, with what has
    shifted."""
    story = cast.story(
        cast.sam,
        "Ingrid Solberg",
        cast.arc,
        records=[
            Record("Perfectionism since the merger: rewrites every paper three times."),
            Record("Sleep and skiing are what restore her."),
            Record("Traced it to her first lab, where one mistake ended a career."),
            Record("The standard she holds is that lab's, not her team's."),
            Record("Names the fear without spiralling now."),
            Record(
                "Sent a draft at 80 per cent. Her co-author thanked her for the early look.",
                key_insights="Done is a gift to others, not a lowering of standards.",
            ),
        ],
        reflections={
            "experience": "I sent the grant draft on Thursday, not Sunday night.",
            "reflection": "The last ten per cent was for me, not for the reviewers.",
            "integration": "Two drafts, then send.",
        },
    )
    # Skipping Meet resistance drops its two sessions and brings the rest four weeks
    # sooner: the final session, planned for the 13th, is held as the 11th.
    story.start(
        goals="Lead the merged group without rewriting everything three times.",
        session_index=12,
        on_day=cast.ago(30) + timedelta(weeks=4),
    )
    story.hold(6)
    story.adapt(
        schedule.Skip("meet-resistance", carry_sessions=False),
        reason="Ingrid met her resistance head-on in the experiments; we drop Meet "
        "resistance and finish sooner.",
        on=story.day(story.hold()),
    )
    closed_on = story.day(story.hold(4))
    story.answer_reflections(due_by=closed_on)
    story.close(
        on=closed_on,
        what_shifted="Ingrid sends work at two drafts and sleeps through the night before "
        "deadlines; she names the old lab's standard when it shows up, and lets it go.",
    )


def _rangi_ended_early(cast: Cast) -> None:
    """Four sessions, then Rangi chose to stop: ended early a month ago, with the reason."""
    story = cast.story(
        cast.sam,
        "Rangi Parata",
        cast.arc,
        records=[
            Record("Torn between a promotion here and the family business at home."),
            Record("His grandmother's health is the clock he is really watching."),
            Record("He has already decided; he wants permission."),
            Record(
                "He is going home. We agreed this could be our last session.",
                agreements="End here, with the door open.",
            ),
        ],
        reflections={
            "experience": "The call with my uncle. I was already planning the move.",
            "reflection": "I was asking for advice I did not need.",
        },
        at=time(20, 0),
    )
    last = cast.ago(40)
    story.start(
        goals="Decide between the promotion and going home, and be at peace with it.",
        session_index=3,
        on_day=last,
    )
    story.hold(4)
    story.answer_reflections(due_by=last)
    story.end_early(
        on=cast.ago(33),
        because=EndReason.WITHDREW,
        note="Rangi is moving home to run the family business and chose to stop here.",
    )
