"""The one guard in front of every portal view: an archived client's portal stores nothing,
a client reaches only their own things, and opening a link starts a new session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.clients.services import client_archive
from arcwise.journeys.models import Journey, PulseAnswer, Session
from arcwise.portal.models import (
    ExperimentCheckIn,
    PortalLink,
    ReflectionRequest,
    SessionCheckIn,
)
from arcwise.portal.services import portal_link_revoke
from tests.conftest import Cast
from tests.factories import make_client
from tests.portal.helpers import (
    DAY_AFTER,
    agree_experiment,
    hold,
    journey_with_prompts,
    open_portal,
    send_link,
    sessions_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(cast: Cast) -> Journey:
    """A held first session (its reflections asked), an open experiment and a pulse, seen
    on the day the second session's questions are open."""
    with time_machine.travel(DAY_AFTER, tick=False):
        journey = journey_with_prompts(cast)
        hold(sessions_of(journey)[0])
    Journey.objects.filter(pk=journey.pk).update(pulse_scales=["Energy"])
    return journey


def every_autosave(journey: Journey) -> list[tuple[str, dict[str, Any]]]:
    """(url, form) for each of the portal's saves, each a first save that would store."""
    reflection = ReflectionRequest.objects.filter(journey=journey).order_by("due_on").first()
    assert reflection is not None
    experiment = agree_experiment(journey)
    second: Session = sessions_of(journey)[1]
    return [
        (
            reverse("portal:reflection_save", args=[reflection.public_id]),
            {"answer": "Stored after all", "version": 1},
        ),
        (
            reverse("portal:check_in_save", args=[experiment.public_id]),
            {"tried": "yes", "what_happened": "Stored", "in_the_way": "", "version": 0},
        ),
        (
            reverse("portal:session_check_in_save", args=[second.public_id]),
            {"since_last": "Stored", "want_from_session": "", "arriving_with": "", "version": 0},
        ),
        (reverse("portal:pulse_save", args=[journey.public_id]), {"scale_0": "7"}),
    ]


def nothing_stored() -> bool:
    return (
        not ReflectionRequest.objects.exclude(answer="").exists()
        and not ExperimentCheckIn.objects.exists()
        and not SessionCheckIn.objects.exists()
        and not PulseAnswer.objects.exists()
    )


@pytest.mark.parametrize("htmx", [True, False], ids=["autosave", "save-button"])
def test_an_archived_clients_portal_stores_nothing(
    cast: Cast, journey: Journey, htmx: bool
) -> None:
    second = sessions_of(journey)[1]
    with time_machine.travel(second.starts_at - timedelta(days=1), tick=False):
        http = open_portal(cast)
        saves = every_autosave(journey)
        client_archive(client=cast.client)
        headers = {"HX-Request": "true"} if htmx else {}

        responses = [http.post(url, form, headers=headers) for url, form in saves]

    assert nothing_stored()
    for response in responses:
        page = response.content.decode()
        if htmx:
            # The status line says so, and the typed text stays in the box.
            assert response.status_code == 409
            assert "Not saved: this portal is closed." in page
        else:
            assert response.status_code == 403
            assert "Your coach has closed this portal" in page


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_dead_link_is_exchanged_without_its_token_and_opens_no_path(
    cast: Cast, journey: Journey, how: str
) -> None:
    second = sessions_of(journey)[1]
    with time_machine.travel(second.starts_at - timedelta(days=1), tick=False) as clock:
        link_url = send_link(cast).removeprefix("http://testserver")
        saves = every_autosave(journey)
        if how == "revoked":
            portal_link_revoke(client=cast.client, link_id=PortalLink.objects.get().public_id)
        else:
            clock.shift(timedelta(days=settings.PORTAL_LINK_VALID_DAYS, seconds=1))
        http = HttpClient()

        opened = http.get(link_url)
        home = http.get(reverse("portal:home")).content.decode()
        responses = [http.post(url, form) for url, form in saves]

    # Straight on to the address without the token, where the portal stays shut.
    assert opened.status_code == 302
    assert opened["Location"] == reverse("portal:home")
    assert "This link no longer opens your journey" in home
    assert "Hello, Quentin" not in home
    assert [response.status_code for response in responses] == [403] * len(saves)
    assert nothing_stored()


def test_an_archived_client_is_told_the_portal_is_closed_and_offered_no_fresh_link(
    cast: Cast, journey: Journey
) -> None:
    http = open_portal(cast)
    client_archive(client=cast.client)

    page = http.get(reverse("portal:home")).content.decode()

    assert "Your coach has closed this portal" in page
    assert "Send me a fresh link" not in page
    assert "Hello, Quentin" not in page


def test_a_client_never_reaches_another_clients_experiment_in_the_same_practice(
    cast: Cast, journey: Journey
) -> None:
    experiment = agree_experiment(journey)
    other = make_client(cast.practice, name="Olga Other", email="olga@example.org")
    journey_with_prompts(cast, client=other)
    http = open_portal(cast, client=other)

    response = http.post(
        reverse("portal:check_in_save", args=[experiment.public_id]),
        {"tried": "yes", "what_happened": "Not mine", "in_the_way": "", "version": 0},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 404
    assert not ExperimentCheckIn.objects.exists()


def test_opening_a_link_starts_a_new_session(cast: Cast) -> None:
    http = HttpClient()
    before = http.session  # a session the browser had before (a fixation attempt)
    before["planted"] = "by someone else"
    before.save()
    planted = before.session_key
    assert planted is not None
    http.cookies[settings.SESSION_COOKIE_NAME] = planted

    http.get(send_link(cast).removeprefix("http://testserver"))

    after = http.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != planted
    # The key someone planted opens nothing any more.
    assert not before.exists(planted)
    assert "Hello, Quentin" in http.get(reverse("portal:home")).content.decode()
