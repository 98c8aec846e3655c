"""The closing review through its pages: started from the journey page, walked step by
step, each form sent twice changing things once; the journey page agrees afterwards."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.journeys.models import Journey, Session, SessionStatus
from arcwise.outcomes.models import ClosingReview
from tests.conftest import Cast
from tests.journeys.factories import days, make_journey

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _url(name: str, journey: Journey, **kwargs: object) -> str:
    return reverse(f"outcomes:{name}", kwargs={"journey_id": journey.public_id, **kwargs})


def _text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _version(journey: Journey) -> str:
    return str(ClosingReview.objects.get(journey=journey).version)


def test_the_journey_page_prompts_the_review_when_the_end_is_near(
    cast: Cast, as_coach: HttpClient
) -> None:
    near = make_journey(cast.coach, cast.client, start=TODAY - days(30))
    Journey.objects.filter(pk=near.pk).update(planned_end=TODAY + days(10))

    page = _text(as_coach.get(reverse("journeys:detail", args=[near.public_id])))

    assert "Time for the closing review" in page
    assert "The planned end is in 10 days" in page


def test_a_journey_far_from_its_end_is_not_prompted(cast: Cast, as_coach: HttpClient) -> None:
    far = make_journey(cast.coach, cast.client, start=TODAY + days(3))

    page = _text(as_coach.get(reverse("journeys:detail", args=[far.public_id])))

    assert "Time for the closing review" not in page
    assert "Start the closing review" in page  # it can always be started by hand


def test_walking_the_review_closes_the_journey_and_every_page_agrees(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    start = as_coach.post(
        _url("review_start", journey), {"kind": "full", "revision": "1"}, follow=True
    )
    assert "Tie up the loose ends first" in _text(start)
    sessions = Session.objects.filter(journey=journey).order_by("starts_at")
    for session in sessions:
        as_coach.post(
            _url("review_session", journey, session_id=session.public_id),
            {"status": "held", "from_status": "planned"},
        )
    assert not Session.objects.filter(journey=journey, status=SessionStatus.PLANNED).exists()
    for step, words in (
        ("loose_ends", {}),
        ("ratings", {}),
        ("shifted", {"coach_words": "He delegates the hard calls."}),
        ("forward", {"takes_forward": "A Friday hour to think."}),
    ):
        as_coach.post(
            _url("review_step", journey),
            {"step": step, "version": _version(journey), **words},
        )
    assert ClosingReview.objects.get(journey=journey).step == "close"

    closed = as_coach.post(
        _url("review_close", journey),
        {"on": TODAY.isoformat(), "version": _version(journey)},
        follow=True,
    )

    page = _text(closed)
    assert "The journey is closed." in page
    assert f"Closed on {TODAY:%-d %B %Y}" in page
    assert "He delegates the hard calls." in page
    assert "A Friday hour to think." in page
    assert "overdue" not in page
    assert "Start the closing review" not in page
    assert "status--planned" not in closed.content.decode()


def test_a_step_refused_shows_the_field_and_keeps_what_was_typed(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    as_coach.post(_url("review_start", journey), {"kind": "full", "revision": "1"})
    Session.objects.filter(journey=journey).update(status=SessionStatus.HELD)
    for step in ("loose_ends", "ratings"):
        as_coach.post(_url("review_step", journey), {"step": step, "version": _version(journey)})

    refused = as_coach.post(
        _url("review_step", journey),
        {"step": "shifted", "version": _version(journey), "coach_words": "x" * 4001},
    )

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Ensure this value has at most 4000 characters" in html or "4,000" in html
    assert "x" * 4001 in html


def test_a_step_sent_twice_saves_once_and_says_why(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    as_coach.post(_url("review_start", journey), {"kind": "full", "revision": "1"})
    Session.objects.filter(journey=journey).update(status=SessionStatus.HELD)
    data = {"step": "loose_ends", "version": _version(journey)}

    as_coach.post(_url("review_step", journey), data)
    second = as_coach.post(_url("review_step", journey), data, follow=True)

    assert "saved meanwhile" in _text(second)
    assert ClosingReview.objects.get(journey=journey).version == 2


def test_closing_sent_twice_closes_once(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    as_coach.post(_url("review_start", journey), {"kind": "short", "revision": "1"})
    Session.objects.filter(journey=journey).update(status=SessionStatus.HELD)
    as_coach.post(_url("review_step", journey), {"step": "loose_ends", "version": "1"})
    as_coach.post(
        _url("review_step", journey),
        {"step": "shifted", "version": "2", "because": "withdrew", "because_note": "New job."},
    )
    data = {"on": TODAY.isoformat(), "version": "3"}

    as_coach.post(_url("review_close", journey), data)
    second = as_coach.post(_url("review_close", journey), data, follow=True)

    page = _text(second)
    assert "This review is finished" in page
    assert "Ended early on" in page
    assert "The client withdrew: New job." in page
    assert Journey.objects.get(pk=journey.pk).adaptations.count() == 1


def test_another_coach_cannot_see_or_start_the_review(cast: Cast, as_owner: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert (
        as_owner.post(_url("review_start", journey), {"kind": "full", "revision": "1"}).status_code
        == 404
    )
    assert not ClosingReview.objects.exists()


def test_the_caseload_says_when_the_closing_review_is_due_or_under_way(
    cast: Cast, as_coach: HttpClient
) -> None:
    due = make_journey(cast.coach, cast.client, start=TODAY - days(30))
    Journey.objects.filter(pk=due.pk).update(planned_end=TODAY + days(7))
    from tests.factories import make_client

    under_way = make_journey(cast.coach, make_client(cast.practice, name="Uma Underway"))
    ClosingReview.objects.create(journey=under_way)

    page = as_coach.get(reverse("insights:caseload")).content.decode()

    assert page.count("Closing review due") == 1
    assert page.count("Closing review under way") == 1


def test_an_ended_journey_shows_nothing_planned_in_the_past_and_nothing_overdue(
    cast: Cast, as_coach: HttpClient
) -> None:
    """A journey ended before every loose end was tied (as before the review existed)."""
    from arcwise.journeys.endings.services import Ending, journey_end
    from arcwise.journeys.models import Experiment

    journey = make_journey(cast.coach, cast.client)
    first = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    Experiment.objects.create(
        journey=journey, session=first, title="Say no", what_to_try="Once", by_when=first.starts_at
    )
    journey_end(
        journey=journey,
        ending=Ending.early(on=TODAY, because="no_contact", note="No reply since October."),
        by=cast.coach,
        expected_revision=1,
        today=TODAY,
    )

    html = as_coach.get(reverse("journeys:detail", args=[journey.public_id])).content.decode()

    assert "status--planned" not in html
    assert "Not recorded" in html
    assert "overdue" not in html
    assert "Why it ended early: No contact: No reply since October." in re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", html)
    ).replace(" :", ":")


def test_asking_the_client_sent_twice_asks_once_and_says_so(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    as_coach.post(_url("review_start", journey), {"kind": "full", "revision": "1"})
    data = {"version": _version(journey)}

    first = as_coach.post(_url("review_ask", journey), data, follow=True)
    asked_at = ClosingReview.objects.get(journey=journey).client_asked_at
    second = as_coach.post(_url("review_ask", journey), data, follow=True)

    assert f"{cast.client.name} is asked" in _text(first)
    assert "saved meanwhile" in _text(second)
    assert "message--success" not in second.content.decode()
    assert ClosingReview.objects.get(journey=journey).client_asked_at == asked_at


def test_a_closed_journey_shows_no_empty_phase_heading(cast: Cast, as_coach: HttpClient) -> None:
    from arcwise.journeys.endings.services import Ending, journey_end

    journey = make_journey(cast.coach, cast.client)
    journey_end(
        journey=journey,
        ending=Ending.closed(on=TODAY, what_shifted="Lighter."),
        by=cast.coach,
        expected_revision=1,
        today=TODAY,
    )

    html = as_coach.get(reverse("journeys:detail", args=[journey.public_id])).content.decode()

    assert 'id="phase-heading"' not in html


def test_the_review_and_the_summary_say_what_t_means(cast: Cast, as_coach: HttpClient) -> None:
    from arcwise.outcomes.gas import T_MEANING
    from arcwise.outcomes.models import Goal, GoalRating

    journey = make_journey(cast.coach, cast.client)
    goal = Goal.objects.create(
        journey=journey,
        position=1,
        text="Say no",
        much_less="Never",
        less="Rarely",
        expected="Weekly",
        more="Daily",
        much_more="Without thinking",
    )
    GoalRating.objects.create(goal=goal, moment="baseline", rater="coach", level=-1)
    ClosingReview.objects.create(journey=journey, step="ratings")

    review = _text(as_coach.get(_url("review", journey)))
    summary = _text(as_coach.get(_url("summary", journey)))

    assert T_MEANING in review
    assert T_MEANING in summary
