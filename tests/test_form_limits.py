"""Every free-text field has a limit the form states and the database enforces, and bytes that
are not UTF-8 are refused with a message instead of being kept with the damage."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

from django import forms
from django.test import Client as HttpClient

import arcwise
from arcwise.forms_common import SafeTextForm
from arcwise.journeys.models import Session
from arcwise.journeys.text_limits import SESSION_NOTES_LIMIT
from tests.conftest import Cast
from tests.journeys.factories import make_journey
from tests.journeys.pages import journey_url


def _every_form() -> Iterator[Any]:
    for module in pkgutil.walk_packages(arcwise.__path__, "arcwise."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    seen: set[type] = set()
    waiting: list[type] = [forms.BaseForm]
    while waiting:
        sub: type
        for sub in waiting.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                waiting.append(sub)
    yield from (form for form in seen if form.__module__.startswith("arcwise."))


def test_every_text_field_of_every_form_has_a_limit() -> None:
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _every_form()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.UUIDField)  # a fixed shape, checked as such
        and not isinstance(field.widget, forms.PasswordInput)
        and field.max_length is None
    ]
    assert unlimited == []


def test_every_form_is_a_safe_text_form_or_has_no_text() -> None:
    unchecked = [
        f"{form.__module__}.{form.__name__}"
        for form in _every_form()
        if not issubclass(form, SafeTextForm)
        and not issubclass(form, forms.BaseFormSet)
        and any(isinstance(f, forms.CharField) for f in form.base_fields.values())
    ]
    assert unchecked == []


def _record_url(cast: Cast, name: str = "session_record") -> tuple[str, Session]:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert session is not None
    return journey_url(name, journey, session_id=session.public_id), session


def test_the_notes_box_states_its_limit(cast: Cast, as_coach: HttpClient) -> None:
    url, _ = _record_url(cast, "session")
    page = as_coach.get(url).content.decode()
    assert f"Up to {SESSION_NOTES_LIMIT:,} characters." in page
    assert f'maxlength="{SESSION_NOTES_LIMIT}"' in page


def test_notes_over_the_limit_are_refused_naming_the_limit(
    cast: Cast, as_coach: HttpClient
) -> None:
    url, session = _record_url(cast)
    record = {"notes": "x" * (1024 * 1024), "key_insights": "", "agreements": ""}

    response = as_coach.post(url, {**record, "record_version": "1"})

    assert response.status_code == 400
    body = response.content.decode()
    assert f"at most {SESSION_NOTES_LIMIT:,}" in body.replace("20000", "20,000")
    assert Session.objects.get(pk=session.pk).notes == ""


def test_bytes_that_are_not_utf8_are_refused_with_a_message(
    cast: Cast, as_coach: HttpClient
) -> None:
    url, session = _record_url(cast)
    body = b"notes=Caf%E9+au+lait&key_insights=&agreements=&record_version=1"

    response = as_coach.post(url, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert Session.objects.get(pk=session.pk).notes == ""
