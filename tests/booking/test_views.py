"""The coach's side: publishing a week, answering a move, a journey's video link."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.booking.models import Availability, MoveRequest, MoveStatus, VideoLink
from arcwise.booking.services import session_choose
from arcwise.booking.video import video_links_for
from arcwise.portal.calendar import session_invitation
from tests.booking.factories import LONDON, bookable_journey, london, publish_week, session_in
from tests.conftest import Cast


def _week(**fields: Any) -> dict[str, Any]:
    data = {"version": "0", "buffer_minutes": "15", "notice_hours": "24"}
    data.update(fields)
    return data


def test_a_coach_publishes_a_week_in_their_zone_once(as_coach: HttpClient, cast: Cast) -> None:
    data = _week(day0_1_starts="09:00", day0_1_ends="12:00", day2_2_starts="14:00",
                 day2_2_ends="17:30")  # fmt: skip

    first = as_coach.post(reverse("booking:availability_save"), data, follow=True)
    second = as_coach.post(reverse("booking:availability_save"), data, follow=True)

    assert "Your week is published" in first.content.decode()
    assert "saved meanwhile" in second.content.decode()
    week = Availability.objects.get()
    assert (week.version, week.time_zone, week.buffer_minutes) == (1, "Europe/London", 15)
    assert [(r.weekday, r.starts, r.ends) for r in week.ranges.all()] == [
        (0, time(9), time(12)),
        (2, time(14), time(17, 30)),
    ]


def test_overlapping_or_half_ranges_are_refused_at_their_day_keeping_what_was_typed(
    as_coach: HttpClient,
) -> None:
    overlap = _week(day0_1_starts="09:00", day0_1_ends="12:00", day0_2_starts="11:00",
                    day0_2_ends="13:00")  # fmt: skip
    response = as_coach.post(reverse("booking:availability_save"), overlap)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Monday 09:00-12:00 and 11:00-13:00 overlap" in page
    assert 'value="11:00"' in page
    half = as_coach.post(reverse("booking:availability_save"), _week(day1_1_starts="09:00"))
    assert "both a start and an end" in half.content.decode()
    assert not Availability.objects.exists()


def test_a_mentor_cannot_publish_a_week(as_mentor: HttpClient) -> None:
    assert as_mentor.get(reverse("booking:availability")).status_code == 403


def _asked(cast: Cast) -> MoveRequest:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    session_choose(
        session=session, starts_at=london(date(2027, 3, 30), 9), from_starts_at=session.starts_at
    )
    return MoveRequest.objects.get()


def test_the_journey_page_lists_a_waiting_move_and_accepting_it_twice_moves_once(
    as_coach: HttpClient, cast: Cast
) -> None:
    move = _asked(cast)
    journey_page = reverse("journeys:detail", args=[move.journey.public_id])
    assert "The client asks to move the session" in as_coach.get(journey_page).content.decode()
    url = reverse("booking:move_decide", args=[move.public_id])

    first = as_coach.post(url, {"decision": "accept", "back": "journey"}, follow=True)
    second = as_coach.post(url, {"decision": "accept", "back": "journey"}, follow=True)

    assert "Accepted: the session has moved" in first.content.decode()
    assert "accepted already" in second.content.decode()
    assert MoveRequest.objects.get().status == MoveStatus.ACCEPTED


def test_the_availability_page_lists_moves_by_client_and_declines_one(
    as_coach: HttpClient, cast: Cast
) -> None:
    move = _asked(cast)
    page = as_coach.get(reverse("booking:availability")).content.decode()
    assert "Quentin Confidential</strong> asks to move" in page

    response = as_coach.post(
        reverse("booking:move_decide", args=[move.public_id]), {"decision": "decline"}, follow=True
    )

    assert "Declined: the session keeps its time" in response.content.decode()
    assert "No move is waiting for your answer" in response.content.decode()


def test_another_coach_cannot_answer_a_move(cast: Cast, as_owner: HttpClient) -> None:
    move = _asked(cast)
    url = reverse("booking:move_decide", args=[move.public_id])
    assert as_owner.post(url, {"decision": "accept"}).status_code == 404
    assert MoveRequest.objects.get().status == MoveStatus.WAITING


def test_a_video_link_must_be_a_web_address(as_coach: HttpClient, cast: Cast) -> None:
    journey = bookable_journey(cast.coach, cast.client)
    url = reverse("booking:video_link_save", args=[journey.public_id])

    refused = as_coach.post(url, {"version": "0", "video_link": "javascript:alert(1)"}, follow=True)
    assert "Enter a web address starting with https://" in refused.content.decode()
    assert not VideoLink.objects.exists()

    saved = as_coach.post(
        url, {"version": "0", "video_link": "https://meet.example.com/q"}, follow=True
    )
    again = as_coach.post(
        url, {"version": "0", "video_link": "https://meet.example.com/q"}, follow=True
    )
    assert "The video link is saved" in saved.content.decode()
    assert "changed meanwhile" in again.content.decode()
    assert VideoLink.objects.get().url == "https://meet.example.com/q"
    assert 'value="https://meet.example.com/q"' in again.content.decode()


def test_the_account_page_leads_a_coach_to_their_availability(
    as_coach: HttpClient, as_mentor: HttpClient
) -> None:
    url = reverse("booking:availability")
    assert url in as_coach.get(reverse("accounts:account")).content.decode()
    assert url not in as_mentor.get(reverse("accounts:account")).content.decode()


def test_a_session_with_a_link_of_its_own_uses_it_in_the_portal_file(
    as_coach: HttpClient, cast: Cast
) -> None:
    journey = bookable_journey(cast.coach, cast.client)
    close = session_in(journey, "Close")
    url = reverse("booking:video_link_save", args=[journey.public_id])
    as_coach.post(url, {"version": "0", "video_link": "https://meet.example.com/journey"})
    page = as_coach.get(reverse("journeys:detail", args=[journey.public_id])).content.decode()
    assert "A link for one session" in page
    data = {"version": "0", "session": str(close.public_id)}

    as_coach.post(url, {**data, "video_link": "https://meet.example.com/close"})
    again = as_coach.post(
        url, {**data, "video_link": "https://meet.example.com/close"}, follow=True
    )

    assert "changed meanwhile" in again.content.decode()
    links = video_links_for(journey.sessions.all())
    assert links[close.pk] == "https://meet.example.com/close"
    assert set(links.values()) == {
        "https://meet.example.com/journey",
        "https://meet.example.com/close",
    }
    invitation = session_invitation(close, zone=LONDON, host="arcwise.test").decode()
    assert "LOCATION:https://meet.example.com/close" in invitation
