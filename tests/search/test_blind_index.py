"""The blind index of thread text: kept up to date with every write, holding digests that
differ by practice, emptied when a journey's text is removed, made again after a rotation."""

from __future__ import annotations

from uuid import uuid4

from arcwise.journeys.models import Journey, Session, Thread, ThreadKind
from arcwise.journeys.threads.services import thread_close, thread_open
from arcwise.records.removal import journeys_text_remove
from arcwise.search.blind_index import digests, search_reindex, threads_matching
from arcwise.search.models import ThreadWord
from tests.conftest import Cast
from tests.journeys.factories import make_journey


def first_session(journey: Journey) -> Session:
    session = journey.sessions.order_by("starts_at").first()
    assert session is not None
    return session


def keep(journey: Journey, text: str) -> Thread:
    return thread_open(
        session=first_session(journey), kind=ThreadKind.QUESTION, text=text, token=uuid4()
    )


def found(cast: Cast, journey: Journey, *words: str) -> set[int]:
    matches = threads_matching(cast.practice.pk, list(words), Journey.objects.filter(pk=journey.pk))
    return {row["thread_id"] for row in matches}


def test_a_kept_thread_is_found_by_each_of_its_words_and_by_all_together(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    thread = keep(journey, "Whether the Promotion is hers to refuse")
    assert found(cast, journey, "promotion") == {thread.pk}
    assert found(cast, journey, "promotion", "refuse") == {thread.pk}
    assert found(cast, journey, "promotion", "salary") == set()
    assert found(cast, journey, "promo") == set()  # whole words only


def test_where_a_thread_went_is_found_once_it_is_closed(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    thread = keep(journey, "Whether to say no")
    thread_close(thread=thread, where_it_went="Became an experiment", from_version=1)
    assert found(cast, journey, "experiment") == {thread.pk}
    assert found(cast, journey, "whether") == {thread.pk}


def test_the_same_word_has_another_digest_in_another_practice(cast: Cast) -> None:
    here = digests(cast.practice.pk, ["promotion"])
    there = digests(cast.other_practice.pk, ["promotion"])
    assert here != there
    assert "promotion" not in here[0]


def test_removing_a_journeys_text_forgets_its_threads_words(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    keep(journey, "Whether the promotion is hers to refuse")
    journeys_text_remove([journey.pk])
    assert found(cast, journey, "promotion") == set()
    assert not ThreadWord.objects.filter(thread__journey=journey).exists()


def test_after_a_key_rotation_the_reindex_finds_threads_again(cast: Cast, settings: object) -> None:
    from arcwise.privacy.keys import new_key

    journey = make_journey(cast.coach, cast.client)
    thread = keep(journey, "Whether the promotion is hers to refuse")
    settings.ENCRYPTION_KEYS = [new_key(), *settings.ENCRYPTION_KEYS]  # type: ignore[attr-defined]
    assert found(cast, journey, "promotion") == set()  # the old key's digests are not read
    assert search_reindex() >= 1
    assert found(cast, journey, "promotion") == {thread.pk}
