from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.clients.models import Client
from arcwise.privacy.models import AuditAction, AuditEvent
from tests.conftest import Cast
from tests.factories import make_client

pytestmark = pytest.mark.django_db

NEW_CLIENT = {
    "name": "Rosa Marquez",
    "email": "Rosa.Marquez@example.org",
    "time_zone": "America/Bogota",
    "notes": "Referred by her manager; wants clarity before a promotion decision.",
}


def edit_data(client: Client, **changes: Any) -> dict[str, Any]:
    data = {
        "name": client.name,
        "email": client.email,
        "time_zone": client.time_zone,
        "notes": client.notes,
        "version": client.version,
    }
    data.update(changes)
    return data


def test_a_coach_adds_a_client(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.post(reverse("clients:create"), NEW_CLIENT, follow=True)

    client = Client.objects.get(email="rosa.marquez@example.org")
    assert client.practice == cast.practice
    assert client.created_by == cast.coach
    assert "Rosa Marquez is added to your clients." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("clients:detail", args=[client.public_id])


def test_a_bad_email_is_shown_next_to_the_field_and_nothing_typed_is_lost(
    as_coach: HttpClient,
) -> None:
    response = as_coach.post(reverse("clients:create"), {**NEW_CLIENT, "email": "rosa@"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email-errors"' in body
    assert 'aria-invalid="true"' in body
    assert 'value="Rosa Marquez"' in body
    assert "wants clarity before a promotion decision" in body
    assert 'value="rosa@"' in body
    assert not Client.objects.filter(name="Rosa Marquez").exists()


def test_a_client_may_have_an_employer_shown_on_their_page(
    cast: Cast, as_coach: HttpClient
) -> None:
    form = as_coach.get(reverse("clients:create")).content.decode()
    assert "up to 200 characters" in form

    response = as_coach.post(
        reverse("clients:create"), {**NEW_CLIENT, "employer": "  Northwind   Traders "}, follow=True
    )

    assert Client.objects.get(email="rosa.marquez@example.org").employer == "Northwind Traders"
    assert "<dt>Employer</dt><dd>Northwind Traders</dd>" in response.content.decode()


def test_an_employer_too_long_is_refused_and_kept(cast: Cast, as_coach: HttpClient) -> None:
    client = make_client(cast.practice, name="Pia Long", email="pia@example.org")
    url = reverse("clients:edit", args=[client.public_id])

    response = as_coach.post(url, edit_data(client, employer="E" * 201))

    body = response.content.decode()
    assert 'id="id_employer-errors"' in body
    assert "at most 200 characters" in body
    assert 'value="' + "E" * 201 + '"' in body
    client.refresh_from_db()
    assert client.employer == ""


def test_a_blank_name_is_refused(as_coach: HttpClient) -> None:
    response = as_coach.post(reverse("clients:create"), {**NEW_CLIENT, "name": "   "})

    assert 'id="id_name-errors"' in response.content.decode()
    assert not Client.objects.filter(email="rosa.marquez@example.org").exists()


def test_an_email_already_used_in_the_practice_names_the_other_client(
    cast: Cast, as_coach: HttpClient
) -> None:
    response = as_coach.post(
        reverse("clients:create"), {**NEW_CLIENT, "email": "QUENTIN@example.org"}
    )

    assert "Quentin Confidential already has this e-mail address" in response.content.decode()
    assert Client.objects.filter(email="quentin@example.org").count() == 1


def test_the_same_email_may_be_a_client_of_another_practice(
    cast: Cast, as_coach: HttpClient
) -> None:
    as_coach.post(reverse("clients:create"), {**NEW_CLIENT, "email": cast.outsiders_client.email})

    assert Client.objects.filter(email=cast.outsiders_client.email).count() == 2


def test_a_coach_edits_a_client(cast: Cast, as_coach: HttpClient) -> None:
    url = reverse("clients:edit", args=[cast.client.public_id])
    response = as_coach.post(url, edit_data(cast.client, name="Quentin C."))

    assert response.status_code == 302
    cast.client.refresh_from_db()
    assert cast.client.name == "Quentin C."
    assert cast.client.version == 2


def test_a_stale_edit_is_refused_and_the_typed_text_is_kept(
    cast: Cast, as_coach: HttpClient, as_owner: HttpClient
) -> None:
    url = reverse("clients:edit", args=[cast.client.public_id])
    stale = edit_data(cast.client, notes="Coach's version of the notes.")
    as_owner.post(url, edit_data(cast.client, notes="Owner saved first."))

    response = as_coach.post(url, stale)

    body = response.content.decode()
    assert "Someone saved changes to this client while you were editing" in body
    assert "Coach&#x27;s version of the notes." in body
    assert "Owner saved first." in body
    cast.client.refresh_from_db()
    assert cast.client.notes == "Owner saved first."
    # Having seen both, the coach's next save goes through.
    again = as_coach.post(url, {**stale, "version": cast.client.version})
    assert again.status_code == 302
    cast.client.refresh_from_db()
    assert cast.client.notes == "Coach's version of the notes."


def test_archiving_moves_a_client_out_of_the_active_list(cast: Cast, as_coach: HttpClient) -> None:
    row_link = f'href="{reverse("clients:detail", args=[cast.client.public_id])}"'
    as_coach.post(reverse("clients:archive", args=[cast.client.public_id]), follow=True)

    active = as_coach.get(reverse("clients:list")).content.decode()
    archived = as_coach.get(reverse("clients:list") + "?show=archived").content.decode()
    assert row_link not in active
    assert row_link in archived
    assert "Archived (1)" in active

    as_coach.post(reverse("clients:restore", args=[cast.client.public_id]), follow=True)
    assert row_link in as_coach.get(reverse("clients:list")).content.decode()


def test_archive_and_restore_need_a_post(cast: Cast, as_coach: HttpClient) -> None:
    for name in ("clients:archive", "clients:restore"):
        assert as_coach.get(reverse(name, args=[cast.client.public_id])).status_code == 405
    cast.client.refresh_from_db()
    assert cast.client.archived_at is None


def test_search_filters_by_name_or_email(cast: Cast, as_coach: HttpClient) -> None:
    make_client(cast.practice, name="Beatrix Kiddo", email="bk@example.org")

    by_name = as_coach.get(reverse("clients:list"), {"q": "beatrix"}).content.decode()
    by_email = as_coach.get(reverse("clients:list"), {"q": "quentin@"}).content.decode()

    assert "Beatrix Kiddo" in by_name
    assert "Quentin Confidential" not in by_name
    assert "Quentin Confidential" in by_email
    assert "Beatrix Kiddo" not in by_email


def test_htmx_search_returns_only_the_rows(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.get(reverse("clients:list"), {"q": "quen"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Quentin Confidential" in body
    assert "<html" not in body


def test_mentors_may_not_see_clients(cast: Cast, as_mentor: HttpClient) -> None:
    for url in (
        reverse("clients:list"),
        reverse("clients:create"),
        reverse("clients:detail", args=[cast.client.public_id]),
    ):
        response = as_mentor.get(url)
        assert response.status_code == 403
        assert "this page is for its owners and coaches" in response.content.decode()
        assert "Quentin Confidential" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast) -> None:
    response = HttpClient().get(reverse("clients:detail", args=[cast.client.public_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


@pytest.mark.parametrize("size", [3, 60])
def test_the_client_list_costs_the_same_queries_at_any_size(
    cast: Cast,
    as_coach: HttpClient,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    for number in range(size):
        make_client(cast.practice, name=f"Listed {number}")

    # session, user, memberships, counts, rows
    with django_assert_num_queries(5):
        response = as_coach.get(reverse("clients:list"))
    assert response.content.decode().count("Listed ") == size


def test_a_history_restore_gets_the_whole_page(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.get(
        reverse("clients:list"),
        {"q": "quen"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_reading_a_clients_notes_is_in_the_audit_log_and_a_page_without_notes_is_not(
    cast: Cast, as_coach: HttpClient
) -> None:
    url = reverse("clients:detail", args=[cast.client.public_id])
    Client.objects.filter(pk=cast.client.pk).update(notes="")
    as_coach.get(url)
    assert not AuditEvent.objects.filter(action=AuditAction.NOTE_READ).exists()

    Client.objects.filter(pk=cast.client.pk).update(notes="Prefers mornings; grieving.")
    as_coach.get(url)
    as_coach.get(reverse("clients:edit", args=[cast.client.public_id]))

    events = AuditEvent.objects.filter(action=AuditAction.NOTE_READ).order_by("sequence")
    assert [e.detail["page"] for e in events] == ["client", "client edit"]
    assert {e.client_public_id for e in events} == {str(cast.client.public_id)}
