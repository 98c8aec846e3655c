"""Starting a journey: the cadence comes from the design unless the coach gives one, the plan
shows each session's weekday, and a plan longer than the maximum is refused with a message."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.models import DesignVersion
from arcwise.journeys.enrolment.forms import MAX_PLANNED_SESSIONS
from arcwise.journeys.models import FeeBasis, Journey, Session
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec
from tests.journeys import pages
from tests.journeys.pages import page_fields

pytestmark = pytest.mark.django_db

NEW = reverse("journeys:new")


def weekly_version(cast: Cast, *, cadence_days: int = 7) -> DesignVersion:
    """Three phases of two weeks with two sessions each: a session a week."""
    design = make_design(
        cast.practice,
        cast.coach,
        published=True,
        cadence_days=cadence_days,
        phases=tuple(
            make_phase_spec(key, planned_weeks=2, planned_sessions=2)
            for key in ("orient", "experiment", "close")
        ),
    )
    return DesignVersion.objects.get(design=design)


def agreement(cast: Cast, version: DesignVersion, **changes: str) -> dict[str, str]:
    """The agreement with the cadence left empty, so the design's own is used."""
    return pages.agreement(cast, version, **{"cadence_days": "", **changes})


def plan_days(page: str) -> list[str]:
    return re.findall(r'<td class="plan-table__day">([^<]*)</td>', page)


def test_left_empty_the_cadence_is_the_designs(cast: Cast, as_coach: HttpClient) -> None:
    version = weekly_version(cast, cadence_days=7)

    proposal = as_coach.post(NEW, agreement(cast, version))
    page = proposal.content.decode()

    assert proposal.status_code == 200
    assert "a session every 7 days (the design's cadence)" in page
    assert plan_days(page) == [
        "Mon 7 Sep",
        "Mon 14 Sep",
        "Mon 21 Sep",
        "Mon 28 Sep",
        "Mon 5 Oct",
        "Mon 12 Oct",
    ]
    started = as_coach.post(NEW, {**page_fields(page), "action": "start"})

    journey = Journey.objects.get()
    assert started.status_code == 302
    assert journey.cadence_days == 7
    assert Session.objects.filter(journey=journey).count() == 6


def test_a_cadence_the_coach_typed_wins_over_the_designs(cast: Cast, as_coach: HttpClient) -> None:
    version = weekly_version(cast, cadence_days=7)

    page = as_coach.post(NEW, agreement(cast, version, cadence_days="5")).content.decode()

    assert "a session every 5 days." in page
    assert "the design's cadence" not in page
    as_coach.post(NEW, {**page_fields(page), "action": "start"})
    assert Journey.objects.get().cadence_days == 5


def test_the_agreement_form_leaves_the_cadence_to_the_design(as_coach: HttpClient) -> None:
    page = as_coach.get(NEW).content.decode()

    assert re.search(r'<input type="number" name="cadence_days"(?![^>]*value=)[^>]*>', page)
    assert "Left empty, the design's own cadence is used" in html.unescape(page)


def test_changing_the_agreement_keeps_what_was_typed_and_the_cadence_used(
    cast: Cast, as_coach: HttpClient
) -> None:
    version = weekly_version(cast, cadence_days=7)
    page = as_coach.post(NEW, agreement(cast, version)).content.decode()

    back = as_coach.post(NEW, {**page_fields(page), "action": "edit"})

    body = back.content.decode()
    assert back.status_code == 200
    assert "Start a journey" in body
    assert "To stop rescuing my team." in body
    assert re.search(r'name="cadence_days" value="7"', body)
    assert not Journey.objects.exists()


def test_the_weekday_follows_a_date_the_coach_changed(cast: Cast, as_coach: HttpClient) -> None:
    version = weekly_version(cast)
    page = as_coach.post(NEW, agreement(cast, version)).content.decode()
    fields = page_fields(page)

    # The second session moved to a Wednesday, and the last to a day that does not exist:
    # the page comes back with the rows as sent, and says which needs another date.
    changed = {**fields, "plan-1-day": "2026-09-16", "plan-5-day": "2026-09-31"}
    again = as_coach.post(NEW, {**changed, "action": "start"})

    body = again.content.decode()
    assert again.status_code == 400
    assert plan_days(body) == [
        "Mon 7 Sep",
        "Wed 16 Sep",
        "Mon 21 Sep",
        "Mon 28 Sep",
        "Mon 5 Oct",
        "",
    ]
    assert "Some sessions need another date or time" in body
    assert not Journey.objects.exists()


def too_long_plan(page: str, rows: int, claimed: int) -> dict[str, str]:
    fields = {**page_fields(page), "action": "start", "plan-TOTAL_FORMS": str(claimed)}
    for n in range(rows):
        fields |= {
            f"plan-{n}-phase_key": "orient",
            f"plan-{n}-day": "2026-09-07",
            f"plan-{n}-at": "09:30",
        }
    return fields


@pytest.mark.parametrize("claimed", [MAX_PLANNED_SESSIONS + 1, 1_000_000])
def test_a_plan_longer_than_the_maximum_is_refused_with_a_message(
    cast: Cast, as_coach: HttpClient, claimed: int
) -> None:
    version = weekly_version(cast)
    page = as_coach.post(NEW, agreement(cast, version)).content.decode()

    response = as_coach.post(NEW, too_long_plan(page, MAX_PLANNED_SESSIONS + 1, claimed))

    body = response.content.decode()
    assert response.status_code == 400
    assert f"A session plan holds at most {MAX_PLANNED_SESSIONS} sessions." in body
    assert "Some sessions need another date or time" not in body
    # No more rows are built than a plan may hold, however many the request claims.
    assert body.count('<td class="plan-table__day">') <= MAX_PLANNED_SESSIONS
    assert not Journey.objects.exists()


def test_a_plan_without_sessions_is_refused_with_a_message(
    cast: Cast, as_coach: HttpClient
) -> None:
    version = weekly_version(cast)
    page = as_coach.post(NEW, agreement(cast, version)).content.decode()

    response = as_coach.post(NEW, {**page_fields(page), "action": "start", "plan-TOTAL_FORMS": "0"})

    assert response.status_code == 400
    assert "A session plan needs at least 1 session." in response.content.decode()
    assert not Journey.objects.exists()


def test_a_design_planning_more_sessions_than_a_journey_holds_is_refused_before_the_plan(
    cast: Cast, as_coach: HttpClient
) -> None:
    # Eleven phases of six weeks with twenty sessions each: 220 sessions, a few a week.
    design = make_design(
        cast.practice,
        cast.coach,
        published=True,
        cadence_days=1,
        phases=tuple(
            make_phase_spec(f"phase-{n}", planned_weeks=6, planned_sessions=20) for n in range(11)
        ),
    )
    version = DesignVersion.objects.get(design=design)

    response = as_coach.post(NEW, agreement(cast, version))

    body = response.content.decode()
    assert response.status_code == 400
    assert "This design plans 220 sessions; a journey holds at most 200." in body
    assert "Start a journey" in body
    assert not Journey.objects.exists()


def test_an_unknown_action_proposes_a_plan_and_starts_nothing(
    cast: Cast, as_coach: HttpClient
) -> None:
    version = weekly_version(cast)

    response = as_coach.post(NEW, {**agreement(cast, version), "action": "launch"})

    assert response.status_code == 200
    assert "The session plan" in response.content.decode()
    assert not Journey.objects.exists()


def test_a_pro_bono_agreement_is_carried_through_the_plan_to_the_journey(
    cast: Cast, as_coach: HttpClient
) -> None:
    version = weekly_version(cast)

    page = as_coach.post(NEW, agreement(cast, version, fee_basis="pro_bono")).content.decode()
    as_coach.post(NEW, {**page_fields(page), "action": "start"})

    journey = Journey.objects.get()
    assert journey.fee_basis == FeeBasis.PRO_BONO
    shown = as_coach.get(pages.journey_url("detail", journey)).content.decode()
    assert "Agreed as <strong>pro bono</strong> work" in shown


def test_the_agreement_form_offers_paid_first_and_asks_when_neither_is_sent(
    cast: Cast, as_coach: HttpClient
) -> None:
    version = weekly_version(cast)
    form = as_coach.get(NEW).content.decode()
    fields = agreement(cast, version)
    del fields["fee_basis"]

    refused = as_coach.post(NEW, fields)

    assert re.search(r'<input type="radio" name="fee_basis" value="paid"[^>]* checked', form)
    assert refused.status_code == 400
    assert "Choose paid or pro bono" in html.unescape(refused.content.decode())
    assert not Journey.objects.exists()
