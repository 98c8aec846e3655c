"""The caseload shows, on each journey's row, how many messages its coach has not read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.conversations.helpers import client_writes
from tests.factories import make_client
from tests.journeys.factories import make_journey, make_version


def test_a_row_shows_the_clients_unread_messages_and_leads_to_them(
    cast: Cast, as_coach: HttpClient
) -> None:
    start = timezone.localdate() - timedelta(days=14)
    journey = make_journey(cast.coach, cast.client, start=start)
    client_writes(journey, "One")
    client_writes(journey, "Two")
    html = as_coach.get(reverse("insights:caseload")).content.decode()
    url = reverse("conversations:journey", args=[journey.public_id])
    assert f'<a class="caseload__unread" href="{url}">2 new messages</a>' in html
    as_coach.get(url)
    html = as_coach.get(reverse("insights:caseload")).content.decode()
    assert "caseload__unread" not in html


def _caseload_queries(as_coach: HttpClient) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert as_coach.get(reverse("insights:caseload")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [2, 20])
def test_unread_counts_cost_one_query_however_many_rows(
    cast: Cast, as_coach: HttpClient, count: int
) -> None:
    start = timezone.localdate() - timedelta(days=14)
    version = make_version(cast.client, cast.coach, ["orient", "experiment", "close"])
    for number in range(count):
        client = make_client(cast.practice, name=f"Client {number}")
        journey = make_journey(cast.coach, client, version=version, start=start)
        client_writes(journey, "Hello")
        client_writes(journey, "Again")
    queries = _caseload_queries(as_coach)
    html = as_coach.get(reverse("insights:caseload")).content.decode()
    assert html.count("2 new messages") == count
    print(f"caseload with {count} rows: {queries} queries")
    # The caseload's own sixteen, and one for every row's unread messages.
    assert queries == 17
