"""Progress summaries: written for the sponsor, approved or sent back by the client, and
asked again after every change; each write once, each refusal saying why."""

from __future__ import annotations

from uuid import uuid4

import pytest

from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.sponsors.models import ProgressSummary, SummaryStatus
from arcwise.sponsors.summary_services import (
    StaleSummary,
    summary_answer,
    summary_edit,
    summary_write,
)
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey
from tests.outcomes.summary_factories import journey_close
from tests.sponsors.factories import sponsor, summary_approved, summary_make

pytestmark = pytest.mark.django_db


def test_a_new_summary_waits_for_the_client(cast: Cast) -> None:
    summary = summary_make(sponsor(cast), "  Delegating more each month.  ")

    assert summary.status == SummaryStatus.AWAITING
    assert summary.text == "Delegating more each month."
    assert summary.written_by == cast.coach


def test_summaries_are_written_only_when_the_terms_share_them(cast: Cast) -> None:
    sponsorship = sponsor(cast, summaries=False)

    with pytest.raises(DomainError, match="does not share progress summaries"):
        summary_make(sponsorship)
    assert not ProgressSummary.objects.exists()


def test_a_journey_without_a_sponsor_takes_no_summary(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="does not share progress summaries"):
        summary_write(journey=journey, by=cast.coach, text="Going well.")


def test_the_same_new_summary_sent_twice_is_written_once(cast: Cast) -> None:
    sponsorship = sponsor(cast)
    token = uuid4()
    summary_write(journey=sponsorship.journey, by=cast.coach, text="Going well.", token=token)

    with pytest.raises(AlreadyChanged, match="already sent"):
        summary_write(journey=sponsorship.journey, by=cast.coach, text="Going well.", token=token)
    assert ProgressSummary.objects.count() == 1


@pytest.mark.parametrize(("text", "why"), [("   ", "Write the summary"), ("x" * 2001, "2000")])
def test_a_summary_has_words_within_its_limit(cast: Cast, text: str, why: str) -> None:
    with pytest.raises(DomainError, match=why) as refused:
        summary_make(sponsor(cast), text)
    assert refused.value.field == "text"


def test_an_ended_journey_takes_no_new_summary(cast: Cast) -> None:
    sponsorship = sponsor(cast)
    journey_close(sponsorship.journey)

    with pytest.raises(DomainError, match="has ended"):
        summary_make(sponsorship)


def test_the_client_approves_a_summary(cast: Cast) -> None:
    summary = summary_approved(sponsor(cast))

    assert summary.status == SummaryStatus.APPROVED
    assert summary.answered_at is not None


def test_asking_for_changes_needs_a_note_for_the_coach(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))

    with pytest.raises(DomainError, match="what you would change") as refused:
        summary_answer(
            summary=summary, client=cast.client, approve=False, note=" ", expected_version=1
        )
    assert refused.value.field == "note"

    answered = summary_answer(
        summary=summary,
        client=cast.client,
        approve=False,
        note="Leave out the part about the reorganisation.",
        expected_version=1,
    )
    assert answered.status == SummaryStatus.CHANGES
    assert answered.client_note == "Leave out the part about the reorganisation."


def test_an_answer_sent_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    summary = summary_approved(sponsor(cast))

    with pytest.raises(AlreadyChanged, match="approved this summary already"):
        summary_answer(
            summary=summary, client=cast.client, approve=False, note="No.", expected_version=1
        )
    assert ProgressSummary.objects.get(pk=summary.pk).status == SummaryStatus.APPROVED


def test_editing_an_approved_summary_sends_it_back_for_approval(cast: Cast) -> None:
    summary = summary_approved(sponsor(cast))

    edited = summary_edit(
        summary=summary, by=cast.coach, text="Delegating, and it shows.", expected_version=2
    )

    assert edited.status == SummaryStatus.AWAITING
    assert edited.answered_at is None
    assert edited.version == 3


def test_an_edit_clears_the_clients_note_it_answers(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))
    summary_answer(
        summary=summary, client=cast.client, approve=False, note="Shorter.", expected_version=1
    )

    edited = summary_edit(summary=summary, by=cast.coach, text="Shorter now.", expected_version=2)

    assert edited.client_note == ""


def test_an_edit_made_before_the_clients_answer_is_refused_as_stale(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))
    summary_answer(summary=summary, client=cast.client, approve=True, expected_version=1)

    with pytest.raises(StaleSummary, match="approved this summary meanwhile"):
        summary_edit(summary=summary, by=cast.coach, text="Changed.", expected_version=1)
    assert ProgressSummary.objects.get(pk=summary.pk).status == SummaryStatus.APPROVED


def test_an_answer_to_words_the_coach_changed_since_is_refused(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))
    summary_edit(summary=summary, by=cast.coach, text="New words.", expected_version=1)

    with pytest.raises(AlreadyChanged, match="changed this summary meanwhile"):
        summary_answer(summary=summary, client=cast.client, approve=True, expected_version=1)
    assert ProgressSummary.objects.get(pk=summary.pk).status == SummaryStatus.AWAITING


def test_saving_the_same_words_changes_nothing(cast: Cast) -> None:
    summary = summary_make(sponsor(cast), "Same words.")

    with pytest.raises(AlreadyChanged, match="nothing changed"):
        summary_edit(summary=summary, by=cast.coach, text="Same words.", expected_version=1)


def test_only_the_journeys_client_answers_its_summaries(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))

    with pytest.raises(DomainError, match="not one of yours"):
        summary_answer(
            summary=summary,
            client=make_client(cast.practice),
            approve=True,
            expected_version=1,
        )
    assert ProgressSummary.objects.get(pk=summary.pk).status == SummaryStatus.AWAITING
