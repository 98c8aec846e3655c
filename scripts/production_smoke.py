"""Production smoke test: Arcwise set up as docs/deployment.md says, checked over real HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arcwise \
        .venv/bin/python scripts/production_smoke.py

DATABASE_URL names a PostgreSQL server this user may create databases on; the test drops and
creates its own database there (arcwise_smoke) and leaves the one named alone. `.ci/run` runs
it after the PostgreSQL suite.

With DEBUG off, a fresh SECRET_KEY and encryption key, ALLOWED_HOSTS, BEHIND_TLS_PROXY and
SMTP to a server of its own, it runs `migrate`, `collectstatic` and `check --deploy`, makes
a practice, then starts gunicorn (two workers) and `run_nudges --loop`, and checks as a
browser behind the TLS proxy would see it: the redirect to HTTPS, signing in, a client's
page, a journey's page, the client's portal through the link the sender e-mailed, an API
call with a token, a static file, the security headers, an unknown host and error pages.
Each check prints PASS or FAIL; any FAIL exits 1.

A new check is one function taking the `Site` and returning a line to print, and one line in
CHECKS; what it needs made beforehand is made by scripts/live_setup.py (as the API token is).
"""

from __future__ import annotations

import json
import re
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from live_browser import HOST, Browser, Response
from live_site import (
    Processes,
    Report,
    Sink,
    database_server,
    fresh_database,
    manage,
    production_environment,
    running,
    setup,
)

DATABASE = "arcwise_smoke"
CSS = re.compile(r'href="(/static/[^"]+\.css)"')
DEBUG_PAGE_WORDS = ("Traceback", "DEBUG = True", "django.core", "settings.py")


@dataclass
class Site:
    """What the checks share: the running site and what was set up in it."""

    port: int
    sink: Sink
    processes: Processes
    coach_email: str
    coach_password: str
    client: dict[str, Any]
    api_token: str
    coach: Browser = field(init=False)

    def __post_init__(self) -> None:
        self.coach = Browser(self.port)


# --- Headers every response with personal data carries -----------------------------------


def security_headers_of(response: Response, *, personal: bool = True) -> None:
    """The headers of every page; a static file (not `personal`) may be cached, and is
    answered by WhiteNoise before the middleware that sets X-Frame-Options: a stylesheet
    framed shows nothing."""
    expected = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
    if personal:
        expected["X-Frame-Options"] = "DENY"
    for name, value in expected.items():
        assert response.header(name) == value, f"{name} is {response.header(name)!r}"
    hsts = response.header("Strict-Transport-Security")
    assert "max-age=31536000" in hsts, f"HSTS is {hsts!r}"
    assert "includeSubDomains" in hsts, f"HSTS is {hsts!r}"
    csp = response.header("Content-Security-Policy")
    assert "default-src 'self'" in csp, f"CSP is {csp!r}"
    assert "frame-ancestors 'none'" in csp, f"CSP is {csp!r}"
    assert response.header("Permissions-Policy"), "no Permissions-Policy"
    if personal:
        cache = response.header("Cache-Control")
        assert "no-store" in cache, f"Cache-Control is {cache!r}"


def page(browser: Browser, path: str, *words: str) -> Response:
    """GET `path`: 200, with the security headers and every one of `words`."""
    response = browser.get(path)
    assert response.status == 200, f"{path} answered {response.status} {response.location}"
    security_headers_of(response)
    for word in words:
        assert word in response.body, f"{path} does not show {word!r}"
    return response


# --- The checks, in order -------------------------------------------------------------------


def redirect_to_https(site: Site) -> str:
    response = Browser(site.port, proxy=False).get("/sign-in/")
    assert response.status == 301, f"answered {response.status}, not a redirect"
    assert response.location == f"https://{HOST}/sign-in/", f"to {response.location!r}"
    return f"301 to {response.location}"


def sign_in(site: Site) -> str:
    form = site.coach.get("/sign-in/")
    assert form.status == 200, f"the sign-in page answered {form.status}"
    security_headers_of(form)
    csrf_cookie = form.set_cookies().get("csrftoken", "")
    assert "Secure" in csrf_cookie, f"CSRF cookie not Secure: {csrf_cookie!r}"
    answer = site.coach.post(
        "/sign-in/",
        {
            "csrfmiddlewaretoken": form.csrf_token(),
            "email": site.coach_email,
            "password": site.coach_password,
        },
    )
    assert answer.status == 302, f"sign-in answered {answer.status}: {answer.body[:300]}"
    session = answer.set_cookies().get("sessionid", "")
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert attribute in session, f"session cookie lacks {attribute}: {session!r}"
    return "302 home; session cookie Secure, HttpOnly, SameSite=Lax; CSRF cookie Secure"


def client_page(site: Site) -> str:
    page(site.coach, site.client["page"], "Client 000", site.client["email"])
    return "200, no-store"


def journey_page(site: Site) -> str:
    response = page(site.coach, site.client["journey"], '<figure class="journey-map"', "jm-chart")
    return f"200 with the journey map, {len(response.body) // 1024} KiB"


def portal_through_emailed_link(site: Site) -> str:
    sent = site.coach.post(site.client["link_send"], {"from_link": ""})
    assert sent.status == 302, f"sending the link answered {sent.status}"
    link = site.sink.portal_link_to(site.client["email"])
    client = Browser(site.port, address="198.51.100.7")
    opened = client.get(link)
    assert opened.status == 302, f"the link answered {opened.status}"
    assert "Secure" in opened.set_cookies().get("sessionid", ""), "portal session not Secure"
    page(client, opened.location.removeprefix(f"https://{HOST}"), "Client 000")
    return f"e-mailed to {site.client['email']} through SMTP; the link opened the portal"


def api_call(site: Site) -> str:
    """A tool's call: no cookie, the owner's token, JSON back with the headers of a page."""
    tool = Browser(site.port)
    path = "/api/v1/journeys"
    response = tool.get(path, headers={"Authorization": f"Bearer {site.api_token}"})
    assert response.status == 200, f"{path} answered {response.status}: {response.body[:300]}"
    assert response.header("Content-Type").startswith("application/json"), "not JSON"
    security_headers_of(response)
    listed = json.loads(response.body)
    assert listed["count"] == 1, f"{path} lists {listed['count']} journeys, not the one made"
    made_up = tool.get(path, headers={"Authorization": "Bearer arc_00000000_made-up"})
    assert made_up.status == 401, f"a made-up token got {made_up.status}"
    assert json.loads(made_up.body)["error"]["code"] == "not_signed_in", made_up.body[:300]
    return f"200 JSON listing {listed['count']} journey, no-store; a made-up token 401"


def static_file(site: Site) -> str:
    sign_in_page = Browser(site.port).get("/sign-in/")
    found = CSS.search(sign_in_page.body)
    assert found, "the sign-in page links no stylesheet"
    response = Browser(site.port).get(found.group(1))
    assert response.status == 200, f"{found.group(1)} answered {response.status}"
    assert response.header("Content-Type").startswith("text/css"), response.header("Content-Type")
    cache = response.header("Cache-Control")
    age = re.search(r"max-age=(\d+)", cache)
    assert age, f"Cache-Control is {cache!r}"
    assert int(age.group(1)) >= 365 * 24 * 3600, f"Cache-Control is {cache!r}"
    assert "immutable" in cache, f"Cache-Control is {cache!r}"
    security_headers_of(response, personal=False)
    return f"{found.group(1)}: {cache}"


def unknown_host(site: Site) -> str:
    response = Browser(site.port).get("/sign-in/", headers={"Host": "attacker.example"})
    assert response.status == 400, f"answered {response.status}"
    no_debug_details(response)
    return "400, no details"


def error_pages(site: Site) -> str:
    """A page that is not there, and a form too big to read: with DEBUG on, the second is
    Django's technical page with the traceback and the settings."""
    missing = site.coach.get("/clients/00000000-0000-0000-0000-000000000000/")
    assert missing.status == 404, f"a missing client answered {missing.status}"
    no_debug_details(missing)
    security_headers_of(missing)
    too_many = {f"field{n}": "x" for n in range(1500)}  # above DATA_UPLOAD_MAX_NUMBER_FIELDS
    refused = site.coach.post(site.client["link_send"], too_many)
    assert refused.status == 400, f"a form of 1,500 fields answered {refused.status}"
    no_debug_details(refused)
    return "404 and 400 pages, no traceback"


def no_debug_details(response: Response) -> None:
    shown = [word for word in DEBUG_PAGE_WORDS if word in response.body]
    assert not shown, f"the error page shows {shown}"


def processes_still_running(site: Site) -> str:
    ended = site.processes.all_running()
    assert ended is None, f"ended early: {ended}"
    return "gunicorn and the sender ran throughout"


CHECKS: list[Callable[[Site], str]] = [
    redirect_to_https,
    sign_in,
    client_page,
    journey_page,
    portal_through_emailed_link,
    api_call,
    static_file,
    unknown_host,
    error_pages,
    processes_still_running,
]


def main() -> int:
    server = database_server()
    started = time.monotonic()
    report = Report()
    with Sink() as sink:
        environment = production_environment(fresh_database(server, DATABASE), sink.port)
        report.check("migrate", lambda: manage(environment, "migrate", "--noinput") and None)
        report.check(
            "collectstatic",
            lambda: manage(environment, "collectstatic", "--noinput").strip().splitlines()[-1],
        )
        report.check(
            "check --deploy",
            lambda: manage(environment, "check", "--deploy", "--fail-level", "WARNING").strip(),
        )
        password = secrets.token_urlsafe(16)
        made = setup(environment, "practice", "coach@smoke.test", password, "1")
        with running(environment) as processes:
            processes.sender("sender")
            site = Site(
                port=processes.web("web"),
                sink=sink,
                processes=processes,
                coach_email="coach@smoke.test",
                coach_password=password,
                client=made["clients"][0],
                api_token=made["api_token"],
            )
            for check in CHECKS:
                report.check(check.__name__.replace("_", " "), partial(check, site))
            if report.failed:
                print(f"Logs of the processes: {processes.logs}")
    return report.finish(started)


if __name__ == "__main__":
    sys.exit(main())
