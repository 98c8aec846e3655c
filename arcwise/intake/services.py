"""The client's writes of their intake: save part-way, and send.

Each carries the revision of the intake its page was made from (0 before the first save)
and is checked on the locked journey row inside its transaction: a double click, a second
tab or a retried request changes nothing twice, and the client is told why. Sending
prefills what the design maps (prefill.py) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from arcwise.designs.intake_spec import IntakeQuestion
from arcwise.designs.queries import version_intake
from arcwise.errors import DomainError
from arcwise.intake.answers import check_answers
from arcwise.intake.models import Intake, IntakeAnswer, IntakeState
from arcwise.intake.prefill import prefill_from
from arcwise.journeys.models import Journey


class AlreadyDone(DomainError):
    """The save or the sending happened already (a second click): nothing changed."""


class StaleIntake(DomainError):
    """The answers were saved from another page meanwhile: nothing of this save was kept."""


def _locked(journey: Journey) -> tuple[tuple[IntakeQuestion, ...], Intake | None]:
    locked = (
        Journey.objects.select_for_update(of=("self",))
        .select_related("design_version")
        .only("status", "design_version", "design_version__intake")
        .get(pk=journey.pk)
    )
    questions = version_intake(locked.design_version)
    if not questions:
        raise DomainError("This journey's design asks no intake questions.")
    if not locked.is_open():
        raise DomainError(
            f"This journey is {locked.get_status_display().lower()}, so its intake can no "
            "longer change."
        )
    return questions, Intake.objects.filter(journey_id=journey.pk).first()


def _stored(journey: Journey) -> dict[str, str]:
    return dict(
        IntakeAnswer.objects.filter(journey_id=journey.pk).values_list("question_key", "answer")
    )


def _refuse_sent(intake: Intake | None) -> None:
    if intake is not None and intake.is_submitted():
        assert intake.submitted_at is not None
        sent = timezone.localtime(intake.submitted_at)
        day = f"{sent.day} {sent:%B %Y}"
        raise AlreadyDone(
            f"You sent your answers on {day}; they are with your coach and can no longer "
            "change. Nothing was changed now."
        )


def intake_save(*, journey: Journey, answers: Mapping[str, str], expected_revision: int) -> Intake:
    """Save the client's answers part-way: each answer's shape is checked, none is required.

    `expected_revision` is the intake's revision the page showed (0 if none was saved).
    A repeat of a save that went through raises `AlreadyDone`; a save from a page older
    than the last save raises `StaleIntake`; once sent, nothing changes.
    """
    typed = {key: value.strip() for key, value in answers.items()}
    with transaction.atomic():
        questions, intake = _locked(journey)
        _refuse_sent(intake)
        problems = check_answers(questions, typed, sending=False)
        if problems:
            raise DomainError(problems[0].message, field=f"q-{problems[0].key}")
        current = intake.revision if intake else 0
        if current != expected_revision:
            stored = _stored(journey)
            if {k: v for k, v in typed.items() if v} == {k: v for k, v in stored.items() if v}:
                raise AlreadyDone("These answers are already saved; nothing changed.")
            raise StaleIntake(
                "Your answers were saved from another page meanwhile, so this save was not "
                "kept. What you typed is still here: copy what you need, then reload."
            )
        now = timezone.now()
        if intake is None:
            intake = Intake.objects.create(journey_id=journey.pk, saved_at=now)
        else:
            intake.revision += 1
            intake.saved_at = now
            intake.save(update_fields=["revision", "saved_at"])
        _write_answers(journey, questions, typed)
    return intake


def _write_answers(
    journey: Journey, questions: tuple[IntakeQuestion, ...], typed: Mapping[str, str]
) -> None:
    # Every question's row is written again: a handful of short rows, and an answer
    # cleared on the page is cleared here too.
    IntakeAnswer.objects.filter(journey_id=journey.pk).delete()
    IntakeAnswer.objects.bulk_create(
        IntakeAnswer(journey_id=journey.pk, question_key=q.key, answer=typed.get(q.key, ""))
        for q in questions
        if typed.get(q.key, "")
    )


def intake_submit(*, journey: Journey, expected_revision: int) -> Intake:
    """Send the saved answers to the coach, as the review page showed them.

    Every required question needs an answer (the refusal names the first one missing).
    Sending prefills the journey's goals and baseline wheel ratings where the design maps
    an answer and nothing is there yet (prefill.py). A second sending raises `AlreadyDone`
    and changes nothing; a sending from a review older than the last save, `StaleIntake`.
    """
    with transaction.atomic():
        questions, intake = _locked(journey)
        _refuse_sent(intake)
        if intake is None:
            raise DomainError("Save your answers first; nothing was sent.")
        if intake.revision != expected_revision:
            raise StaleIntake(
                "Your answers changed since this page was shown, so nothing was sent. "
                "Look them over again, then send."
            )
        answers = _stored(journey)
        problems = check_answers(questions, answers, sending=True)
        if problems:
            raise DomainError(problems[0].message, field=f"q-{problems[0].key}")
        made = prefill_from(journey, questions, answers)
        intake.state = IntakeState.SUBMITTED
        intake.submitted_at = timezone.now()
        intake.revision += 1
        intake.prefilled_goals = made.goals
        intake.prefilled_areas = list(made.areas)
        intake.save(
            update_fields=[
                "state",
                "submitted_at",
                "revision",
                "prefilled_goals",
                "prefilled_areas",
            ]
        )
    return intake
