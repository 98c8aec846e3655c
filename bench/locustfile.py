"""The load run of `make bench`: 50 coaches of the large practice at work at once.

Each simulated coach signs in as one of the seeded coaches (by the sign-in form, with its
CSRF token) and walks their caseload, one of their journeys, its session prep and the
practice insight page, pausing a few seconds between pages as a person reading them would;
now and then their client opens the portal by a magic link. Every page is a request name
in locust's statistics.

Locust runs on gevent, so it is its own process (`locust -f bench/locustfile.py`, started
by bench/load_run.py) and imports nothing of Django's. What each coach may open comes from
the JSON file named by BENCH_LOCUST_DATA, written when the practice was seeded.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from typing import Any

from locust import HttpUser, between, task
from locust.clients import HttpSession

DATA: dict[str, Any] = json.loads(open(os.environ["BENCH_LOCUST_DATA"]).read())  # noqa: SIM115
NEXT_COACH = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Coach(HttpUser):
    # A coach reads a page before opening the next: a few seconds, not none.
    wait_time = between(3, 9)

    def on_start(self) -> None:
        coaches = DATA["coaches"]
        self.me: dict[str, str] = coaches[next(NEXT_COACH) % len(coaches)]
        form = self.client.get(DATA["sign_in"], name="sign-in form")
        found = CSRF.search(form.text)
        assert found, "no CSRF token on the sign-in page"
        with self.client.post(
            DATA["sign_in"],
            data={
                "email": self.me["email"],
                "password": DATA["password"],
                "csrfmiddlewaretoken": found.group(1),
            },
            name="sign in",
            catch_response=True,
        ) as signed:
            if "Sign out" not in signed.text and "sign-out" not in signed.text:
                signed.failure("not signed in")
        self.portal = HttpSession(
            base_url=self.host,
            request_event=self.environment.events.request,
            user=self,
        )
        self.portal_opened = False

    @task(3)
    def caseload(self) -> None:
        self.client.get(DATA["caseload"], name="caseload")

    @task(3)
    def journey(self) -> None:
        self.client.get(self.me["journey"], name="journey page")

    @task(2)
    def prep(self) -> None:
        self.client.get(self.me["prep"], name="session prep")

    @task(1)
    def insight(self) -> None:
        self.client.get(DATA["insight"], name="practice insight")

    @task(1)
    def api_journeys(self) -> None:
        """A tool of the coach's, reading their journeys with their token."""
        self.client.get(
            DATA["api_journeys"],
            name="API journey list",
            headers={"Authorization": f"Bearer {self.me['api_token']}"},
        )

    @task(2)
    def portal_page(self) -> None:
        if not self.me.get("portal_open"):
            return
        if not self.portal_opened:
            opened = self.me["portal_open"]
            self.portal.get(opened, name="portal: magic link", allow_redirects=False)
            self.portal_opened = True
        self.portal.get(DATA["portal"], name="portal page")
