"""What a search finds, grouped: clients, journeys, designs and threads, each scoped as its
own pages are.

- Clients: the practice's clients, active and archived (every coach's client list).
- Journeys: the signed-in coach's own (only a journey's coach opens it), by the client's
  name or the design's name.
- Designs: the member's own and those shared with the practice, by any version's name.
- Threads: of the coach's own journeys, by the words of their text or where they went,
  through the blind index (`blind_index.py`): whole words only, since the text is encrypted.

Names are matched with PostgreSQL's full-text search (a word's beginning, `word:*`, served
by the GIN indexes of search migration 0002) and by a plain scan elsewhere (SQLite, at a
practice's size). Four queries, however many rows: one per group.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import scoped
from arcwise.clients.models import Client
from arcwise.designs.models import Design, DesignVersion, Visibility
from arcwise.journeys.models import Journey, JourneyStatus, Thread
from arcwise.search.blind_index import threads_matching
from arcwise.search.words import indexed_words, name_words

PER_GROUP = 20  # rows shown per group; "more" says when there were more


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Group:
    key: str
    heading: str
    hits: list[Hit]
    more: bool  # more rows matched than are shown


@dataclass(frozen=True)
class Results:
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)


def named(rows: QuerySet[Model], field: str, words: list[str]) -> QuerySet[Model]:
    """`rows` whose `field` holds a word beginning with each of `words` (PostgreSQL), or
    holding each of `words` anywhere (elsewhere)."""
    if connection.vendor == "postgresql":
        # Every word is letters and digits only (`name_words`): nothing in it is tsquery syntax.
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
        )
        return rows.annotate(_words=SearchVector(field, config="simple")).filter(_words=query)
    for word in words:
        rows = rows.filter(**{f"{field}__icontains": word})
    return rows


def search_for(request: MemberRequest, text: str) -> Results:
    """Everything `request`'s member may see that `text` names. Four queries."""
    words = name_words(text)
    return Results(
        [
            _clients(request, words),
            _journeys(request, words),
            _designs(request, words),
            _threads(request, indexed_words(text)),
        ]
    )


def _url(name: str, *ids: UUID) -> str:
    return reverse(name, args=list(ids))


def _group(key: str, heading: str, hits: list[Hit]) -> Group:
    return Group(key, heading, hits[:PER_GROUP], more=len(hits) > PER_GROUP)


def _clients(request: MemberRequest, words: list[str]) -> Group:
    rows = named(scoped(Client, request), "name", words).order_by("name", "pk")
    hits = [
        Hit(name, "archived" if archived else email, _url("clients:detail", public_id))
        for public_id, name, email, archived in rows.values_list(
            "public_id", "name", "email", "archived_at"
        )[: PER_GROUP + 1]
    ]
    return _group("clients", "Clients", hits)


def own_journeys(request: MemberRequest) -> QuerySet[Journey]:
    # As journeys.pages.access: a journey holds session notes, so only its coach opens it.
    return scoped(Journey, request).filter(coach=request.user)


def _journeys(request: MemberRequest, words: list[str]) -> Group:
    clients = named(scoped(Client, request), "name", words).values("pk")
    versions = named(DesignVersion.objects.all(), "name", words).values("pk")
    rows = (
        own_journeys(request)
        .filter(Q(client__in=clients) | Q(design_version__in=versions))
        .order_by("client__name", "-start_date", "pk")
        .values_list("public_id", "client__name", "design_version__name", "status")
    )
    hits = [
        Hit(client, f"{design} · {JourneyStatus(status).label}", _url("journeys:detail", public_id))
        for public_id, client, design, status in rows[: PER_GROUP + 1]
    ]
    return _group("journeys", "Journeys", hits)


def _designs(request: MemberRequest, words: list[str]) -> Group:
    versions = named(DesignVersion.objects.all(), "name", words).values("design_id")
    newest = DesignVersion.objects.filter(design=OuterRef("pk")).order_by("-number")
    rows = (
        scoped(Design, request)
        .filter(Q(owner=request.user) | Q(visibility=Visibility.PRACTICE), pk__in=versions)
        .annotate(newest_name=Subquery(newest.values("name")[:1]))
        .order_by("newest_name", "pk")
        .values_list("public_id", "newest_name", "owner__name")
    )
    hits = [
        Hit(name or "Untitled design", f"by {owner}", _url("designs:detail", public_id))
        for public_id, name, owner in rows[: PER_GROUP + 1]
    ]
    return _group("designs", "Designs", hits)


def _threads(request: MemberRequest, words: list[str]) -> Group:
    if not words:
        return _group("threads", "Threads", [])
    found = threads_matching(request.practice.pk, words, own_journeys(request))
    # Newest first by pk (a thread is made when it is opened): the index alone picks the
    # few shown, and only those are read and decrypted, however common the word.
    newest = found.order_by("-thread_id")[: PER_GROUP + 1]
    rows = (
        Thread.objects.filter(pk__in=newest)
        .select_related("journey__client", "session")
        .only(
            "public_id",
            "kind",
            "text",
            "closed_at",
            "journey__public_id",
            "journey__client__name",
            "session__public_id",
        )
        .order_by("-pk")
    )
    hits = [
        Hit(
            thread.text,
            f"{thread.get_kind_display()} · {thread.journey.client.name}"
            + (" · closed" if thread.closed_at else ""),
            _url("journeys:session", thread.journey.public_id, thread.session.public_id),
        )
        for thread in rows[: PER_GROUP + 1]
    ]
    return _group("threads", "Threads", hits)
