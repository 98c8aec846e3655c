"""Every write about clients: create, edit (refusing stale edits), archive and restore."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from arcwise.accounts.models import Practice, User, normalise_email
from arcwise.clients.models import Client
from arcwise.errors import DomainError, history_kept


class StaleEdit(DomainError):
    """Someone saved the record after this edit began; applying it would lose their change."""


STALE_EDIT = (
    "Someone saved changes to this client while you were editing. Your text is still below: "
    "compare it with the current details, then save again."
)


def _refuse_duplicate_email(practice: Practice, email: str, exclude: Client | None) -> None:
    others = Client.objects.filter(practice=practice, email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    other = others.first()
    if other is not None:
        where = " (archived)" if other.is_archived() else ""
        raise DomainError(
            f"{other.name}{where} already has this e-mail address in your practice.",
            field="email",
        )


def client_create(
    *,
    practice: Practice,
    created_by: User,
    name: str,
    email: str,
    time_zone: str,
    notes: str,
    employer: str = "",
) -> Client:
    """Add a client to the practice; an e-mail address belongs to one client only."""
    email = normalise_email(email)
    _refuse_duplicate_email(practice, email, exclude=None)
    try:
        with transaction.atomic():
            return Client.objects.create(
                practice=practice,
                created_by=created_by,
                name=name.strip(),
                email=email,
                employer=employer.strip(),
                time_zone=time_zone,
                notes=notes,
            )
    except IntegrityError:  # the same address added at the same moment in another tab
        _refuse_duplicate_email(practice, email, exclude=None)
        raise


def client_update(
    *,
    client: Client,
    expected_version: int,
    name: str,
    email: str,
    time_zone: str,
    notes: str,
    employer: str = "",
) -> Client:
    """Save edited details, unless someone else saved since `expected_version` was read."""
    email = normalise_email(email)
    _refuse_duplicate_email(client.practice, email, exclude=client)
    now = timezone.now()
    try:
        with transaction.atomic():
            changed = Client.objects.filter(pk=client.pk, version=expected_version).update(
                name=name.strip(),
                email=email,
                employer=employer.strip(),
                time_zone=time_zone,
                notes=notes,
                updated_at=now,
                version=F("version") + 1,
            )
    except IntegrityError:
        _refuse_duplicate_email(client.practice, email, exclude=client)
        raise
    if not changed:
        raise StaleEdit(STALE_EDIT)
    client.refresh_from_db()
    return client


def client_archive(*, client: Client) -> None:
    """Move a client out of the everyday list; nothing about them is deleted."""
    Client.objects.filter(pk=client.pk, archived_at=None).update(
        archived_at=timezone.now(), version=F("version") + 1
    )


def client_restore(*, client: Client) -> None:
    """Bring an archived client back into the everyday list."""
    Client.objects.filter(pk=client.pk).exclude(archived_at=None).update(
        archived_at=None, version=F("version") + 1
    )


def client_delete(*, client: Client) -> None:
    """Delete a client who has no journeys (added by mistake, or asked to be forgotten).

    A client with journeys is refused: their journeys are the practice's history (the
    foreign key is RESTRICT). Archiving hides them instead.
    """
    refusal = (
        f"{client.name} has journeys, and their history stays with the practice, so "
        f"{client.name} cannot be deleted. Archive them instead."
    )
    with transaction.atomic(), history_kept(refusal):
        Client.objects.filter(pk=client.pk).delete()
