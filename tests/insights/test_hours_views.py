"""The hours log's page and CSV: what a coach sees and downloads, what a bad range says, who
may ask, and the account page's way to it."""

from __future__ import annotations

import csv
import html
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.journeys.models import FeeBasis, Journey, Session, SessionStatus
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db

PAGE = reverse("insights:hours_log")
CSV = reverse("insights:hours_log_csv")
LONDON = ZoneInfo("Europe/London")  # the cast's coaches' zone


def hold(journey: Journey, *days: tuple[int, int], minutes: int = 60) -> None:
    """Hold the journey's first sessions on these (month, day)s of 2026, at ten in London."""
    planned = Session.objects.filter(journey=journey).order_by("starts_at")
    for session, (month, day) in zip(list(planned), days, strict=False):
        Session.objects.filter(pk=session.pk).update(
            status=SessionStatus.HELD,
            starts_at=datetime(2026, month, day, 10, tzinfo=LONDON),
            minutes=minutes,
        )


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def read_csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def two_journeys(cast: Cast) -> tuple[Journey, Journey]:
    paid = make_journey(cast.coach, cast.client)
    pro_bono = make_journey(
        cast.coach,
        make_client(cast.practice, name="Pia Probono", email="pia@example.org"),
        fee_basis=FeeBasis.PRO_BONO,
    )
    hold(paid, (9, 7), (9, 21), minutes=90)
    hold(pro_bono, (10, 5))
    return paid, pro_bono


def test_the_page_lists_each_journey_with_its_hours_and_totals(
    two_journeys: tuple[Journey, Journey], as_coach: HttpClient
) -> None:
    response = as_coach.get(PAGE)
    page = text(response)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Quentin Confidential" in page
    assert "quentin@example.org" in page
    assert "Pia Probono" in page
    assert "<dt>Paid hours</dt><dd>3.0</dd>" in page
    assert "<dt>Pro bono hours</dt><dd>1.0</dd>" in page
    assert "<dt>All hours</dt><dd>4.0</dd>" in page
    assert f'href="{CSV}" download' in page


def test_the_page_counts_only_the_range_asked_for(
    two_journeys: tuple[Journey, Journey], as_coach: HttpClient
) -> None:
    page = text(as_coach.get(PAGE, {"since": "2026-09-21", "until": "2026-09-30"}))

    assert "Hours from 21 September 2026 to 30 September 2026" in page
    assert "Quentin Confidential" in page
    assert "Pia Probono" not in page
    assert "<dt>Paid hours</dt><dd>1.5</dd>" in page
    assert f'href="{CSV}?since=2026-09-21&until=2026-09-30" download' in page


def test_an_empty_log_says_so_in_a_sentence(cast: Cast, as_coach: HttpClient) -> None:
    make_journey(cast.coach, cast.client)  # nothing held yet

    page = text(as_coach.get(PAGE))

    assert "You held no sessions so far, so there are no hours to log." in page
    assert "<table" not in page
    assert "Download this log" not in page


def test_the_csv_holds_the_credential_columns_and_the_totals(
    two_journeys: tuple[Journey, Journey], as_coach: HttpClient
) -> None:
    response = as_coach.get(CSV, {"since": "2026-09-01", "until": "2026-10-31"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="hours-log-2026-09-01-to-2026-10-31.csv"'
    )
    assert read_csv(response) == [
        [
            "Client name", "Client contact", "Individual or group", "First session",
            "Latest session", "Sessions held", "Paid hours", "Pro bono hours", "Agreement",
        ],
        ["Quentin Confidential", "quentin@example.org", "Individual", "2026-09-07",
         "2026-09-21", "2", "3.0", "0.0", "Paid"],
        ["Pia Probono", "pia@example.org", "Individual", "2026-10-05", "2026-10-05", "1",
         "0.0", "1.0", "Pro bono"],
        ["Total", "", "", "", "", "3", "3.0", "1.0", ""],
    ]  # fmt: skip


def test_csv_cells_a_spreadsheet_would_run_are_made_text(cast: Cast, as_coach: HttpClient) -> None:
    for n, start in enumerate(("=", "+", "-", "@", "\t", "\r")):
        client = make_client(cast.practice, name=f"{start}SUM(A1)", email=f"c{n}@example.org")
        hold(make_journey(cast.coach, client), (9, 7 + n))

    rows = read_csv(as_coach.get(CSV))

    names = [row[0] for row in rows[1:-1]]
    assert names == ["'=SUM(A1)", "'+SUM(A1)", "'-SUM(A1)", "'@SUM(A1)", "'\tSUM(A1)", "'\rSUM(A1)"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"since": "2026-13-01"}, "since", "Write the “From” date as a date, such as 2026-01-31."),
        ({"until": "tomorrow"}, "until", "Write the “To” date as a date, such as 2026-12-31."),
        ({"since": "1026-01-01"}, "since", "Check the year: 1026 is far from the years"),
        (
            {"since": "2026-10-01", "until": "2026-09-30"},
            "until",
            "The “To” date is before the “From” date (1 October 2026): choose a day on or "
            "after it.",
        ),
    ],
)
def test_a_range_that_cannot_be_read_says_which_date_and_why(
    two_journeys: tuple[Journey, Journey],
    as_coach: HttpClient,
    query: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = as_coach.get(PAGE, query)
    page = text(response)

    label = {"since": "From", "until": "To"}[field]
    assert response.status_code == 400
    assert f'<a href="#id_{field}">{label}</a>: {message}' in page
    assert "Quentin Confidential" not in page  # no log of some other range
    for value in query.values():
        assert f'value="{value}"' in page  # nothing typed is lost


def test_the_csv_of_a_range_that_cannot_be_read_leads_to_the_page_that_says_why(
    two_journeys: tuple[Journey, Journey], as_coach: HttpClient
) -> None:
    response = as_coach.get(CSV, {"since": "2026-10-01", "until": "2026-09-30"})

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?since=2026-10-01&until=2026-09-30"


def test_the_owner_sees_their_own_hours_not_the_coachs(
    cast: Cast, two_journeys: tuple[Journey, Journey], as_owner: HttpClient
) -> None:
    hold(make_journey(cast.owner, make_client(cast.practice, name="Olga Ownersclient")), (9, 9))

    page = text(as_owner.get(PAGE))
    rows = read_csv(as_owner.get(CSV))

    assert "Olga Ownersclient" in page
    assert "Quentin Confidential" not in page
    assert "Pia Probono" not in page
    assert [row[0] for row in rows[1:]] == ["Olga Ownersclient", "Total"]


def test_another_practice_sees_none_of_these_hours(
    two_journeys: tuple[Journey, Journey], as_outsider: HttpClient
) -> None:
    page = text(as_outsider.get(PAGE))

    assert "Quentin Confidential" not in page
    assert "You held no sessions so far" in page
    assert [row[0] for row in read_csv(as_outsider.get(CSV))[1:]] == ["Total"]


@pytest.mark.parametrize("url", [PAGE, CSV])
def test_mentors_are_refused_and_the_anonymous_sent_to_sign_in(
    two_journeys: tuple[Journey, Journey], as_mentor: HttpClient, url: str
) -> None:
    refused = as_mentor.get(url)
    anonymous = HttpClient().get(url)

    assert refused.status_code == 403
    assert "Quentin Confidential" not in text(refused)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:sign_in"))


def test_the_account_page_leads_coaches_to_their_hours_log_and_not_mentors(
    as_coach: HttpClient, as_mentor: HttpClient
) -> None:
    account = reverse("accounts:account")

    assert f'href="{PAGE}"' in as_coach.get(account).content.decode()
    assert f'href="{PAGE}"' not in as_mentor.get(account).content.decode()
