"""The live checks' browser (scripts/live_site.py) keeps cookies as a browser behind a TLS
proxy does: a Secure cookie is sent back over the proxy's plain HTTP, a deleted one is not,
and every request carries the proxy's headers. Were Secure cookies dropped, the smoke test
would see every signed-in page as signed out and prove nothing."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from live_browser import HOST, Browser  # scripts/ is not a package: found by the path above

SEEN: list[dict[str, str]] = []


class Server(BaseHTTPRequestHandler):
    """Sets a Secure, HttpOnly session cookie on /in, deletes it on /out, records headers."""

    def do_GET(self) -> None:
        SEEN.append(dict(self.headers.items()))
        self.send_response(200)
        if self.path == "/in":
            self.send_header("Set-Cookie", "sessionid=abc123; HttpOnly; Path=/; Secure")
            self.send_header("Set-Cookie", "csrftoken=tok; Path=/; SameSite=Lax; Secure")
        if self.path == "/out":
            self.send_header(
                "Set-Cookie",
                'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
            )
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    SEEN.clear()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_secure_cookies_go_back_over_the_proxys_http_until_deleted(port: int) -> None:
    browser = Browser(port)
    browser.get("/in")
    browser.get("/next")
    browser.get("/out")
    browser.get("/after")
    assert "Cookie" not in SEEN[0]
    assert SEEN[1]["Cookie"] == "sessionid=abc123; csrftoken=tok"
    assert SEEN[3]["Cookie"] == "csrftoken=tok"
    assert browser.csrf() == "tok"


def test_every_request_says_it_came_through_the_tls_proxy(port: int) -> None:
    Browser(port, address="198.51.100.9").get("/")
    Browser(port, proxy=False).get("/")
    through, around = SEEN
    assert through["Host"] == HOST
    assert through["X-Forwarded-Proto"] == "https"
    assert through["X-Forwarded-For"] == "198.51.100.9"
    assert "X-Forwarded-Proto" not in around
