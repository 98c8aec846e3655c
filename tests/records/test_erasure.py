"""Erasing a client: a confirmation that names what goes, the client's name typed to confirm,
then one transaction after which no table, page, export, e-mail or log holds their name or
address, while practice insight counts their journeys exactly as before. Sent twice, the
second says it is already erased and changes nothing."""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from arcwise.accounts.models import PasswordResetRequest, SignInFailure, SignUpRequest
from arcwise.clients.models import Client
from arcwise.errors import DomainError
from arcwise.journeys.models import Journey, Session
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.portal.models import PortalClosure, PortalLink
from arcwise.privacy.models import AuditAction, AuditEvent
from arcwise.privacy.rotation import encrypted_columns
from arcwise.records.erasure import AlreadyErased, client_erase
from arcwise.records.models import ClientErasure, Disposal, DisposalCause
from arcwise.records.removal import REMOVED
from tests.conftest import Cast, signed_in
from tests.factories import make_client
from tests.journeys.factories import make_journey
from tests.races import in_two_threads
from tests.records.factories import full_journey
from tests.records.insight import insight_figures
from tests.test_url_walk import ACCESS, ALL_URLS

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Quentin Confidential", "quentin@example.org"
# The first name alone is how a coach's digest names a client, and the e-mail's first part;
# the surname alone is a word pages use ("confidentiality terms"), so it is sought with the
# first name.
TRACES = ("quentin", NAME.lower(), EMAIL)


@pytest.fixture
def erasable(cast: Cast) -> list[Journey]:
    """The client's closed journey with text everywhere, a second one ended early, the
    coaches' digest and alert that name them, and throttle rows that kept their address."""
    closed = full_journey(cast.coach, cast.client, mentor=cast.mentor)
    early = make_journey(cast.coach, cast.client, another_open_confirmed=True)
    Journey.objects.filter(pk=early.pk).update(status="ended_early", ended_on=closed.ended_on)
    digest = enqueue(
        dedupe_key=f"coach-digest:{cast.coach.pk}:2026-10-01",
        kind=NudgeKind.COACH_ALERT,
        to=cast.coach.email,
        subject="From your clients: two things since your last digest",
        body="Hello Cora,\n\n- Quentin answered a reflection.\n- Ann answered the pulse.\n",
        user=cast.coach,
        covers=[f"Quentin answered a reflection. {closed.public_id}", "Ann answered. x"],
    )
    Nudge.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    enqueue(
        dedupe_key=f"momentum-alert:{cast.coach.pk}:2026-10-02",
        kind=NudgeKind.COACH_ALERT,
        to=cast.coach.email,
        subject="Momentum: one journey needs your attention",
        body=f"- {NAME}: Stalled since Monday\n",
        user=cast.coach,
        covers=[f"momentum:{closed.public_id}:stalled:20261001T000000.000000Z"],
    )
    SignInFailure.objects.create(email=EMAIL)
    PasswordResetRequest.objects.create(email=EMAIL.upper())
    return [closed, Journey.objects.get(pk=early.pk)]


def erase(cast: Cast, client: Client | None = None) -> Client:
    who = client or Client.objects.get(pk=cast.client.pk)
    return client_erase(
        client=who, typed_name=who.name, expected_version=who.version, by=cast.coach
    )


def raw_tables() -> dict[str, str]:
    """Every text cell of every table, read with SQL: one string per table, lower-cased."""
    quote = connection.ops.quote_name
    tables: dict[str, str] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names
            tables[table] = "\n".join(
                str(cell) for row in cursor.fetchall() for cell in row if cell is not None
            ).lower()
    return tables


def decrypted_texts() -> str:
    """Every encrypted value, read through the ORM (which decrypts), lower-cased."""
    found: list[str] = []
    for column in encrypted_columns():
        label, name = column.label.rsplit(".", 1)
        model: type[models.Model] = apps.get_model(label)
        found += model._default_manager.exclude(**{name: ""}).values_list(name, flat=True)
    return "\n".join(found).lower()


def traces_in(text: str) -> list[str]:
    return [trace for trace in TRACES if trace in text.lower()]


def test_the_confirmation_names_what_goes_and_what_stays(
    cast: Cast, erasable: list[Journey], as_coach: HttpClient
) -> None:
    page = as_coach.get(reverse("records:erase", args=[cast.client.public_id]))
    words = " ".join(page.content.decode().split())
    assert "Erase Quentin Confidential?" in words
    assert "From 2 journeys" in words
    assert "3 session records" in words  # the notes planted in every held session
    assert "1 answered reflection" in words
    assert "1 mentor comment" in words
    assert "1 message between coach and client" in words
    assert "1 intake answer" in words
    assert "2 waiting to be sent (taken out), 1 sent or failed" in words
    assert "1 portal link (deleted" in words
    assert "practice insight counts these journeys exactly as before" in words
    assert 'name="typed_name"' in words


def test_nothing_goes_without_the_name_typed(
    cast: Cast, erasable: list[Journey], as_coach: HttpClient
) -> None:
    url = reverse("records:erase", args=[cast.client.public_id])
    response = as_coach.post(url, {"typed_name": "Quentin", "version": cast.client.version})
    assert response.status_code == 200
    assert "Type the client&#x27;s name exactly as it is shown" in response.content.decode()
    assert 'value="Quentin"' in response.content.decode()  # nothing typed is lost
    assert Client.objects.get(pk=cast.client.pk).name == NAME
    assert not ClientErasure.objects.exists()


def test_after_erasure_no_table_holds_the_name_or_the_address(
    cast: Cast, erasable: list[Journey], caplog: pytest.LogCaptureFixture
) -> None:
    before = raw_tables()
    assert traces_in("\n".join(before.values())), "the name is there to find before"

    with caplog.at_level(logging.DEBUG):
        erase(cast)

    leaks = {table: traces_in(text) for table, text in raw_tables().items()}
    assert {table: found for table, found in leaks.items() if found} == {}
    assert traces_in(decrypted_texts()) == []
    assert traces_in(caplog.text) == []


def test_the_client_becomes_a_pseudonym_on_the_reserved_domain(
    cast: Cast, erasable: list[Journey]
) -> None:
    Client.objects.filter(pk=cast.client.pk).update(employer="Harbour Analytics")
    SignUpRequest.objects.create(email=EMAIL, expires_at=timezone.now(), name=NAME)
    erased = erase(cast)

    client = Client.objects.get(pk=cast.client.pk)
    assert client.name == erased.name
    assert client.employer == ""
    assert client.name.startswith("Erased client ")
    assert client.email.endswith("@erased.invalid")
    assert (client.notes, client.time_zone) == ("", "UTC")
    assert client.archived_at is not None
    assert client.reminders_off_at is not None
    assert not PortalLink.objects.filter(client=client).exists()
    assert PortalClosure.objects.filter(client=client).exists()
    assert not SignInFailure.objects.exists()
    assert not PasswordResetRequest.objects.exists()
    assert not SignUpRequest.objects.exists()
    for journey in erasable:
        disposal = Disposal.objects.get(journey=journey)
        assert disposal.cause == DisposalCause.ERASURE
        assert disposal.disposed_at is not None


def test_the_outbox_keeps_no_word_of_them(cast: Cast, erasable: list[Journey]) -> None:
    erased = erase(cast)

    theirs = Nudge.objects.filter(client=cast.client) | Nudge.objects.filter(
        journey__client=cast.client
    )
    assert not theirs.filter(sent_at=None, failed_at=None).exists()
    assert {n.body for n in theirs} == {REMOVED}
    assert {n.to_address for n in theirs} == {erased.email}
    digest = Nudge.objects.get(dedupe_key__startswith="coach-digest:")
    assert "- Erased client" in digest.body
    assert "Ann answered the pulse" in digest.body
    assert digest.covers[1] == "Ann answered. x"  # another client's line is left alone
    alert = Nudge.objects.get(dedupe_key__startswith="momentum-alert:")
    assert alert.body.startswith(f"- {erased.name}: Stalled")


def test_practice_insight_counts_their_journeys_as_before(
    cast: Cast, erasable: list[Journey], as_coach: HttpClient
) -> None:
    before = insight_figures(cast.practice)
    csv_before = as_coach.get(reverse("insights:practice_csv")).content

    erase(cast)

    assert insight_figures(cast.practice) == before
    assert as_coach.get(reverse("insights:practice_csv")).content == csv_before
    assert Session.objects.filter(journey__client=cast.client).count() > 0


def _text_of(response: Any) -> str:
    content = response.content if hasattr(response, "content") else b""
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    if response.get("Content-Type", "").startswith("application/zip"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )
    return content.decode("utf-8", "replace")


# Pages of one journey, session or client, as its coach gets them (the walk's ACCESS table).
# The coach's column of the walk (anonymous, outsider, colleague, mentor, owner, coach, …).
COACH = 5
PAGES = [
    (name, params)
    for name, params in ALL_URLS
    if name in ACCESS
    and ACCESS[name].method == "GET"
    and ACCESS[name].statuses[COACH] in (200, 302)
    and params
    and set(params) <= {"journey_id", "session_id", "client_id"}
]
# Pages of the whole practice that list or count clients and journeys.
LISTS = [
    reverse("clients:list") + "?show=archived",
    reverse("clients:list") + "?q=erased",
    reverse("journeys:list"),
    reverse("journeys:list") + "?show=ended",
    reverse("insights:caseload"),
    reverse("insights:practice"),
    reverse("insights:practice_csv"),
    reverse("insights:hours_log"),
]


def test_no_page_export_or_summary_shows_them_afterwards(
    cast: Cast, erasable: list[Journey]
) -> None:
    assert {name for name, _ in PAGES} >= {
        "journeys:detail",
        "journeys:session",
        "outcomes:summary_pdf",
        "clients:detail",
        "records:export_zip",
        "nudges:journey_messages",
    }
    erase(cast)
    coach = signed_in(cast.coach)
    urls = list(LISTS)
    for journey in erasable:
        for session in Session.objects.filter(journey=journey):
            ids = {
                "journey_id": journey.public_id,
                "session_id": session.public_id,
                "client_id": cast.client.public_id,
            }
            urls += [reverse(name, kwargs={p: ids[p] for p in params}) for name, params in PAGES]
    for url in sorted(set(urls)):
        response = coach.get(url, follow=True)
        assert response.status_code == 200, url
        assert traces_in(_text_of(response)) == [], url


def test_a_second_erasure_says_so_and_changes_nothing(
    cast: Cast, erasable: list[Journey], as_coach: HttpClient
) -> None:
    url = reverse("records:erase", args=[cast.client.public_id])
    form = {"typed_name": NAME, "version": cast.client.version}
    first = as_coach.post(url, form, follow=True)
    assert "The client is erased" in first.content.decode()
    after = raw_tables()

    second = as_coach.post(url, form, follow=True)

    assert "already erased" in second.content.decode()
    assert "message--success" not in second.content.decode()
    assert raw_tables() == after
    with pytest.raises(AlreadyErased):
        erase(cast)
    # The one erasure is on the audit log, naming the client by their id alone.
    event = AuditEvent.objects.get(action=AuditAction.ERASURE)
    assert (event.actor, event.client_public_id) == (cast.coach, str(cast.client.public_id))


def test_a_journey_under_way_is_ended_first(cast: Cast) -> None:
    make_journey(cast.coach, cast.client)
    with pytest.raises(DomainError, match="under way"):
        erase(cast)
    assert Client.objects.get(pk=cast.client.pk).name == NAME


def test_an_edit_made_meanwhile_stops_the_erasure(cast: Cast) -> None:
    client = Client.objects.get(pk=cast.client.pk)
    Client.objects.filter(pk=client.pk).update(version=client.version + 1)
    with pytest.raises(DomainError, match="changed meanwhile"):
        client_erase(client=client, typed_name=NAME, expected_version=client.version, by=cast.coach)
    assert not ClientErasure.objects.exists()


def test_other_clients_keep_everything(cast: Cast, erasable: list[Journey]) -> None:
    other = make_client(cast.practice, name="Ann Other", email="ann@example.org", notes="Keep")
    journey = full_journey(cast.coach, other)
    sessions = list(Session.objects.filter(journey=journey).values_list("notes", flat=True))

    erase(cast)

    assert Client.objects.get(pk=other.pk).name == "Ann Other"
    assert Client.objects.get(pk=other.pk).notes == "Keep"
    assert list(Session.objects.filter(journey=journey).values_list("notes", flat=True)) == sessions
    assert PortalLink.objects.filter(client=other).exists()
    assert not Disposal.objects.filter(journey=journey).exists()


def test_no_notice_or_disposal_follows_an_erasure(cast: Cast, erasable: list[Journey]) -> None:
    from arcwise.records.disposal import plan_disposals

    erase(cast)
    done = plan_disposals(timezone.now() + timedelta(days=3650))
    assert (done.told, done.disposed) == (0, 0)
    assert not Nudge.objects.filter(dedupe_key__startswith="disposal-notice:").exists()


@pytest.mark.django_db(transaction=True)
def test_two_erasures_at_once_erase_once(cast: Cast) -> None:
    full_journey(cast.coach, cast.client)
    outcomes = in_two_threads(lambda: erase(cast))
    assert sum(isinstance(o, AlreadyErased) for o in outcomes) == 1
    assert ClientErasure.objects.count() == 1


@pytest.mark.parametrize("journeys", [1, 3])
def test_the_confirmation_and_the_export_page_cost_the_same_at_any_size(
    cast: Cast, as_coach: HttpClient, journeys: int, django_assert_num_queries: Any
) -> None:
    for _ in range(journeys):
        full_journey(cast.coach, cast.client)
    # session, user, memberships; the client, whose journeys they are; the erasure, the
    # preview's 19 counts
    with django_assert_num_queries(25):
        as_coach.get(reverse("records:erase", args=[cast.client.public_id]))
    # session, user, memberships; the client, whose journeys they are; the journeys
    with django_assert_num_queries(6):
        as_coach.get(reverse("records:export", args=[cast.client.public_id]))
