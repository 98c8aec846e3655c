"""The client reads a progress summary their coach wrote for their sponsor in the portal, and
approves it or asks for changes; they are told of it in the portal's folded message, once per
version of the summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.planner import plan_all
from arcwise.sponsors.models import ProgressSummary, SummaryStatus
from arcwise.sponsors.summary_services import summary_answer, summary_edit
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey
from tests.portal.helpers import open_portal
from tests.sponsors.factories import sponsor, summary_make

pytestmark = pytest.mark.django_db

THURSDAY = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)


def answer_url(summary: ProgressSummary) -> str:
    return reverse("portal:sponsor_summary_answer", args=[summary.public_id])


def test_the_portal_shows_a_summary_waiting_for_the_clients_answer(cast: Cast) -> None:
    summary = summary_make(sponsor(cast), "Delegating more each month.")

    page = open_portal(cast).get(reverse("portal:home")).content.decode()

    assert "For your sponsor" in page
    assert "Delegating more each month." in page
    assert f'action="{answer_url(summary)}"' in page
    assert "Approve for Acme Holdings" in page


def test_the_client_approves_a_summary_once(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))
    http = open_portal(cast)
    sent = {"answer": "approve", "version": "1"}

    first = http.post(answer_url(summary), sent, follow=True).content.decode()
    second = http.post(answer_url(summary), sent, follow=True).content.decode()

    assert "you approved the summary, so your sponsor may read it" in first
    assert "You approved this summary already" in second
    assert ProgressSummary.objects.get().version == 2


def test_asking_for_changes_without_a_note_is_refused_beside_the_summary(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))

    response = open_portal(cast).post(
        answer_url(summary), {"answer": "changes", "note": "  ", "version": "1"}
    )

    assert response.status_code == 400
    assert "Not sent. Say what you would change" in response.content.decode()
    assert ProgressSummary.objects.get().status == SummaryStatus.AWAITING


def test_a_refused_note_is_kept_as_typed(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))

    response = open_portal(cast).post(
        answer_url(summary), {"answer": "maybe", "note": "Shorter, please.", "version": "1"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose whether to approve the summary or ask for changes." in page
    assert ">Shorter, please.</textarea>" in page


def test_the_client_asks_for_changes_with_a_note(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))

    open_portal(cast).post(
        answer_url(summary), {"answer": "changes", "note": "Leave out the move.", "version": "1"}
    )

    answered = ProgressSummary.objects.get()
    assert answered.status == SummaryStatus.CHANGES
    assert answered.client_note == "Leave out the move."


def test_another_clients_summary_is_404(cast: Cast) -> None:
    other = make_client(cast.practice)
    summary = summary_make(sponsor(cast, make_journey(cast.coach, other)))

    response = open_portal(cast).post(answer_url(summary), {"answer": "approve", "version": "1"})

    assert response.status_code == 404
    assert ProgressSummary.objects.get().status == SummaryStatus.AWAITING


def prompts() -> list[Nudge]:
    return list(Nudge.objects.filter(kind=NudgeKind.CLIENT_PROMPTS).order_by("created_at"))


def plan(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        plan_all()


def test_the_client_is_told_of_a_waiting_summary_through_the_outbox(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))

    plan(THURSDAY)
    plan(THURSDAY + timedelta(minutes=5))

    (message,) = prompts()
    assert message.to_address == cast.client.email
    assert message.covers == [f"sponsor-summary:{summary.public_id}:1"]
    assert "a progress summary for Acme Holdings" in message.body
    assert "/portal/open/" in message.body


def test_a_message_about_a_summary_answered_before_it_went_is_taken_out(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))
    plan(THURSDAY)
    summary_answer(summary=summary, client=cast.client, approve=True, expected_version=1)

    plan(THURSDAY + timedelta(minutes=5))

    assert prompts() == []


def test_a_changed_summary_is_asked_about_again(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))
    plan(THURSDAY)
    (first,) = prompts()
    Nudge.objects.filter(pk=first.pk).update(sent_at=THURSDAY)
    summary_answer(summary=summary, client=cast.client, approve=True, expected_version=1)
    summary_edit(summary=summary, by=cast.coach, text="New words.", expected_version=2)

    plan(THURSDAY + timedelta(days=1))

    assert prompts()[-1].covers == [f"sponsor-summary:{summary.public_id}:3"]


def test_nothing_is_asked_once_every_summary_is_answered(cast: Cast) -> None:
    summary = summary_make(sponsor(cast))
    summary_answer(summary=summary, client=cast.client, approve=True, expected_version=1)

    plan(THURSDAY)

    assert prompts() == []
