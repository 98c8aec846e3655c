"""A sponsored journey for tests: the cast's sponsor, the terms a test is about, and
summaries as the coach wrote them and the client answered them."""

from __future__ import annotations

from arcwise.accounts.models import Membership, User
from arcwise.journeys.models import Journey
from arcwise.sponsors.models import ProgressSummary, Sponsorship
from arcwise.sponsors.services import TermsInput, sponsorship_save
from arcwise.sponsors.summary_services import summary_answer, summary_write
from tests.conftest import Cast
from tests.journeys.factories import make_journey

ORGANISATION = "Acme Holdings"


def membership_of(cast: Cast, user: User | None = None) -> Membership:
    return Membership.objects.get(user=user or cast.sponsor, practice=cast.practice)


def sponsor(
    cast: Cast,
    journey: Journey | None = None,
    *,
    attendance: bool = True,
    summaries: bool = True,
    closing_measures: bool = True,
    who: User | None = None,
) -> Sponsorship:
    """The journey (by default a new one of the cast's coach and client) sponsored by the
    cast's sponsor (or `who`), showing what the flags say."""
    journey = journey or make_journey(cast.coach, cast.client)
    return sponsorship_save(
        journey=journey,
        by=journey.coach,
        terms=TermsInput(
            ORGANISATION,
            membership_of(cast, who),
            attendance=attendance,
            summaries=summaries,
            closing_measures=closing_measures,
        ),
        expected_version=0,
    )


def summary_make(
    sponsorship: Sponsorship, text: str = "Delegating more each month."
) -> ProgressSummary:
    journey = sponsorship.journey
    return summary_write(journey=journey, by=journey.coach, text=text)


def summary_approved(
    sponsorship: Sponsorship, text: str = "Delegating more each month."
) -> ProgressSummary:
    summary = summary_make(sponsorship, text)
    return summary_answer(
        summary=summary,
        client=sponsorship.journey.client,
        approve=True,
        expected_version=summary.version,
    )
