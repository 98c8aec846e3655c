"""The coach edits a draft's intake in the design editor: add, change, move and remove a
question, each once, with the draft's revision; a published version's intake is frozen."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.intake_spec import IntakeQuestion, QuestionKind, wheel_mapping
from arcwise.designs.models import Design, DesignVersion
from arcwise.designs.queries import version_intake
from arcwise.designs.services import intake_editing
from arcwise.designs.services.creating import draft_start
from arcwise.designs.services.publishing import draft_publish
from arcwise.designs.services.refusals import AlreadyDone, DesignProblems, StaleDraft
from tests.conftest import Cast
from tests.designs.factories import draft_state, make_design

HOPES = IntakeQuestion(key="", kind=QuestionKind.TEXT, prompt="What do you hope for?")
ENERGY = IntakeQuestion(
    key="", kind=QuestionKind.SCALE, prompt="How is your energy?", maps_to=wheel_mapping("Energy")
)


def draft_of(design: Design) -> DesignVersion:
    return DesignVersion.objects.get(design=design, published_at=None)


@pytest.fixture
def design(cast: Cast) -> Design:
    return make_design(cast.practice, cast.coach, wheel_areas=("Energy", "Calm", "Focus"))


@pytest.mark.django_db
def test_adding_gives_the_question_a_key_from_its_prompt_and_raises_the_revision(
    design: Design,
) -> None:
    draft = draft_of(design)

    added = intake_editing.intake_question_add(draft=draft, question=HOPES, expected_revision=1)

    assert added.key == "what-do-you-hope-for"
    assert version_intake(draft_of(design)) == (added,)
    assert draft_of(design).revision == 2


@pytest.mark.django_db
def test_the_same_add_sent_twice_adds_one_question_and_says_so(design: Design) -> None:
    intake_editing.intake_question_add(draft=draft_of(design), question=HOPES, expected_revision=1)

    with pytest.raises(AlreadyDone, match="already added"):
        intake_editing.intake_question_add(
            draft=draft_of(design), question=HOPES, expected_revision=1
        )

    assert len(version_intake(draft_of(design))) == 1


@pytest.mark.django_db
def test_a_change_from_an_older_page_is_refused(design: Design) -> None:
    intake_editing.intake_question_add(draft=draft_of(design), question=HOPES, expected_revision=1)

    with pytest.raises(StaleDraft, match="changed in another tab"):
        intake_editing.intake_question_add(
            draft=draft_of(design), question=ENERGY, expected_revision=1
        )


@pytest.mark.django_db
def test_moving_and_removing_change_the_order_once(design: Design) -> None:
    first = intake_editing.intake_question_add(
        draft=draft_of(design), question=HOPES, expected_revision=1
    )
    second = intake_editing.intake_question_add(
        draft=draft_of(design), question=ENERGY, expected_revision=2
    )

    intake_editing.intake_question_move(
        draft=draft_of(design), key=second.key, offset=-1, expected_revision=3
    )
    with pytest.raises(StaleDraft):
        intake_editing.intake_question_move(
            draft=draft_of(design), key=second.key, offset=-1, expected_revision=3
        )
    assert [q.key for q in version_intake(draft_of(design))] == [second.key, first.key]

    intake_editing.intake_question_remove(
        draft=draft_of(design), key=first.key, expected_revision=4
    )
    with pytest.raises(AlreadyDone, match="already removed"):
        intake_editing.intake_question_remove(
            draft=draft_of(design), key=first.key, expected_revision=4
        )
    assert [q.key for q in version_intake(draft_of(design))] == [second.key]


@pytest.mark.django_db
def test_a_question_that_breaks_the_rules_is_refused_naming_the_field(design: Design) -> None:
    choice = IntakeQuestion(key="", kind=QuestionKind.CHOICE, prompt="Which?", options=("One",))

    with pytest.raises(DesignProblems) as refusal:
        intake_editing.intake_question_add(
            draft=draft_of(design), question=choice, expected_revision=1
        )

    assert "intake[1].options: a choice needs 2 to 8 options (there are 1)." in [
        str(p) for p in refusal.value.problems
    ]
    assert draft_of(design).revision == 1


@pytest.mark.django_db
def test_a_published_versions_intake_is_frozen(design: Design) -> None:
    draft = draft_of(design)
    intake_editing.intake_question_add(draft=draft, question=HOPES, expected_revision=1)
    draft.refresh_from_db()
    published = draft_publish(draft=draft, expected_revision=draft.revision)

    with pytest.raises(StaleDraft, match="already published"):
        intake_editing.intake_question_add(
            draft=published, question=ENERGY, expected_revision=published.revision
        )

    assert len(version_intake(DesignVersion.objects.get(pk=published.pk))) == 1


@pytest.mark.django_db
def test_the_coach_adds_a_question_on_the_intake_page_and_sending_twice_adds_one(
    cast: Cast, design: Design, as_coach: HttpClient
) -> None:
    url = reverse("designs:intake", args=[design.public_id])
    form = {
        **draft_state(design),
        "prompt": "How is your energy?",
        "kind": "scale",
        "maps_to": "wheel: Energy",
    }

    first = as_coach.post(url, form, follow=True)
    second = as_coach.post(url, form, follow=True)

    assert "is added to the intake" in first.content.decode()
    assert "is already added" in second.content.decode()
    assert [q.wheel_area for q in version_intake(draft_of(design))] == ["Energy"]
    assert (
        "1 question the client answers"
        in as_coach.get(reverse("designs:designer", args=[design.public_id])).content.decode()
    )


@pytest.mark.django_db
def test_a_refused_question_keeps_what_was_typed(design: Design, as_coach: HttpClient) -> None:
    url = reverse("designs:intake", args=[design.public_id])
    form = {**draft_state(design), "prompt": "Which pace?", "kind": "choice", "options": "Weekly"}

    response = as_coach.post(url, form)

    page = response.content.decode()
    assert response.status_code == 409
    assert "a choice needs 2 to 8 options (there are 1)" in page
    assert "Which pace?" in page


@pytest.mark.django_db
def test_a_new_draft_starts_with_the_published_intake_and_the_page_lists_it(
    cast: Cast, design: Design, as_coach: HttpClient
) -> None:
    draft = draft_of(design)
    intake_editing.intake_question_add(draft=draft, question=ENERGY, expected_revision=1)
    draft.refresh_from_db()
    draft_publish(draft=draft, expected_revision=draft.revision)

    new_draft = draft_start(design=design, user=cast.coach)

    assert [q.prompt for q in version_intake(new_draft)] == ["How is your energy?"]
    page = as_coach.get(reverse("designs:version", args=[design.public_id, 1])).content.decode()
    assert "Intake questionnaire" in page
    assert "the starting rating of “Energy”" in page
