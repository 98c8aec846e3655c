"""Writing to the outbox is idempotent: the same message planned twice is one row."""

from __future__ import annotations

import pytest
from django.db import transaction

from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from tests.conftest import Cast
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db


def reminder(cast: Cast, subject: str = "Your session tomorrow") -> Nudge:
    return enqueue(
        dedupe_key="session-reminder:abc",
        kind=NudgeKind.SESSION_REMINDER,
        to=cast.client.email,
        subject=subject,
        body="See you at 10:00.",
        practice=cast.practice,
        client=cast.client,
    )


def test_the_same_message_planned_twice_is_one_row(cast: Cast) -> None:
    first = reminder(cast)
    second = reminder(cast, subject="Planned again")

    assert first.pk == second.pk
    assert Nudge.objects.get().subject == "Your session tomorrow"
    assert first.state() == "waiting"


def test_a_message_rolls_back_with_the_change_that_caused_it(cast: Cast) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            reminder(cast)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert not Nudge.objects.exists()


def test_an_empty_or_overlong_key_is_refused(cast: Cast) -> None:
    for key in ("", "k" * 201):
        with pytest.raises(ValueError, match="dedupe key"):
            enqueue(
                dedupe_key=key,
                kind=NudgeKind.COACH_ALERT,
                to="a@example.com",
                subject="s",
                body="b",
            )
    assert not Nudge.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_message_planned_from_two_threads_is_one_row(cast: Cast) -> None:
    outcomes = in_two_threads(lambda: reminder(cast).pk)

    assert all(not isinstance(o, Exception) for o in outcomes)
    assert len(set(outcomes)) == 1
    assert Nudge.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ({"Message-ID": "<mine@example.org>"}, "sets the Message-ID header itself"),
        ({"subject": "Other"}, "sets the subject header itself"),
        ({"List-Unsubscribe": "<https://x>\r\nBcc: all@example.org"}, "one-line value"),
        ({"List Unsubscribe": "<https://x>"}, "plain name"),
    ],
)
def test_headers_the_sender_owns_or_that_would_break_the_message_are_refused(
    headers: dict[str, str], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        enqueue(
            dedupe_key="k",
            kind=NudgeKind.COACH_ALERT,
            to="a@example.com",
            subject="s",
            body="b",
            headers=headers,
        )
