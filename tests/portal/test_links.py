"""Magic links: sent through the outbox, stored hashed, exchanged for a portal session,
expiring and revocable, with a rate-limited offer of a fresh one to the address on file."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.errors import DomainError
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.portal.models import PortalLink
from arcwise.portal.services import portal_link_for_message, portal_link_send
from tests.conftest import Cast, signed_in
from tests.portal.helpers import DAY_AFTER, link_url_in, open_portal, send_link
from tests.races import in_two_threads


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(DAY_AFTER, tick=False) as traveller:
        yield traveller


def client_page(cast: Cast) -> str:
    return reverse("clients:detail", args=[cast.client.public_id])


def send_from_page(http: HttpClient, cast: Cast, from_link: str = "") -> Any:
    url = reverse("portal:link_send", args=[cast.client.public_id])
    return http.post(url, {"from_link": from_link}, follow=True)


def test_the_coach_sends_a_link_that_reaches_the_outbox_and_is_stored_hashed(
    cast: Cast, as_coach: HttpClient
) -> None:
    response = send_from_page(as_coach, cast)

    assert "A portal link is on its way to quentin@example.org" in response.content.decode()
    nudge = Nudge.objects.get(kind=NudgeKind.PORTAL_LINK)
    assert nudge.to_address == "quentin@example.org"
    token = link_url_in(nudge).rstrip("/").rsplit("/", 1)[-1]
    link = PortalLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.token_hash
    assert link.expires_at == DAY_AFTER + timedelta(days=14)
    assert link.created_by == cast.coach
    assert nudge.dedupe_key == f"portal-link:{link.public_id}"


def test_the_link_lasts_as_long_as_the_setting_says(cast: Cast, settings: Any) -> None:
    settings.PORTAL_LINK_VALID_DAYS = 3
    send_link(cast)
    assert PortalLink.objects.get().expires_at == DAY_AFTER + timedelta(days=3)


def test_opening_the_link_leaves_the_token_behind_and_shows_the_portal(cast: Cast) -> None:
    http = HttpClient()
    url = send_link(cast).removeprefix("http://testserver")

    response = http.get(url, follow=True)

    assert response.redirect_chain == [(reverse("portal:home"), 302)]
    assert "Hello, Quentin Confidential" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_token_opens_nothing(cast: Cast) -> None:
    response = HttpClient().get(reverse("portal:enter", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "We do not recognise this link" in response.content.decode()


def test_the_portal_without_a_link_says_how_to_get_in(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.get(reverse("portal:home"))
    assert response.status_code == 403
    assert "Open the link from your e-mail" in response.content.decode()
    assert "Quentin" not in response.content.decode()


def expired_link_opened(cast: Cast, clock: Any) -> HttpClient:
    """A browser that clicks the client's link from the e-mail after it expired."""
    url = send_link(cast).removeprefix("http://testserver")
    clock.shift(timedelta(days=15))
    http = HttpClient()
    http.get(url)
    return http


def test_an_expired_link_offers_a_fresh_one_to_the_address_on_file(cast: Cast, clock: Any) -> None:
    http = expired_link_opened(cast, clock)

    page = http.get(reverse("portal:home")).content.decode()

    assert "This link no longer opens your journey" in page
    assert "q•••@example.org" in page
    assert "Hello, Quentin" not in page
    response = http.post(reverse("portal:fresh_link"))
    assert "A fresh link is on its way" in response.content.decode()
    fresh = Nudge.objects.filter(kind=NudgeKind.PORTAL_LINK).latest("created_at")
    assert fresh.to_address == "quentin@example.org"
    assert HttpClient().get(link_url_in(fresh), follow=True).status_code == 200


def test_a_revoked_link_opens_nothing(cast: Cast, as_coach: HttpClient) -> None:
    http = open_portal(cast)
    link = PortalLink.objects.get()

    as_coach.post(
        reverse("portal:link_revoke", args=[cast.client.public_id]), {"link": link.public_id}
    )

    page = http.get(reverse("portal:home")).content.decode()
    assert "This link no longer opens your journey" in page
    assert http.post(reverse("portal:check_in_save", args=[link.public_id])).status_code == 403


def test_revoking_closes_the_links_in_reminder_messages_too(
    cast: Cast, as_coach: HttpClient
) -> None:
    shown = PortalLink.objects.get(pk=open_portal(cast).session["portal_link"])
    in_a_reminder = portal_link_for_message(client=cast.client)

    as_coach.post(
        reverse("portal:link_revoke", args=[cast.client.public_id]), {"link": shown.public_id}
    )

    reminder_reader = HttpClient()
    reminder_reader.get(urlsplit(in_a_reminder.url).path)
    page = reminder_reader.get(reverse("portal:home")).content.decode()
    assert "This link no longer opens your journey" in page


def test_revoking_twice_says_it_is_already_revoked(cast: Cast, as_coach: HttpClient) -> None:
    send_link(cast)
    link = PortalLink.objects.get()
    url = reverse("portal:link_revoke", args=[cast.client.public_id])

    as_coach.post(url, {"link": link.public_id})
    second = as_coach.post(url, {"link": link.public_id}, follow=True)

    assert "This link is already revoked" in second.content.decode()


def test_a_fresh_link_cannot_be_sent_to_another_address(cast: Cast, clock: Any) -> None:
    http = expired_link_opened(cast, clock)

    http.post(reverse("portal:fresh_link"), {"email": "mallory@example.com", "to": "x@y.z"})

    assert set(Nudge.objects.values_list("to_address", flat=True)) == {"quentin@example.org"}


def test_fresh_links_are_limited_to_three_an_hour(cast: Cast, clock: Any) -> None:
    old = expired_link_opened(cast, clock)
    for _ in range(3):
        assert old.post(reverse("portal:fresh_link")).status_code == 200
        # Each fresh link is opened, and then it too is out of date (revoked by the coach).
        PortalLink.objects.update(revoked_at=DAY_AFTER + timedelta(days=15))
        clock.shift(timedelta(minutes=5))

    refused = old.post(reverse("portal:fresh_link"))

    assert refused.status_code == 429
    assert "You have asked for 3 links in the last hour" in refused.content.decode()
    assert PortalLink.objects.filter(requested_by_client=True).count() == 3
    clock.shift(timedelta(hours=1))
    assert old.post(reverse("portal:fresh_link")).status_code == 200


def test_asking_twice_for_a_fresh_link_sends_one(cast: Cast, clock: Any) -> None:
    http = expired_link_opened(cast, clock)

    http.post(reverse("portal:fresh_link"))
    second = http.post(reverse("portal:fresh_link"))

    assert "A newer link is already on its way" in second.content.decode()
    assert PortalLink.objects.filter(requested_by_client=True).count() == 1


def test_revoking_with_a_forged_form_changes_nothing(cast: Cast, as_coach: HttpClient) -> None:
    send_link(cast)
    url = reverse("portal:link_revoke", args=[cast.client.public_id])

    for forged in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", ""):
        response = as_coach.post(url, {"link": forged}, follow=True)
        assert response.status_code == 200

    assert PortalLink.objects.get().revoked_at is None


def test_sending_twice_from_the_same_page_sends_one_link(cast: Cast, as_coach: HttpClient) -> None:
    send_from_page(as_coach, cast)
    second = send_from_page(as_coach, cast)

    assert "no second link was sent" in second.content.decode()
    assert Nudge.objects.filter(kind=NudgeKind.PORTAL_LINK).count() == 1


def test_a_new_link_replaces_the_old_one(cast: Cast, as_coach: HttpClient) -> None:
    old = open_portal(cast)
    current = PortalLink.objects.get()

    send_from_page(as_coach, cast, from_link=str(current.public_id))

    assert "This link no longer opens" in old.get(reverse("portal:home")).content.decode()
    assert PortalLink.objects.filter(revoked_at=None).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_make_one_link(cast: Cast) -> None:
    outcomes = in_two_threads(
        lambda: portal_link_send(
            client=cast.client, sent_by=cast.coach, from_link="", site_url="http://testserver/"
        )
    )
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert PortalLink.objects.count() == 1
    assert Nudge.objects.count() == 1


def test_the_client_page_offers_send_and_revoke(cast: Cast, as_coach: HttpClient) -> None:
    assert "Send portal link" in as_coach.get(client_page(cast)).content.decode()
    send_link(cast)
    page = as_coach.get(client_page(cast)).content.decode()
    assert "Revoke portal link" in page
    assert "works until 22 September 2026" in page


def test_another_practice_cannot_send_a_link(cast: Cast, as_outsider: HttpClient) -> None:
    url = reverse("portal:link_send", args=[cast.client.public_id])
    assert as_outsider.post(url).status_code == 404
    assert not PortalLink.objects.exists()


def test_the_mentor_cannot_send_a_link(cast: Cast) -> None:
    url = reverse("portal:link_send", args=[cast.client.public_id])
    assert signed_in(cast.mentor).post(url).status_code == 403
