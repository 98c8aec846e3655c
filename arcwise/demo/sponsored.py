"""Sponsors in the demo, through the services a coach and a client use: Wei's employer paid
for her journey, and its head of people, Dana, sees the attendance, the summary Wei
approved and the closing measures; Jordan's employer pays for his, no one there has access
yet, and a summary waits for Jordan's answer in his portal.

Each write is stamped when the story has it happen (the services take the moment), so the
demo reads the same whichever day it is loaded.
"""

from __future__ import annotations

from datetime import date, time

from arcwise.accounts.models import Membership, User
from arcwise.demo.story import evening_of
from arcwise.journeys.models import Journey
from arcwise.journeys.schedule import to_utc
from arcwise.sponsors.models import Sponsorship
from arcwise.sponsors.services import TermsInput, sponsorship_save
from arcwise.sponsors.summary_services import summary_answer, summary_write

# The demo's sponsor, and the organisation she works for.
DEMO_SPONSOR = ("dana@example.com", "Dana Whitfield")
WEI_SPONSOR = "Lumen Analytics"
WEI_SUMMARY = (
    "Wei has used the first half of the engagement to test, rather than debate, whether to "
    "move into leading the team. She has talked with two managers she admires and will lead "
    "the forecasting stream for a quarter as a trial. She is attending every session and "
    "doing the work between them."
)
JORDAN_SPONSOR = "Brightwave Software"
JORDAN_SUMMARY = (
    "Jordan has settled into the coaching quickly. The focus so far is on how he shares work "
    "with his team; he is trying new habits between sessions and reviewing them with me."
)


def _agree(
    journey: Journey, coach: User, organisation: str, sponsor: Membership | None, on: date
) -> Sponsorship:
    """The three-way agreement, set on the journey page on the day it started."""
    return sponsorship_save(
        journey=journey,
        by=coach,
        terms=TermsInput(
            organisation, sponsor, attendance=True, summaries=True, closing_measures=True
        ),
        expected_version=0,
        now=to_utc(on, time(9, 0), coach.time_zone),
    )


def wei_sponsored(journey: Journey, coach: User, sponsor: User) -> Sponsorship:
    """Lumen Analytics pays for Wei's journey; Dana sees what the agreement shows."""
    membership = Membership.objects.get(user=sponsor, practice_id=journey.practice_id)
    return _agree(journey, coach, WEI_SPONSOR, membership, journey.start_date)


def wei_summary_approved(sponsorship: Sponsorship, *, written_on: date, approved_on: date) -> None:
    """The coach's summary for the sponsor, written after a session and approved by the client
    the evening after."""
    journey = sponsorship.journey
    summary = summary_write(
        journey=journey,
        by=journey.coach,
        text=WEI_SUMMARY,
        now=evening_of(written_on, journey.coach.time_zone),
    )
    summary_answer(
        summary=summary,
        client=journey.client,
        approve=True,
        expected_version=summary.version,
        now=evening_of(approved_on, journey.client.time_zone),
    )


def jordan_sponsored(journey: Journey, written_on: date) -> None:
    """Brightwave Software pays for Jordan's journey; a summary waits for his answer."""
    coach = journey.coach
    _agree(journey, coach, JORDAN_SPONSOR, None, journey.start_date)
    summary_write(
        journey=journey,
        by=coach,
        text=JORDAN_SUMMARY,
        now=evening_of(written_on, coach.time_zone),
    )
