"""The demo journeys that have ended, each through the closing review: two closed with
their goals rated from the start to the close (Wei's T above 50, her employer sponsoring
it; Ingrid's below, after skipping a phase) and one ended early, so that the summary, its
PDF and practice insight have outcomes and endings to show. `arcwise.demo.caseload` tells
them in order.
"""

from __future__ import annotations

from datetime import time, timedelta

from arcwise.demo.cast import Cast
from arcwise.demo.closing import (
    Closing,
    ScaledGoal,
    close_through_review,
    end_early_through_review,
    scale_goals,
)
from arcwise.demo.sponsored import wei_sponsored, wei_summary_approved
from arcwise.demo.story import Record
from arcwise.journeys import schedule
from arcwise.journeys.models import EndReason, FeeBasis


def wei_closed(cast: Cast) -> None:
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
    journey = story.start(
        goals="Decide whether to lead the team, on evidence rather than fear.\n"
        "Keep the modelling work I love.",
        session_index=5,
        on_day=closed_on,
    )
    # Her employer pays: Dana, its head of people, sees what the agreement shows.
    sponsorship = wei_sponsored(journey, cast.maya, cast.sponsor)
    scale_goals(
        story,
        [
            ScaledGoal(
                "Decide whether to lead the team, on evidence rather than fear",
                (
                    "Still undecided, and avoiding the question",
                    "Leaning one way without having tested it",
                    "Decided after trying what leading is like",
                    "Decided, with the terms she wants agreed",
                    "Decided on her terms, and others ask how she did it",
                ),
                coach_start=-1,
                client_start=-2,
            ),
            ScaledGoal(
                "Keep the modelling work I love",
                (
                    "Modelling given up entirely",
                    "Modelling squeezed into evenings",
                    "One protected modelling day a week",
                    "A protected day and a modelling mentee",
                    "Modelling written into the new role",
                ),
                coach_start=-1,
                client_start=-1,
            ),
        ],
        wheel_start=(4, 3, 5, 5, 3, 3),
        on=journey.start_date,
    )
    third = story.hold(3)
    experiment = story.agree(third, practice=1)
    wei_summary_approved(
        sponsorship,
        written_on=story.day(third),
        approved_on=story.day(third) + timedelta(days=1),
    )
    story.check_in(
        experiment,
        tried="yes",
        happened="Two coffees with managers I admire. Both still write code on Fridays.",
        hard="Asking felt like admitting I was unsure.",
    )
    story.hold(3)
    story.answer_reflections(due_by=closed_on)
    close_through_review(
        story,
        on=closed_on,
        closing=Closing(
            coach_levels=(1, 1),
            client_levels=(1, 2),
            wheel_close=(8, 7, 7, 7, 6, 7),
            coach_words="Wei moved from dreading the choice to testing it: a quarter leading "
            "the forecasting stream, then an application on her own terms.",
            client_words="I stopped waiting to feel ready. I tried leading for a quarter and "
            "found I could keep what I love about the work.",
            takes_forward="One modelling day a week, asked for in the offer; the habit of "
            "testing a fear before deciding on it.",
            debrief="Two coffees with managers she admires: both still do hands-on work, so "
            "leading need not mean giving up the modelling.",
        ),
    )


def ingrid_closed(cast: Cast) -> None:
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
    journey = story.start(
        goals="Lead the merged group without rewriting everything three times.\n"
        "Sleep through the night before deadlines.",
        session_index=12,
        on_day=cast.ago(30) + timedelta(weeks=4),
    )
    scale_goals(
        story,
        [
            ScaledGoal(
                "Lead the merged group without rewriting everything three times",
                (
                    "Rewrites every paper herself, more than before",
                    "Rewrites most papers three times",
                    "Sends work at two drafts",
                    "Sends at two drafts and delegates first drafts",
                    "The group drafts; she edits once",
                ),
                coach_start=-2,
                client_start=-2,
            ),
            ScaledGoal(
                "Sleep through the night before deadlines",
                (
                    "Awake most nights before a deadline",
                    "Awake before big deadlines",
                    "Sleeps through before most deadlines",
                    "Sleeps through before every deadline",
                    "Deadlines no longer keep her up at all",
                ),
                coach_start=-1,
                client_start=-2,
            ),
            ScaledGoal(
                "Skiing again most winter weekends",
                (
                    "No skiing this winter",
                    "Skiing once or twice",
                    "Skiing most weekends",
                    "Skiing most weekends and a week away",
                    "Skiing every weekend",
                ),
                coach_start=-1,
                client_start=-1,
            ),
        ],
        wheel_start=(5, 3, 6, 4, 3, 4, 4, 5),
        on=journey.start_date,
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
    close_through_review(
        story,
        on=closed_on,
        closing=Closing(
            coach_levels=(0, -1, -1),
            client_levels=(0, -1, -2),
            wheel_close=(6, 5, 6, 6, 5, 5, 6, 6),
            coach_words="Ingrid sends work at two drafts and names the old lab's standard "
            "when it shows up. Sleep and skiing came back more slowly than she hoped: the "
            "goals were set high, and the merger ran on.",
            client_words="The writing is better: two drafts and send. I still lie awake before "
            "the big ones, but I know what it is now.",
            takes_forward="Two drafts, then send; a fixed bedtime in deadline weeks.",
        ),
    )


def rangi_ended_early(cast: Cast) -> None:
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
        fee_basis=FeeBasis.PRO_BONO,  # through a scheme that coaches young leaders for free
    )
    story.hold(4)
    story.answer_reflections(due_by=last)
    end_early_through_review(
        story,
        on=cast.ago(33),
        because=EndReason.WITHDREW,
        note="Rangi is moving home to run the family business and chose to stop here.",
    )
