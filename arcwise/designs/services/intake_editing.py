"""Changing a draft's intake questionnaire: add, change, remove and move a question.

The questions live on the draft version itself (`DesignVersion.intake`), so every change
names the draft's revision its page showed and is checked on the locked draft row, as a
phase's move or removal is (`claim_draft`): a double click, a second tab or a retried
request changes nothing twice. A published version's intake is frozen with it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from arcwise.designs.intake_spec import (
    QUESTION_KEY_LENGTH,
    IntakeQuestion,
    check_intake,
    question_record,
)
from arcwise.designs.models import DesignVersion
from arcwise.designs.queries import version_intake
from arcwise.designs.services.refusals import (
    AlreadyDone,
    DesignProblems,
    Reason,
    StaleDraft,
    claim_draft,
    stale_refusal,
)

INTAKE_CHANGED = (
    "The intake was changed in another tab since this page was shown, so nothing was {what}. "
    "Look at it as it is now, then try again."
)


def question_key_for(prompt: str, taken: set[str]) -> str:
    """A key for a new question, made from its prompt and unique in the intake."""
    base = slugify(prompt)[:QUESTION_KEY_LENGTH].strip("-") or "question"
    key, number = base, 2
    while key in taken:
        suffix = f"-{number}"
        key = f"{base[: QUESTION_KEY_LENGTH - len(suffix)].strip('-')}{suffix}"
        number += 1
    return key


def _claim(draft: DesignVersion, revision: int, *, typed: bool, what: str) -> None:
    if not claim_draft(draft, revision):
        raise stale_refusal(draft, typed=typed, changed=INTAKE_CHANGED.format(what=what))


def _store(draft: DesignVersion, questions: list[IntakeQuestion], lead: str) -> None:
    errors = check_intake(tuple(questions), tuple(draft.wheel_areas))
    if errors:
        raise DesignProblems(lead, errors)
    DesignVersion.objects.filter(pk=draft.pk).update(
        intake=[question_record(question) for question in questions]
    )


def intake_question_add(
    *, draft: DesignVersion, question: IntakeQuestion, expected_revision: int
) -> IntakeQuestion:
    """Add `question` at the end of the draft's intake, with a key made from its prompt.

    A repeat of the same form (the last question already says this) raises `AlreadyDone`.
    """
    with transaction.atomic():
        current = list(version_intake(_fresh(draft)))
        if not claim_draft(draft, expected_revision):
            if current and _same(current[-1], question):
                raise AlreadyDone(f"“{question.prompt}” is already added: one question was made.")
            raise stale_refusal(draft, typed=True, changed=INTAKE_CHANGED.format(what="added"))
        key = question_key_for(question.prompt, {q.key for q in current})
        added = _with_key(question, key)
        _store(_fresh(draft), [*current, added], "The question was not added.")
    draft.refresh_from_db(fields=["revision", "intake"])
    return added


def intake_question_update(
    *, draft: DesignVersion, key: str, question: IntakeQuestion, expected_revision: int
) -> IntakeQuestion:
    """Replace what the question `key` asks; its key and place stay."""
    with transaction.atomic():
        current = list(version_intake(_fresh(draft)))
        index = next((i for i, q in enumerate(current) if q.key == key), None)
        if index is not None and _same(current[index], question):
            raise AlreadyDone("The question is already saved as you wrote it.")
        _claim(draft, expected_revision, typed=True, what="saved")
        if index is None:
            raise StaleDraft(
                "This question was removed meanwhile; nothing was saved.", Reason.CHANGED
            )
        current[index] = _with_key(question, key)
        _store(_fresh(draft), current, "The question was not saved.")
    draft.refresh_from_db(fields=["revision", "intake"])
    return current[index]


def intake_question_remove(*, draft: DesignVersion, key: str, expected_revision: int) -> None:
    """Take the question `key` out of the draft's intake."""
    with transaction.atomic():
        current = list(version_intake(_fresh(draft)))
        if all(q.key != key for q in current):
            raise AlreadyDone("This question is already removed from the intake.")
        _claim(draft, expected_revision, typed=False, what="removed")
        _store(_fresh(draft), [q for q in current if q.key != key], "Nothing was removed.")
    draft.refresh_from_db(fields=["revision", "intake"])


def intake_question_move(
    *, draft: DesignVersion, key: str, offset: int, expected_revision: int
) -> None:
    """Move the question `key` earlier (-1) or later (+1); ends stay where they are."""
    with transaction.atomic():
        _claim(draft, expected_revision, typed=False, what="moved")
        current = list(version_intake(_fresh(draft)))
        index = next((i for i, q in enumerate(current) if q.key == key), None)
        if index is None:
            raise StaleDraft(INTAKE_CHANGED.format(what="moved"), Reason.CHANGED)
        target = min(max(index + offset, 0), len(current) - 1)
        current.insert(target, current.pop(index))
        _store(_fresh(draft), current, "Nothing was moved.")
    draft.refresh_from_db(fields=["revision", "intake"])


def _fresh(draft: DesignVersion) -> DesignVersion:
    return DesignVersion.objects.only("intake", "wheel_areas").get(pk=draft.pk)


def _same(saved: IntakeQuestion, typed: IntakeQuestion) -> bool:
    return _with_key(typed, saved.key) == saved


def _with_key(question: IntakeQuestion, key: str) -> IntakeQuestion:
    return IntakeQuestion(
        key=key,
        kind=question.kind,
        prompt=question.prompt,
        required=question.required,
        options=question.options,
        maps_to=question.maps_to,
    )
