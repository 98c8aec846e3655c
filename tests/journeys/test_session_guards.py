"""Every state change happens once: starting a journey, a session's status and time, its
record, and agreeing and closing an experiment. Each write is sent twice, one after the other
through the pages, and at once from two threads through the service; the rows are checked,
not only the messages. Ended journeys refuse changes except notes on held sessions."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.designs.models import DesignVersion
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyStarted, OpenJourneyExists
from arcwise.journeys.experiments.services import experiment_agree, experiment_set_status
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from arcwise.journeys.sessions.services import (
    session_record_save,
    session_reschedule,
    session_set_status,
)
from tests.conftest import Cast, signed_in
from tests.journeys.factories import START, at, days, make_journey, make_version
from tests.journeys.pages import agreement, journey_url, page_fields
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db

PLAN_KEYS = ("orient", "experiment", "close")
# The sessions of `make_journey` are on START, START + 14 and START + 28 days (at 10:00 in
# London); by this moment the first two have happened and the third has not.
AFTER_TWO_SESSIONS = at(START + days(20), 12)


def session_url(name: str, session: Session) -> str:
    return journey_url(name, session.journey, session_id=session.public_id)


def sessions_of(journey: Journey) -> list[Session]:
    return list(Session.objects.filter(journey=journey).order_by("starts_at"))


def messages_on(response: Any) -> str:
    """The message the page shows for the last request (earlier ones may still be queued)."""
    shown = [str(message) for message in response.context["messages"]]
    return shown[-1] if shown else ""


def outcomes_by_kind(outcomes: list[Any]) -> list[str]:
    """Each thread's outcome, named: "ok" or the refusal's class; sorted, for comparing."""
    return sorted("ok" if not isinstance(o, Exception) else type(o).__name__ for o in outcomes)


# --- Start the journey -----------------------------------------------------------------------


def plan_post(proposal: str) -> dict[str, str]:
    """Everything the plan page would send back, read from the page as a browser would."""
    return {**page_fields(proposal), "action": "start"}


def propose(http: HttpClient, cast: Cast, version: DesignVersion) -> str:
    response = http.post(reverse("journeys:new"), agreement(cast, version))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def version(cast: Cast) -> DesignVersion:
    return make_version(cast.client, cast.coach, PLAN_KEYS)


def test_start_the_journey_sent_twice_makes_one_journey_and_the_repeat_shows_it(
    cast: Cast, as_coach: HttpClient, version: DesignVersion
) -> None:
    form = plan_post(propose(as_coach, cast, version))

    first = as_coach.post(reverse("journeys:new"), form)
    second = as_coach.post(reverse("journeys:new"), form, follow=True)

    journey = Journey.objects.get()
    assert first["Location"] == journey_url("detail", journey)
    assert second.redirect_chain == [(journey_url("detail", journey), 302)]
    assert "journey was already started from this plan, so nothing new was made" in messages_on(
        second
    )
    assert Session.objects.filter(journey=journey).count() == 3
    assert PhaseRun.objects.filter(journey=journey).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_starts_from_one_plan_at_once_make_one_journey(cast: Cast) -> None:
    version = make_version(cast.client, cast.coach, PLAN_KEYS)
    token = uuid4()

    outcomes = in_two_threads(
        lambda: make_journey(cast.coach, cast.client, version=version, start_token=token)
    )

    assert outcomes_by_kind(outcomes) == ["AlreadyStarted", "ok"]
    journey = Journey.objects.get()
    assert journey.start_token == token
    assert Session.objects.filter(journey=journey).count() == 3
    refused = next(o for o in outcomes if isinstance(o, AlreadyStarted))
    assert refused.journey == journey


@pytest.mark.django_db(transaction=True)
def test_two_starts_for_one_client_from_two_tabs_at_once_make_one_journey(cast: Cast) -> None:
    version = make_version(cast.client, cast.coach, PLAN_KEYS)
    tokens = iter([uuid4(), uuid4()])

    outcomes = in_two_threads(
        lambda: make_journey(cast.coach, cast.client, version=version, start_token=next(tokens))
    )

    assert outcomes_by_kind(outcomes) == ["OpenJourneyExists", "ok"]
    assert Journey.objects.filter(client=cast.client).count() == 1


def test_a_client_with_an_open_journey_is_asked_before_another_starts(
    cast: Cast, as_coach: HttpClient, version: DesignVersion
) -> None:
    running = make_journey(cast.coach, cast.client, version=version)

    page = propose(as_coach, cast, version)
    refused = as_coach.post(reverse("journeys:new"), plan_post(page))

    assert (
        "Quentin Confidential already has an open journey under Test arc, started 7 September "
        "2026: start another?" in page
    )
    assert refused.status_code == 400
    assert "Tick this box to start a second journey" in refused.content.decode()
    assert list(Journey.objects.all()) == [running]

    confirmed = as_coach.post(
        reverse("journeys:new"), {**plan_post(page), "another_open_confirmed": "on"}
    )

    second = Journey.objects.exclude(pk=running.pk).get()
    assert confirmed["Location"] == journey_url("detail", second)
    assert Journey.objects.filter(client=cast.client, status=JourneyStatus.ACTIVE).count() == 2


def test_the_service_refuses_a_second_open_journey_without_confirmation(cast: Cast) -> None:
    make_journey(cast.coach, cast.client)

    with pytest.raises(OpenJourneyExists, match="already has an open journey"):
        make_journey(cast.coach, cast.client)
    make_journey(cast.coach, cast.client, another_open_confirmed=True)

    assert Journey.objects.filter(client=cast.client).count() == 2


def test_a_client_whose_journey_ended_starts_again_without_being_asked(
    cast: Cast, as_coach: HttpClient, version: DesignVersion
) -> None:
    ended = make_journey(cast.coach, cast.client, version=version)
    Journey.objects.filter(pk=ended.pk).update(status=JourneyStatus.CLOSED)

    page = propose(as_coach, cast, version)
    started = as_coach.post(reverse("journeys:new"), plan_post(page))

    assert "already has an open journey" not in page
    assert started.status_code == 302
    assert Journey.objects.filter(client=cast.client).count() == 2


# --- Session status ----------------------------------------------------------------------------


@pytest.fixture
def journey(cast: Cast) -> Journey:
    return make_journey(cast.coach, cast.client)


def first_session(journey: Journey) -> Session:
    return sessions_of(journey)[0]


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_mark_held_sent_twice_marks_the_session_held_once(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)
    post = {"status": "held", "from_status": "planned"}

    first = as_coach.post(session_url("session_status", session), post, follow=True)
    second = as_coach.post(session_url("session_status", session), post, follow=True)

    assert "The session is marked held." in messages_on(first)
    assert messages_on(second) == "This session is already marked held."
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert session.phase_run == PhaseRun.objects.get(journey=journey)


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_a_stale_tab_cannot_change_a_status_changed_meanwhile(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)
    as_coach.post(
        session_url("session_status", session), {"status": "cancelled", "from_status": "planned"}
    )

    stale = as_coach.post(
        session_url("session_status", session),
        {"status": "held", "from_status": "planned"},
        follow=True,
    )

    assert messages_on(stale) == (
        "This session was marked cancelled meanwhile, in another tab or by another request; "
        "nothing was changed."
    )
    assert Session.objects.get(pk=session.pk).status == SessionStatus.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_mark_held_from_two_threads_at_once_marks_it_once(journey: Journey) -> None:
    session = first_session(journey)

    outcomes = in_two_threads(
        lambda: session_set_status(
            session=Session.objects.select_related("journey").get(pk=session.pk),
            status=SessionStatus.HELD,
            from_status=SessionStatus.PLANNED,
        )
    )

    assert outcomes_by_kind(outcomes) == ["AlreadyChanged", "ok"]
    assert "This session is already marked held." in [str(o) for o in outcomes]
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert session.phase_run == PhaseRun.objects.get(journey=journey)


@pytest.mark.parametrize("status", ["held", "no_show"])
@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_a_future_session_cannot_be_marked_held_or_no_show(
    as_coach: HttpClient, journey: Journey, status: str
) -> None:
    future = sessions_of(journey)[2]

    response = as_coach.post(
        session_url("session_status", future),
        {"status": status, "from_status": "planned"},
        follow=True,
    )
    page = as_coach.get(session_url("session", future)).content.decode()

    label = "held" if status == "held" else "no-show"
    assert messages_on(response) == (
        "This session starts on Monday 5 October 2026, 10:00. It can be marked "
        f"{label} once it has begun."
    )
    assert Session.objects.get(pk=future.pk).status == SessionStatus.PLANNED
    assert "Mark held" not in page
    assert "It can be marked held or no-show once it has begun." in page


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_a_future_session_can_still_be_cancelled(as_coach: HttpClient, journey: Journey) -> None:
    future = sessions_of(journey)[2]

    as_coach.post(
        session_url("session_status", future), {"status": "cancelled", "from_status": "planned"}
    )

    assert Session.objects.get(pk=future.pk).status == SessionStatus.CANCELLED


def test_a_status_form_without_the_status_it_was_made_from_changes_nothing(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)

    response = as_coach.post(
        session_url("session_status", session), {"status": "held"}, follow=True
    )

    assert "This form is out of date. Reload the page and try again." in messages_on(response)
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PLANNED


# --- Moving a session -----------------------------------------------------------------------


def move_post(session: Session, day: str, at_time: str = "14:00") -> dict[str, str]:
    return {
        "day": day,
        "at": at_time,
        "minutes": "45",
        "from_starts_at": session.starts_at.isoformat(),
        "from_minutes": str(session.minutes),
    }


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_move_sent_twice_moves_the_session_once(as_coach: HttpClient, journey: Journey) -> None:
    session = sessions_of(journey)[2]
    post = move_post(session, "2026-10-06")

    first = as_coach.post(session_url("session_reschedule", session), post, follow=True)
    second = as_coach.post(session_url("session_reschedule", session), post, follow=True)

    assert "The session is moved." in messages_on(first)
    assert messages_on(second) == (
        "This session was already moved to Tuesday 6 October 2026, 14:00 (45 minutes); "
        "nothing more was changed."
    )
    session.refresh_from_db()
    assert (session.starts_at, session.minutes) == (at(START + days(29), 14), 45)


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_a_move_to_the_time_the_session_already_has_says_nothing_moved(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = sessions_of(journey)[2]
    local = timezone.localtime(session.starts_at, ZoneInfo(journey.coach.time_zone))
    post = move_post(session, local.date().isoformat(), local.strftime("%H:%M"))
    post["minutes"] = str(session.minutes)

    response = as_coach.post(session_url("session_reschedule", session), post, follow=True)

    page = response.content.decode()
    assert "The session is moved." not in messages_on(response)
    assert "nothing was moved. Choose another day or time to move it." in page
    assert Session.objects.get(pk=session.pk).starts_at == session.starts_at


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_a_session_marked_held_meanwhile_cannot_move(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)
    move = move_post(session, "2026-09-08")  # the move form, made before the session was held
    as_coach.post(
        session_url("session_status", session), {"status": "held", "from_status": "planned"}
    )

    response = as_coach.post(session_url("session_reschedule", session), move, follow=True)

    assert messages_on(response) == (
        "This session was marked held meanwhile, so it can no longer move."
    )
    session.refresh_from_db()
    assert (session.status, session.starts_at, session.minutes) == ("held", at(START), 60)


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_a_move_from_a_stale_tab_does_not_undo_a_later_move(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = sessions_of(journey)[2]
    stale = move_post(session, "2026-10-07")
    as_coach.post(session_url("session_reschedule", session), move_post(session, "2026-10-06"))

    response = as_coach.post(session_url("session_reschedule", session), stale, follow=True)

    assert "was moved to Tuesday 6 October 2026, 14:00 (45 minutes) meanwhile" in messages_on(
        response
    )
    assert Session.objects.get(pk=session.pk).starts_at == at(START + days(29), 14)


def test_a_move_form_with_a_mangled_time_it_was_made_from_changes_nothing(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = sessions_of(journey)[2]
    post = {**move_post(session, "2026-10-06"), "from_starts_at": "yesterday-ish"}

    response = as_coach.post(session_url("session_reschedule", session), post)

    assert response.status_code == 400
    assert "This form is out of date. Reload the page and try again." in response.content.decode()
    assert Session.objects.get(pk=session.pk).starts_at == at(START + days(28))


@pytest.mark.django_db(transaction=True)
def test_one_move_from_two_threads_at_once_moves_it_once(journey: Journey) -> None:
    session = sessions_of(journey)[2]
    target = at(START + days(29), 14)

    outcomes = in_two_threads(
        lambda: session_reschedule(
            session=Session.objects.select_related("journey").get(pk=session.pk),
            starts_at=target,
            minutes=45,
            from_starts_at=session.starts_at,
            from_minutes=session.minutes,
        )
    )

    assert outcomes_by_kind(outcomes) == ["AlreadyChanged", "ok"]
    session.refresh_from_db()
    assert (session.starts_at, session.minutes) == (target, 45)


@pytest.mark.django_db(transaction=True)
def test_mark_held_and_a_move_at_once_leave_one_consistent_session(journey: Journey) -> None:
    session = first_session(journey)
    moved_to = at(START + days(1), 14)
    turns = iter(["hold", "move"])

    def hold_or_move() -> Session:
        fresh = Session.objects.select_related("journey").get(pk=session.pk)
        if next(turns) == "hold":
            return session_set_status(
                session=fresh, status=SessionStatus.HELD, from_status=SessionStatus.PLANNED
            )
        return session_reschedule(
            session=fresh,
            starts_at=moved_to,
            minutes=60,
            from_starts_at=session.starts_at,
            from_minutes=session.minutes,
        )

    outcomes = in_two_threads(hold_or_move)

    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    refusals = [str(o) for o in outcomes if isinstance(o, Exception)]
    if refusals:  # the hold came first: the move is refused and the time stays
        assert refusals == ["This session was marked held meanwhile, so it can no longer move."]
        assert session.starts_at == at(START)
    else:  # the move came first, and the hold was made from "planned", which still held
        assert session.starts_at == moved_to


# --- The session record ---------------------------------------------------------------------


def record_post(notes: str, version: int = 1) -> dict[str, str]:
    return {"notes": notes, "key_insights": "", "agreements": "", "record_version": str(version)}


def test_a_record_save_sent_twice_saves_once(as_coach: HttpClient, journey: Journey) -> None:
    session = first_session(journey)

    first = as_coach.post(session_url("session_record", session), record_post("Arrived tired."))
    second = as_coach.post(session_url("session_record", session), record_post("Arrived tired."))

    assert first.status_code == 302
    assert second.status_code == 409
    session.refresh_from_db()
    assert (session.notes, session.record_version) == ("Arrived tired.", 2)


@pytest.mark.django_db(transaction=True)
def test_one_record_save_from_two_threads_at_once_saves_once(journey: Journey) -> None:
    session = first_session(journey)

    outcomes = in_two_threads(
        lambda: session_record_save(
            session=Session.objects.select_related("journey").get(pk=session.pk),
            by=journey.coach,
            expected_version=1,
            notes="Arrived tired.",
            key_insights="",
            agreements="",
        )
    )

    assert outcomes_by_kind(outcomes) == ["StaleRecord", "ok"]
    session.refresh_from_db()
    assert (session.notes, session.record_version) == ("Arrived tired.", 2)


# --- Experiments ----------------------------------------------------------------------------


def agree_post(token: UUID, title: str = "Say no once") -> dict[str, str]:
    return {
        "title": title,
        "what_to_try": "Decline one request this week.",
        "by_when": "2026-09-18",
        "token": str(token),
    }


def close_post(status: str, debrief: str, from_status: str = "open") -> dict[str, str]:
    return {"status": status, "from_status": from_status, "debrief": debrief}


def agreed(journey: Journey, session: Session, title: str = "Say no once") -> Experiment:
    return experiment_agree(
        session=session,
        title=title,
        what_to_try="Decline one request this week.",
        by_when=START + days(11),
        token=uuid4(),
    )


def test_the_session_page_carries_a_fresh_token_for_agreeing(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)

    pages = [as_coach.get(session_url("session", session)).content.decode() for _ in range(2)]

    tokens = [re.findall(r'name="token" value="([0-9a-f-]{36})"', page) for page in pages]
    assert [len(found) for found in tokens] == [1, 1]
    assert tokens[0] != tokens[1]


def test_agree_sent_twice_agrees_one_experiment(as_coach: HttpClient, journey: Journey) -> None:
    session = first_session(journey)
    post = agree_post(uuid4())

    first = as_coach.post(session_url("experiment_agree", session), post, follow=True)
    second = as_coach.post(session_url("experiment_agree", session), post, follow=True)

    assert "The experiment “Say no once” is agreed." in messages_on(first)
    assert messages_on(second) == "This experiment was already agreed: “Say no once”."
    assert list(Experiment.objects.values_list("title", "session")) == [("Say no once", session.pk)]


@pytest.mark.django_db(transaction=True)
def test_one_agreement_from_two_threads_at_once_agrees_one_experiment(journey: Journey) -> None:
    session = first_session(journey)
    token = uuid4()

    outcomes = in_two_threads(
        lambda: experiment_agree(
            session=Session.objects.select_related("journey").get(pk=session.pk),
            title="Say no once",
            what_to_try="Decline one request this week.",
            by_when=START + days(11),
            token=token,
        )
    )

    assert outcomes_by_kind(outcomes) == ["AlreadyChanged", "ok"]
    assert Experiment.objects.get().agree_token == token


def test_two_experiments_agreed_from_two_page_loads_are_both_kept(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)

    as_coach.post(session_url("experiment_agree", session), agree_post(uuid4(), "Say no once"))
    as_coach.post(session_url("experiment_agree", session), agree_post(uuid4(), "Ask for help"))

    assert sorted(Experiment.objects.values_list("title", flat=True)) == [
        "Ask for help",
        "Say no once",
    ]


def test_done_sent_twice_closes_the_experiment_once_with_the_first_debrief(
    as_coach: HttpClient, journey: Journey
) -> None:
    experiment = agreed(journey, first_session(journey))
    status_url = journey_url("experiment_status", journey, experiment_id=experiment.public_id)

    first = as_coach.post(status_url, close_post("done", "Saying no was easier than feared."))
    second = as_coach.post(status_url, close_post("done", "A second debrief."), follow=True)
    stale = as_coach.post(status_url, close_post("dropped", "From a stale tab."), follow=True)

    assert first["Location"] == journey_url("detail", journey) + "#experiments"
    assert messages_on(second) == "This experiment is already marked done."
    assert messages_on(stale) == (
        "This experiment was marked done meanwhile, in another tab or by another request; "
        "nothing was changed."
    )
    experiment.refresh_from_db()
    assert (experiment.status, experiment.debrief) == ("done", "Saying no was easier than feared.")
    assert experiment.closed_at is not None


@pytest.mark.django_db(transaction=True)
def test_done_from_two_threads_at_once_closes_it_once(journey: Journey) -> None:
    experiment = agreed(journey, first_session(journey))

    outcomes = in_two_threads(
        lambda: experiment_set_status(
            experiment=Experiment.objects.select_related("journey").get(pk=experiment.pk),
            status=ExperimentStatus.DONE,
            from_status=ExperimentStatus.OPEN,
            debrief="Saying no was easier than feared.",
        )
    )

    assert outcomes_by_kind(outcomes) == ["AlreadyChanged", "ok"]
    experiment.refresh_from_db()
    assert (experiment.status, experiment.debrief) == ("done", "Saying no was easier than feared.")


def test_closing_an_experiment_needs_a_debrief(as_coach: HttpClient, journey: Journey) -> None:
    experiment = agreed(journey, first_session(journey))
    status_url = journey_url("experiment_status", journey, experiment_id=experiment.public_id)

    empty = as_coach.post(status_url, close_post("dropped", "   "), follow=True)
    with pytest.raises(DomainError, match="Keep the debrief to 2000 characters"):
        experiment_set_status(
            experiment=experiment, status="done", from_status="open", debrief="x" * 2001
        )

    assert "Write what was learned" in messages_on(empty)
    experiment.refresh_from_db()
    assert (experiment.status, experiment.debrief) == ("open", "")


def test_the_debrief_shows_on_the_journey_page_the_session_page_and_prep(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)
    experiment = agreed(journey, session)
    as_coach.post(
        journey_url("experiment_status", journey, experiment_id=experiment.public_id),
        {**close_post("dropped", "The team was away; try it after the launch."), "back": "prep"},
    )

    for page in ("detail", "prep"):
        body = as_coach.get(journey_url(page, journey)).content.decode()
        assert "The team was away; try it after the launch." in body, page
        assert 'status--dropped">Dropped' in body, page
    body = as_coach.get(session_url("session", session)).content.decode()
    assert "The team was away; try it after the launch." in body


def test_closing_from_prep_or_a_session_returns_there(
    as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)
    from_prep, from_session = agreed(journey, session, "One"), agreed(journey, session, "Two")

    prep = as_coach.post(
        journey_url("experiment_status", journey, experiment_id=from_prep.public_id),
        {**close_post("done", "Learned one thing."), "back": "prep"},
    )
    back = as_coach.post(
        journey_url("experiment_status", journey, experiment_id=from_session.public_id),
        {**close_post("done", "Learned another."), "back": "session"},
    )

    assert prep["Location"] == journey_url("prep", journey)
    assert back["Location"] == session_url("session", session)


def test_an_open_experiment_past_its_day_in_the_coachs_time_zone_is_overdue(
    cast: Cast, journey: Journey
) -> None:
    cast.coach.time_zone = "Pacific/Auckland"
    cast.coach.save(update_fields=["time_zone"])
    http = signed_in(cast.coach)
    session = first_session(journey)
    late = agreed(journey, session, "Say no once")  # by 18 September
    agreed(journey, session, "Ask for help")
    Experiment.objects.exclude(pk=late.pk).update(by_when=START + days(12))  # by 19 September

    # 12:30 UTC on 18 September is already 00:30 on 19 September in Auckland.
    with time_machine.travel(datetime.fromisoformat("2026-09-18T12:30:00+00:00"), tick=False):
        body = http.get(journey_url("detail", journey)).content.decode()

    items = re.findall(r'<li class="experiment".*?</li>', body, re.S)
    assert len(items) == 2
    assert "Say no once" in items[0]
    assert ">overdue</span>" in items[0]
    assert ">overdue</span>" not in items[1]


def test_a_closed_experiment_is_never_overdue(as_coach: HttpClient, journey: Journey) -> None:
    experiment = agreed(journey, first_session(journey))
    as_coach.post(
        journey_url("experiment_status", journey, experiment_id=experiment.public_id),
        close_post("done", "It worked."),
    )

    with time_machine.travel(AFTER_TWO_SESSIONS, tick=False):
        body = as_coach.get(journey_url("detail", journey)).content.decode()

    assert ">overdue</span>" not in body


# --- Ended journeys -------------------------------------------------------------------------


@pytest.fixture
def ended(journey: Journey) -> Journey:
    """The journey with its first session held and an experiment agreed, then closed."""
    first = first_session(journey)
    Session.objects.filter(pk=first.pk).update(status=SessionStatus.HELD)
    agreed(journey, first)
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSED)
    return journey


@time_machine.travel(AFTER_TWO_SESSIONS, tick=False)
def test_an_ended_journey_refuses_session_and_experiment_changes(
    as_coach: HttpClient, ended: Journey
) -> None:
    held, planned, _ = sessions_of(ended)
    experiment = Experiment.objects.get()

    responses = [
        as_coach.post(
            session_url("session_status", planned),
            {"status": "cancelled", "from_status": "planned"},
            follow=True,
        ),
        as_coach.post(
            session_url("session_reschedule", planned),
            move_post(planned, "2026-09-22"),
            follow=True,
        ),
        as_coach.post(
            session_url("experiment_agree", held), agree_post(uuid4(), "Another"), follow=True
        ),
        as_coach.post(
            journey_url("experiment_status", ended, experiment_id=experiment.public_id),
            close_post("done", "Too late."),
            follow=True,
        ),
    ]

    assert [messages_on(response) for response in responses] == [
        "This journey is closed, so its sessions no longer change. Only the notes of held "
        "sessions can still be saved.",
        "This journey is closed, so its sessions no longer change. Only the notes of held "
        "sessions can still be saved.",
        "This journey is closed, so its experiments no longer change. Only the notes of held "
        "sessions can still be saved.",
        "“Say no once” is unchanged. This journey is closed, so its experiments no longer "
        "change. Only the notes of held sessions can still be saved.",
    ]
    assert [(s.status, s.starts_at) for s in sessions_of(ended)] == [
        ("held", at(START)),
        ("planned", at(START + days(14))),
        ("planned", at(START + days(28))),
    ]
    assert list(Experiment.objects.values_list("title", "status")) == [("Say no once", "open")]


def test_an_ended_journey_still_takes_notes_on_held_sessions_only(
    as_coach: HttpClient, ended: Journey
) -> None:
    held, planned, _ = sessions_of(ended)

    saved = as_coach.post(session_url("session_record", held), record_post("Looking back: calm."))
    refused = as_coach.post(
        session_url("session_record", planned),
        record_post("Never happened."),
        HTTP_HX_REQUEST="true",
    )

    assert saved.status_code == 302
    assert refused.status_code == 409
    assert "only the notes of held sessions can still be saved" in refused.content.decode()
    assert Session.objects.get(pk=held.pk).notes == "Looking back: calm."
    assert Session.objects.get(pk=planned.pk).notes == ""


def test_an_ended_journeys_session_page_offers_no_changes(
    as_coach: HttpClient, ended: Journey
) -> None:
    held, planned, _ = sessions_of(ended)

    held_page = as_coach.get(session_url("session", held)).content.decode()
    planned_page = as_coach.get(session_url("session", planned)).content.decode()

    for page in (held_page, planned_page):
        assert "This journey is closed: its sessions and experiments no longer change." in page
        assert "Agree the experiment" not in page
        assert "Move the session" not in page
        assert "Close with a debrief" not in page
    assert "Save the record" in held_page
    assert "Save the record" not in planned_page


# --- Who may send these -----------------------------------------------------------------------


GUARDED_SESSION_VIEWS = ["session_status", "session_reschedule", "experiment_agree"]


@pytest.mark.parametrize("name", [*GUARDED_SESSION_VIEWS, "experiment_status"])
def test_the_guarded_writes_need_a_post_a_coach_and_the_right_practice(
    cast: Cast, journey: Journey, name: str
) -> None:
    session = first_session(journey)
    if name == "experiment_status":
        target = journey_url(name, journey, experiment_id=agreed(journey, session).public_id)
    else:
        target = session_url(name, session)
    post = {"status": "held", "from_status": "planned"}

    assert signed_in(cast.coach).get(target).status_code == 405
    assert signed_in(cast.mentor).post(target, post).status_code == 403
    assert signed_in(cast.outsider).post(target, post).status_code == 404
    assert HttpClient().post(target, post)["Location"].startswith(reverse("accounts:sign_in"))
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PLANNED
    assert Experiment.objects.filter(status=ExperimentStatus.OPEN).count() == (
        1 if name == "experiment_status" else 0
    )
