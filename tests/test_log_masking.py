"""No log holds a secret from an address: every URL with a token in its route is masked, a
real request through runserver's request handler is logged masked, the portal's link is
exchanged for a session at once, and gunicorn's access log gets the same filter."""

from __future__ import annotations

import http.client
import logging
import runpy
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.urls import reverse
from gunicorn.config import AccessLogFormat
from gunicorn.glogging import SafeAtoms

from arcwise.log_masking import MASK, MaskTokens, mask_secrets
from arcwise.portal.models import PortalLink
from tests.conftest import Cast
from tests.portal.helpers import send_link
from tests.test_url_walk import ALL_URLS

SECRET_PARAMS = frozenset({"token", "secret", "uidb64"})
SECRET_URLS = [(name, params) for name, params in ALL_URLS if SECRET_PARAMS & set(params)]
ROOT = Path(__file__).resolve().parents[1]


def secret_url(name: str, params: tuple[str, ...]) -> tuple[str, list[str]]:
    values = {param: f"Sec{param}Q7x-_9" for param in params}
    return reverse(name, kwargs=values), list(values.values())


def test_the_walk_finds_the_addresses_that_carry_secrets() -> None:
    names = {name for name, _ in SECRET_URLS}
    assert {
        "portal:enter",
        "accounts:invitation",
        "accounts:password_reset_confirm",
        "calendar:coach_feed",
        "nudges:unsubscribe",
    } <= names


@pytest.mark.parametrize(("name", "params"), SECRET_URLS, ids=[name for name, _ in SECRET_URLS])
def test_every_address_with_a_secret_is_logged_masked(name: str, params: tuple[str, ...]) -> None:
    url, secrets = secret_url(name, params)
    line = f'"GET {url}?utm=x HTTP/1.1" 302 0 "https://arcwise.example{url}"'

    masked = mask_secrets(line)

    assert MASK in masked, f"add {url} to arcwise/log_masking.py"
    assert not [secret for secret in secrets if secret in masked], masked
    assert mask_secrets(masked) == masked


@pytest.mark.parametrize(
    "path",
    [
        "/password-reset/sent/",
        "/password-reset/complete/",
        "/calendar/reset/",
        "/practice/invitations/6e98b91a-5a0a-422a-85cf-07ff6950d1d0/revoke/",
        "/portal/",
        "/journeys/6e98b91a-5a0a-422a-85cf-07ff6950d1d0/",
    ],
)
def test_addresses_without_a_secret_are_left_as_they_are(path: str) -> None:
    assert mask_secrets(f"GET {path} HTTP/1.1") == f"GET {path} HTTP/1.1"


@pytest.mark.parametrize(("name", "params"), SECRET_URLS, ids=[name for name, _ in SECRET_URLS])
def test_an_address_with_a_secret_is_masked_percent_encoded_in_a_query(
    name: str, params: tuple[str, ...]
) -> None:
    url, secrets = secret_url(name, params)
    line = f"GET /sign-in/?next={quote(url, safe='')} HTTP/1.1"

    masked = mask_secrets(line)

    assert MASK in masked, masked
    assert not [secret for secret in secrets if quote(secret, safe="") in masked], masked


def test_the_reset_link_after_the_exchange_keeps_saying_what_it_is() -> None:
    exchanged = "/password-reset/MQ/set-password/"
    assert mask_secrets(exchanged) == "/password-reset/[token]/set-password/"
    assert mask_secrets("/password-reset/MQ/cb1-9f2e/") == "/password-reset/[token]/[token]/"


class Kept(logging.Handler):
    """The records a logger hands its handlers, as they would be written."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def logged() -> Iterator[dict[str, Kept]]:
    kept = {name: Kept() for name in ("django.server", "django.request")}
    for name, handler in kept.items():
        logging.getLogger(name).addHandler(handler)
    yield kept
    for name, handler in kept.items():
        logging.getLogger(name).removeHandler(handler)


@pytest.fixture
def runserver() -> Iterator[int]:
    """runserver's own server and request handler, serving Arcwise on a free port."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.django_db(transaction=True)
def test_a_portal_link_is_exchanged_and_its_token_never_logged(
    cast: Cast, runserver: int, logged: dict[str, Kept]
) -> None:
    url = send_link(cast).removeprefix("http://testserver")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert PortalLink.objects.count() == 1

    opened = get(runserver, url)
    unknown = get(runserver, reverse("portal:enter", args=["not-a-token-Zq9"]))

    assert opened.status == 302
    assert opened.getheader("Location") == reverse("portal:home")
    assert unknown.status == 404
    server_lines = logged["django.server"].lines
    assert any(f"GET /portal/open/{MASK}/ HTTP/1.1" in line for line in server_lines)
    assert f"Not Found: /portal/open/{MASK}/" in logged["django.request"].lines
    everything = "\n".join(server_lines + logged["django.request"].lines)
    assert token not in everything
    assert "not-a-token-Zq9" not in everything


def test_gunicorns_access_log_is_masked_by_the_same_filter() -> None:
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["logconfig_dict"]
    assert config["filters"]["mask_tokens"]["()"] == "arcwise.log_masking.MaskTokens"
    for logger in ("gunicorn.access", "gunicorn.error"):
        assert config["loggers"][logger]["filters"] == ["mask_tokens"]
    atoms = SafeAtoms(
        {
            "h": "127.0.0.1",
            "r": "GET /calendar/Cal5ecret/sessions.ics HTTP/1.1",
            "U": "/invitations/Inv5ecret/",
            "s": "200",
            "f": "https://arcwise.example/portal/open/P0rtal5ecret/",
            "a": "curl",
        }
    )
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, AccessLogFormat.default, (atoms,), None
    )

    assert MaskTokens().filter(record)

    line = record.getMessage()
    assert "5ecret" not in line
    assert f"/calendar/{MASK}/sessions.ics" in line
    assert f"/portal/open/{MASK}/" in line
    assert '" 200 - "' in line  # an atom gunicorn did not give still answers "-"
