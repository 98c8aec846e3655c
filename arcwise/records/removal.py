"""Removing the text of journeys and keeping their structure: what disposal (the retention
ended) and erasure (the client asked) both do to a journey.

Every encrypted column is text a person wrote (arcwise/privacy/fields.py). Each one reached
from a journey (its own columns, its rows' and their rows' columns) is found from the models'
metadata, so a text column added later is removed too; the test of this module fails for an
encrypted column that no journey reaches, until someone decides what becomes of it.

Text that was there becomes `REMOVED`; empty text stays empty. So every fact the rest of
Arcwise reads from text (is there an answer, is the goal scaled, a closed thread says where it
went, an adaptation has its reason) reads the same after as before, every CHECK still holds,
and practice insight counts the journey exactly as before. Dates, statuses, ratings, kinds
and the phases run are not touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Case, F, Model, Q, QuerySet, Value, When
from django.db.models import Field as ModelField
from django.utils import timezone

from arcwise.booking.models import VideoLink
from arcwise.journeys.models import Experiment, Journey, Session
from arcwise.nudges.models import Nudge
from arcwise.privacy.fields import EncryptedTextField
from arcwise.search.blind_index import thread_words_forget

REMOVED = "(removed)"
# Columns handled by their own rules: a client's notes go only with the client (erasure);
# an outbox row waiting to be sent is taken out, a sent one keeps its row without its words.
# A model of a higher app whose text has a rule of its own says so itself, with the class
# attribute `TEXT_HAS_OWN_RULE` (a record kept a day, deleted by an erasure that it names).
OWN_RULES = frozenset({"clients.Client", "nudges.Nudge"})


@dataclass(frozen=True)
class JourneyText:
    """A model's encrypted columns, and the lookup from its rows to their journey's pk."""

    model: type[Model]
    fields: tuple[str, ...]
    journey_lookup: str


def _journey_lookup(model: type[Model]) -> str | None:
    if model is Journey:
        return "pk"
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Journey:
            return field.name
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if isinstance(target, type) and target is not Journey:
            inner = next(
                (f for f in target._meta.concrete_fields if f.related_model is Journey), None
            )
            if inner is not None:
                return f"{field.name}__{inner.name}"
    return None


def journey_texts() -> list[JourneyText]:
    """Every model holding encrypted text of journeys, outside `OWN_RULES`, in a fixed order."""
    found = []
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.label in OWN_RULES:
            continue
        names = tuple(
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        )
        lookup = _journey_lookup(model) if names else None
        if names and lookup is not None:
            found.append(JourneyText(model, names, lookup))
    return found


def unreached_columns() -> list[str]:
    """Encrypted columns that no journey reaches and no rule of its own covers."""
    reached = {f"{t.model._meta.label}.{name}" for t in journey_texts() for name in t.fields}
    return sorted(
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.label not in OWN_RULES and not getattr(model, "TEXT_HAS_OWN_RULE", False)
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
        and f"{model._meta.label}.{field.name}" not in reached
    )


def _removed(model: type[Model], name: str) -> Case:
    """`name` becomes REMOVED where it holds text; empty stays empty."""
    field = model._meta.get_field(name)
    assert isinstance(field, ModelField)
    return Case(
        When(~Q(**{name: ""}), then=Value(REMOVED, output_field=field)),
        default=F(name),
        output_field=field,
    )


def journeys_text_remove(journey_ids: Iterable[int]) -> None:
    """Remove the text of the journeys `journey_ids`, keep their structure. One UPDATE per
    model holding their text, one for experiment titles, two for the outbox; run it inside
    the caller's transaction, with the journeys locked."""
    ids = list(journey_ids)
    # Marked first: the session page keeps no new notes for a journey whose words are gone.
    Journey.objects.filter(pk__in=ids, text_removed_at=None).update(text_removed_at=timezone.now())
    for text in journey_texts():
        changes = {name: _removed(text.model, name) for name in text.fields}
        text.model._default_manager.filter(**{f"{text.journey_lookup}__in": ids}).update(**changes)
    # A title is a line of what was tried ("Tell my sister"): text, though not encrypted.
    Experiment.objects.filter(journey_id__in=ids).update(title=REMOVED)
    # A session page open in another tab carries the record's version: its save of the old
    # notes is refused instead of writing them back.
    Session.objects.filter(journey_id__in=ids).update(record_version=F("record_version") + 1)
    journey_messages_remove(Nudge.objects.filter(journey_id__in=ids))
    # The blind index of the threads' words would still find a thread by words now gone.
    thread_words_forget(ids)
    # A video link's address may name the client (a meeting room called after them).
    VideoLink.objects.filter(journey_id__in=ids).delete()


def journey_messages_remove(nudges: QuerySet[Nudge]) -> None:
    """Outbox rows about removed text: one still waiting is taken out (it would send what is
    gone); one sent or failed keeps its row, kind and times, without its words."""
    nudges.filter(sent_at=None, failed_at=None).delete()
    nudges.update(body=REMOVED, last_error="", held_back="", covers=[])
