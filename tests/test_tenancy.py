"""Every URL of the app, requested by someone of another practice, shows nothing of this one.

The list of URLs is read from the URL configuration, so a URL added by a later change is
walked too; a URL with a parameter this file has no sample for fails the test until one is
added below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from arcwise.accounts.models import Invitation, Membership, Role
from arcwise.clients.models import Client
from arcwise.designs.models import Design, Phase, Visibility
from arcwise.designs.services import design_create
from arcwise.designs.spec import DesignSpec, PhaseSpec
from arcwise.journeys.models import Experiment, Journey, Session
from tests.conftest import Cast
from tests.journeys.factories import START, make_journey

# Reached without signing in, or by a secret in the link rather than by membership.
PUBLIC_URLS = {
    "home": "landing page",
    "accounts:sign_up": "anyone may start a practice",
    "accounts:sign_in": "the sign-in form",
    "accounts:sign_out": "ends whatever session sends it",
    "accounts:password_reset": "asks by e-mail address, reveals nothing",
    "accounts:password_reset_sent": "static text",
    "accounts:password_reset_confirm": "the secret is the signed token in the link",
    "accounts:password_reset_complete": "static text",
    "accounts:invitation": "the secret is the token in the link",
}


def victims_design(cast: Cast) -> Design:
    """A design of the victim practice, shared with its practice, with a draft phase."""
    found = Design.objects.filter(practice=cast.practice).first()
    if found is not None:
        return found
    spec = DesignSpec(
        name="Harbour arc",
        phases=(
            PhaseSpec(
                key="orient", name="Orient", intent="Arrive.", planned_weeks=2, planned_sessions=1
            ),
        ),
    )
    return design_create(
        practice=cast.practice, owner=cast.owner, spec=spec, visibility=Visibility.PRACTICE
    )


def victims_journey(cast: Cast) -> Journey:
    """A running journey of the victim practice's coach, with an agreed experiment."""
    found = Journey.objects.filter(practice=cast.practice).first()
    if found is not None:
        return found
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None
    Experiment.objects.create(
        journey=journey, session=session, title="Say no", what_to_try="Once", by_when=START
    )
    return journey


# For each URL parameter: a row of the victim practice to point it at.
SAMPLES: dict[str, Callable[[Cast], Any]] = {
    "client_id": lambda cast: cast.client.public_id,
    "practice_id": lambda cast: cast.practice.public_id,
    "member_id": lambda cast: Membership.objects.get(user=cast.coach).public_id,
    "design_id": lambda cast: victims_design(cast).public_id,
    "number": lambda cast: 1,
    "phase_id": lambda cast: Phase.objects.get(version__design=victims_design(cast)).public_id,
    "journey_id": lambda cast: victims_journey(cast).public_id,
    "session_id": lambda cast: Session.objects.filter(journey=victims_journey(cast))[0].public_id,
    "experiment_id": lambda cast: Experiment.objects.get(journey=victims_journey(cast)).public_id,
    "kind": lambda cast: "pause",
    "invitation_id": lambda cast: (
        Invitation.objects.create(
            practice=cast.practice,
            email="invitee@example.com",
            role=Role.COACH,
            token_hash="0" * 64,
            invited_by=cast.owner,
            expires_at=timezone.now() + timedelta(days=3),
        ).public_id
    ),
}


def walk(
    patterns: list[Any], namespace: str = "", params: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...]]]:
    for pattern in patterns:
        inherited = params + tuple(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace or ""
            yield from walk(pattern.url_patterns, inner or namespace, inherited)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), inherited


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)))
PRIVATE_URLS = [(name, params) for name, params in ALL_URLS if name not in PUBLIC_URLS]


def test_the_walk_finds_the_urls_of_every_app() -> None:
    names = {name for name, _ in ALL_URLS}
    assert {"clients:list", "clients:edit", "accounts:practice", "accounts:sign_in"} <= names


def test_every_url_parameter_has_a_sample() -> None:
    missing = {param for _, params in PRIVATE_URLS for param in params} - set(SAMPLES)
    assert not missing, f"add a sample row for URL parameters {sorted(missing)} to SAMPLES"


def _request(http: HttpClient, url: str) -> int:
    status = http.get(url).status_code
    if status == 405:  # an action: it only answers POST
        status = http.post(url, {"name": "Changed", "email": "changed@example.org"}).status_code
    return status


@pytest.mark.parametrize(
    ("name", "params"), [url for url in PRIVATE_URLS if url[1]], ids=lambda value: str(value)
)
def test_another_practice_gets_404_for_every_row_url(
    cast: Cast, as_outsider: HttpClient, name: str, params: tuple[str, ...]
) -> None:
    kwargs = {param: SAMPLES[param](cast) for param in params}
    url = reverse(name, kwargs=kwargs)

    assert _request(as_outsider, url) == 404, url

    cast.client.refresh_from_db()
    assert cast.client.name == "Quentin Confidential"
    assert cast.client.archived_at is None
    assert Membership.objects.get(user=cast.coach).role == Role.COACH
    assert Phase.objects.filter(version__design__practice=cast.practice).count() <= 3
    assert not Journey.objects.filter(practice=cast.practice).exclude(status="active").exists()


@pytest.mark.parametrize("name", [name for name, params in PRIVATE_URLS if not params])
def test_another_practice_sees_nothing_of_this_one_on_list_pages(
    cast: Cast, as_outsider: HttpClient, name: str
) -> None:
    response = as_outsider.get(reverse(name), follow=True)

    body = response.content.decode()
    victims_design(cast)
    victims_journey(cast)
    secrets = (cast.client.name, cast.client.email, cast.owner.email, cast.practice.name)
    for secret in (*secrets, "Harbour arc"):
        assert secret not in body, f"{name} shows {secret!r} to another practice"


def test_rows_of_another_practice_are_untouched_by_its_posts(
    cast: Cast, as_outsider: HttpClient
) -> None:
    as_outsider.post(reverse("clients:archive", args=[cast.client.public_id]))

    assert Client.objects.get(pk=cast.client.pk).archived_at is None
