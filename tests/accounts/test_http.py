from typing import Any

from django.test import RequestFactory

from arcwise.accounts.http import client_address


def test_without_a_proxy_the_connecting_address_is_used(settings: Any) -> None:
    settings.CLIENT_ADDRESS_HEADER = ""
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_address(request) == "203.0.113.5"


def test_behind_a_proxy_the_address_it_appended_is_used(settings: Any) -> None:
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23"
    )

    assert client_address(request) == "198.51.100.23"


def test_a_garbled_header_falls_back_to_the_connecting_address(settings: Any) -> None:
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="unknown")

    assert client_address(request) == "10.0.0.2"
