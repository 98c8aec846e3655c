"""The caseload as a control panel: journeys that need attention first, each with its state
and reason, a sparkline, its next session and the way into prep; filters that work with and
without htmx; a fixed number of queries; only the coach's own open journeys."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import Role
from arcwise.insights.momentum.words import short_day
from arcwise.journeys.models import Journey, JourneyStatus, Session, SessionStatus
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.journeys.factories import make_journey, make_version

CASELOAD = "insights:caseload"


def today() -> Any:
    return timezone.localdate()


def started(cast: Cast, name: str, *keys: str, days_ago: int = 60, **overrides: Any) -> Journey:
    """A journey of the cast's coach that began `days_ago` days ago and ends well ahead."""
    overrides.setdefault("planned_end", today() + timedelta(days=120))
    return make_journey(
        cast.coach,
        make_client(cast.practice, name=name),
        *keys,
        start=today() - timedelta(days=days_ago),
        **overrides,
    )


def last_held(journey: Journey, days_ago: int) -> Journey:
    """Only one session held, at noon `days_ago` days ago on the coach's calendar (so the
    count of days does not hang on the hour the suite runs); the other past ones cancelled."""
    now = timezone.now()
    sessions = Session.objects.filter(journey=journey).order_by("starts_at")
    sessions.filter(starts_at__lt=now).update(status=SessionStatus.CANCELLED)
    first = sessions.first()
    assert first is not None
    Session.objects.filter(pk=first.pk).update(
        starts_at=noon_days_ago(days_ago, journey.coach.time_zone), status=SessionStatus.HELD
    )
    return journey


def noon_days_ago(days: int, zone: str) -> datetime:
    """Noon, `days` days before today, in `zone`."""
    tz = ZoneInfo(zone)
    day = timezone.localdate(timezone.now(), tz) - timedelta(days=days)
    return datetime.combine(day, time(12), tzinfo=tz)


def not_started(cast: Cast, name: str, *keys: str) -> Journey:
    """A journey starting tomorrow: on track, nothing against it."""
    return make_journey(
        cast.coach,
        make_client(cast.practice, name=name),
        *keys,
        start=today() + timedelta(days=1),
    )


def page(http: HttpClient, **query: str) -> str:
    response = http.get(reverse(CASELOAD), query)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    match = re.search(
        rf'<section class="caseload__section caseload__section--{key}".*?</section>', html, re.S
    )
    return match.group(0) if match else ""


def names_in(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def mixed(cast: Cast) -> dict[str, Journey]:
    return {
        "calm": not_started(cast, "Calm Carla"),
        "stalled": last_held(started(cast, "Stalled Stan"), 40),
        "drifting": last_held(started(cast, "Drifting Dora", days_ago=30), 25),
        "ending": last_held(
            started(cast, "Ending Eve", planned_end=today() - timedelta(days=20)), 5
        ),
    }


def test_journeys_that_need_attention_come_first_in_attention_order(
    mixed: dict[str, Journey], as_coach: HttpClient
) -> None:
    html = page(as_coach)

    attention = section(html, "attention")
    assert names_in(attention) == ["Ending Eve", "Stalled Stan", "Drifting Dora"]
    assert names_in(section(html, "rest")) == ["Calm Carla"]
    assert html.index("Needs attention") < html.index("On track and paused")


def test_each_row_shows_its_state_as_words_and_its_top_reason(
    mixed: dict[str, Journey], as_coach: HttpClient
) -> None:
    html = page(as_coach)

    stan = html[html.index("Stalled Stan") : html.index("</tr>", html.index("Stalled Stan"))]
    assert ">Stalled</span>" in stan
    assert "40 days since the last session; the agreed cadence is every 14 days" in stan
    eve = html[html.index("Ending Eve") : html.index("</tr>", html.index("Ending Eve"))]
    assert ">Closure at risk</span>" in eve
    assert "planned end passed 20 days ago, not closed" in eve
    carla = html[html.index("Calm Carla") : html.index("</tr>", html.index("Calm Carla"))]
    assert ">On track</span>" in carla
    assert "nothing needs attention" in carla


def test_each_row_has_a_sparkline_naming_its_journey(
    mixed: dict[str, Journey], as_coach: HttpClient
) -> None:
    html = page(as_coach)

    assert html.count('class="sparkline"') == 4
    assert "Momentum over 12 weeks: Stalled Stan</title>" in html
    stan = html[html.index("Stalled Stan") : html.index("</tr>", html.index("Stalled Stan"))]
    assert "Now stalled." in stan


def test_the_prep_link_opens_session_prep_and_the_next_session_is_in_the_coachs_zone(
    cast: Cast, as_coach: HttpClient
) -> None:
    cast.coach.time_zone = "Pacific/Auckland"
    cast.coach.save()
    journey = not_started(cast, "Calm Carla")
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert first is not None
    local = first.starts_at.astimezone(ZoneInfo("Pacific/Auckland"))

    html = page(as_coach)

    prep = reverse("journeys:prep", args=[journey.public_id])
    assert f'href="{prep}">Prep<span class="visually-hidden"> session for Calm Carla' in html
    weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[local.weekday()]
    assert f"<td>{weekday} {short_day(local.date(), today())}, {local:%H:%M}</td>" in html
    assert as_coach.get(prep).status_code == 200


@pytest.mark.parametrize("htmx", [False, True])
def test_it_filters_by_state(mixed: dict[str, Journey], as_coach: HttpClient, htmx: bool) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    response = as_coach.get(reverse(CASELOAD), {"state": "stalled"}, headers=headers)
    html = response.content.decode()

    assert names_in(html) == ["Stalled Stan"]
    assert "1 of 4 open journeys match" in html
    # With htmx only the list comes back, to be swapped in; without, the whole page.
    assert ("<html" in html) is not htmx
    assert ('id="caseload-list"' in html) is True


def test_it_filters_by_design_and_by_phase(cast: Cast, as_coach: HttpClient) -> None:
    version = make_version(cast.client, cast.coach, ["focus", "close"])
    focused = make_journey(
        cast.coach, make_client(cast.practice, name="Focused Fay"), version=version
    )
    not_started(cast, "Orienting Olga")
    design_id = str(focused.design_version.design.public_id)

    assert names_in(page(as_coach, design=design_id)) == ["Focused Fay"]
    assert names_in(page(as_coach, phase="Orient")) == ["Orienting Olga"]
    assert names_in(page(as_coach, phase="Focus", sort="client")) == ["Focused Fay"]
    html = page(as_coach, phase="Focus")
    # The form shows the filter chosen, so a bookmarked URL reads back as it was set.
    assert '<option value="Focus" selected>Focus</option>' in html


def test_sorting_by_client_name_orders_within_each_part(
    mixed: dict[str, Journey], as_coach: HttpClient
) -> None:
    html = page(as_coach, sort="client")

    assert names_in(section(html, "attention")) == ["Drifting Dora", "Ending Eve", "Stalled Stan"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"state": "asleep"}, "There is no state “asleep”; showing every state."),
        ({"design": "not-a-design"}, "No open journey follows that design"),
        ({"phase": "Nowhere"}, "No open journey is in the phase “Nowhere” now"),
        ({"sort": "shoe size"}, "cannot be sorted by “shoe size”"),
        ({"state": "\u202estalled"}, "showing every state"),
    ],
)
def test_a_bad_filter_gets_a_message_and_the_rest_still_shows(
    mixed: dict[str, Journey], as_coach: HttpClient, query: dict[str, str], message: str
) -> None:
    html = page(as_coach, **query)

    assert message in html
    assert len(names_in(html)) == 4


def test_a_filter_matching_nothing_says_so(cast: Cast, as_coach: HttpClient) -> None:
    not_started(cast, "Calm Carla")

    html = page(as_coach, state="stalled")

    assert "No open journey matches these filters" in html
    assert names_in(html) == []


@pytest.mark.parametrize("count", [2, 20])
def test_the_caseload_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, count: int, django_assert_num_queries: Any
) -> None:
    version = make_version(cast.client, cast.coach, ["orient", "experiment", "close"])
    for number in range(count):
        make_journey(
            cast.coach, make_client(cast.practice, name=f"Client {number}"), version=version
        )

    # session, user, memberships; the designs and phases to filter by; the counts; the
    # page's journeys in order; the journeys; closing reviews under way; momentum's seven
    # facts; the unread messages
    with django_assert_num_queries(17):
        response = as_coach.get(reverse(CASELOAD), {"state": "closure_at_risk"})
    assert len(names_in(response.content.decode())) == count


def test_only_the_coachs_own_open_journeys_are_shown(cast: Cast, as_coach: HttpClient) -> None:
    not_started(cast, "Calm Carla")
    colleague = make_member(cast.practice, Role.COACH, name="Col League", email="col@example.com")
    make_journey(colleague, make_client(cast.practice, name="Colleagues Client"))
    make_journey(cast.outsider, cast.outsiders_client)
    ended = not_started(cast, "Finished Fred")
    Journey.objects.filter(pk=ended.pk).update(
        status=JourneyStatus.CLOSED, ended_on=today() - timedelta(days=1)
    )
    paused = not_started(cast, "Paused Pat")
    Journey.objects.filter(pk=paused.pk).update(status=JourneyStatus.PAUSED)

    html = page(as_coach)

    assert sorted(names_in(html)) == ["Calm Carla", "Paused Pat"]
    assert "Xena Elsewhere" not in html
    assert f'href="{reverse("journeys:list")}?show=ended"' in html


def test_a_paused_journey_says_so_and_has_no_next_session(cast: Cast, as_coach: HttpClient) -> None:
    paused = started(cast, "Paused Pat", days_ago=20)
    Journey.objects.filter(pk=paused.pk).update(
        status=JourneyStatus.PAUSED, paused_on=today() - timedelta(days=3)
    )

    html = page(as_coach)

    pat = html[html.index("Paused Pat") : html.index("</tr>", html.index("Paused Pat"))]
    assert ">Paused</span>" in pat
    assert "none while paused" in pat
    assert names_in(section(html, "rest")) == ["Paused Pat"]


def test_the_practices_thresholds_decide_the_state(cast: Cast, as_coach: HttpClient) -> None:
    last_held(started(cast, "Stalled Stan"), 40)
    cast.practice.momentum_thresholds = {
        "gap_stalled_cadences": 5,
        "gap_drifting_cadences": 4,
        "phase_overrun_factor": 10,
    }
    cast.practice.save()

    html = page(as_coach)

    assert names_in(section(html, "attention")) == []
    assert names_in(section(html, "rest")) == ["Stalled Stan"]


def test_the_journey_page_and_prep_show_every_signal_with_its_reason(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = last_held(started(cast, "Stalled Stan"), 40)

    for name in ("detail", "prep"):
        html = as_coach.get(reverse(f"journeys:{name}", args=[journey.public_id])).content
        text = html.decode()
        momentum = text[text.index('id="journey-momentum-heading"') :]
        assert ">Stalled</span>" in momentum
        assert "40 days since the last session; the agreed cadence is every 14 days" in momentum
        assert "weeks in Orient" in momentum  # the phase overrun, a second signal


def test_prep_shows_momentum_before_where_the_journey_is(cast: Cast, as_coach: HttpClient) -> None:
    journey = last_held(started(cast, "Stalled Stan"), 40)

    text = as_coach.get(reverse("journeys:prep", args=[journey.public_id])).content.decode()

    assert text.index('id="journey-momentum-heading"') < text.index('id="where-heading"')


def test_a_session_held_since_the_last_look_changes_the_state_at_once(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = last_held(started(cast, "Stalled Stan"), 40)
    assert names_in(section(page(as_coach), "attention")) == ["Stalled Stan"]

    later = Session.objects.filter(journey=journey, status=SessionStatus.CANCELLED).last()
    assert later is not None
    Session.objects.filter(pk=later.pk).update(
        starts_at=timezone.now() - timedelta(days=1), status=SessionStatus.HELD
    )

    html = page(as_coach)
    stan = html[html.index("Stalled Stan") : html.index("</tr>", html.index("Stalled Stan"))]
    assert ">Stalled</span>" not in stan
    assert "40 days since the last session" not in stan


def test_a_phase_past_its_planned_weeks_says_how_far_past(cast: Cast, as_coach: HttpClient) -> None:
    started(cast, "Lingering Lena", "orient", days_ago=60)

    html = page(as_coach)

    lena = html[html.index("Lingering Lena") : html.index("</tr>", html.index("Lingering Lena"))]
    assert "week 9, 7 weeks past the planned 2" in lena
    assert "week 9 of 2" not in lena
