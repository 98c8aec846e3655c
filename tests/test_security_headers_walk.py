"""Every response that may carry personal data says `Cache-Control: no-store`: every URL of
the walk in tests/test_url_walk.py, asked for by the person it is for (the row's coach, the
owner, the mentor, a visitor, or the client through their portal link)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client as HttpClient
from django.urls import reverse

from tests.conftest import Cast, signed_in
from tests.test_url_walk import ACCESS, ALL_URLS, IN, ROLES, SAMPLES, Scene

# Whom each URL is for: the first of these whose line in ACCESS lets them in.
RIGHTFUL = ("coach", "owner", "mentor", "anonymous")


def rightful_role(name: str) -> str | None:
    """The role the URL answers with a page or a redirect other than to sign in; None when
    it lets nobody in (the client's portal, reached by their link instead)."""
    statuses = dict(zip(ROLES, ACCESS[name].statuses, strict=True))
    return next(
        (role for role in RIGHTFUL if statuses[role] != IN and int(statuses[role]) < 403), None
    )


def visitor(scene: Scene, name: str) -> tuple[HttpClient, str]:
    role = rightful_role(name)
    if role is None:
        # The client: their portal link, exchanged for a portal session.
        http = HttpClient()
        http.get(reverse("portal:enter", kwargs={"token": scene.portal_token}))
        return http, "the client"
    person = scene.people[role]
    return (signed_in(person) if person else HttpClient()), role


@pytest.fixture
def scene(cast: Cast) -> Scene:
    return Scene(cast)


@pytest.mark.parametrize(("name", "params"), ALL_URLS, ids=[name for name, _ in ALL_URLS])
def test_every_response_to_its_rightful_visitor_says_no_store(
    scene: Scene, name: str, params: tuple[str, ...]
) -> None:
    expect = ACCESS[name]  # a URL missing here fails in test_url_walk.py, saying what to add
    kwargs = {p: (expect.samples.get(p) or SAMPLES[p])(scene) for p in params}
    url = reverse(name, kwargs=kwargs)
    http, who = visitor(scene, name)

    with transaction.atomic():
        response: HttpResponseBase = http.get(url) if expect.method == "GET" else http.post(url)
        transaction.set_rollback(True)

    assert "no-store" in response.get("Cache-Control", ""), (
        f"{name} ({url}), asked for by {who}, answered {response.status_code} without "
        f"Cache-Control: no-store (it says {response.get('Cache-Control')!r})"
    )
