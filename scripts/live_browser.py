"""The live checks' browser (scripts/live_site.py has the rest): plain HTTP to gunicorn as the
TLS proxy in front of it would speak it, with the Host the site is served on,
`X-Forwarded-Proto: https` and `X-Forwarded-For`, keeping its own cookies (Secure ones
too, which a cookie jar would not send over plain HTTP).
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

HOST = "arcwise.test"  # the one name in ALLOWED_HOSTS
ORIGIN = f"https://{HOST}"


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str:
        return ", ".join(v for k, v in self.headers if k.lower() == name.lower())

    def set_cookies(self) -> dict[str, str]:
        """Each cookie this response set, by name: its whole Set-Cookie line."""
        lines = [v for k, v in self.headers if k.lower() == "set-cookie"]
        return {line.split("=", 1)[0].strip(): line for line in lines}

    @property
    def location(self) -> str:
        return self.header("Location")

    def csrf_token(self) -> str:
        found = CSRF_FIELD.search(self.body)
        assert found, f"no CSRF token in the page (status {self.status})"
        return found.group(1)


@dataclass
class Browser:
    """One person's browser behind the TLS proxy: it keeps its cookies, Secure ones too
    (the proxy's connection to the browser is HTTPS, so a real browser would send them)."""

    port: int
    address: str = "203.0.113.10"  # the person's own address, as the proxy reports it
    cookies: dict[str, str] = field(default_factory=dict)
    proxy: bool = True  # False: a request that did not come through the TLS proxy

    def request(
        self,
        method: str,
        path: str,
        *,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        port: int | None = None,
    ) -> Response:
        sent = {"Host": HOST, "User-Agent": "arcwise-live-check"}
        if self.proxy:
            sent.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": self.address})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            sent.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": ORIGIN,
                    "Referer": ORIGIN + path,
                }
            )
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(
                raw.status, raw.getheaders(), raw.read().decode("utf-8", errors="replace")
            )
        finally:
            connection.close()
        self.keep_cookies(response)
        return response

    def keep_cookies(self, response: Response) -> None:
        for line in response.set_cookies().values():
            jar: SimpleCookie = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: Mapping[str, str], **kwargs: Any) -> Response:
        """POST `data` with the CSRF token this browser's cookie holds, as a form would."""
        return self.request(
            "POST", path, data={"csrfmiddlewaretoken": self.csrf(), **data}, **kwargs
        )

    def csrf(self) -> str:
        token = self.cookies.get("csrftoken")
        assert token, "no CSRF cookie yet: open a page with a form first"
        return token

    def sign_in(self, email_address: str, password: str, port: int | None = None) -> Response:
        form = self.get("/sign-in/", port=port)
        assert form.status == 200, f"the sign-in page answered {form.status}"
        return self.post("/sign-in/", {"email": email_address, "password": password}, port=port)
