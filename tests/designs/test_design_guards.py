"""Every change to a design happens once.

Each guarded write is sent twice: in sequence through its page, as a double click or a
retried request would, and from two threads at once through its service, as two tabs would.
The rows are asserted, not only the messages: how many designs, versions and phases exist,
where each phase stands, what it says, and the revision each change raised.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.designs.queries import phase_spec
from arcwise.designs.services import creating, editing, publishing
from arcwise.designs.services.refusals import AlreadyDone, Reason, StaleDraft
from tests.conftest import Cast
from tests.designs.factories import draft_state, make_design, make_phase_spec, make_spec
from tests.designs.test_design_views import PHASE, url
from tests.races import in_two_threads

NEW_DESIGN = {
    "name": "Winter arc",
    "purpose": "",
    "audience": "",
    "cadence_days": "14",
    "visibility": "private",
}


def draft_of(design: Design) -> DesignVersion:
    return DesignVersion.objects.get(design=design, published_at=None)


def phases_of(version: DesignVersion) -> list[tuple[int, str]]:
    """(position, key) of each phase, in order: what a move or a removal changes."""
    rows = Phase.objects.filter(version=version).order_by("position")
    return list(rows.values_list("position", "key"))


def phase(design: Design, key: str) -> Phase:
    return Phase.objects.select_related("version").get(version__design=design, key=key)


def edit_of(p: Phase, **changes: str) -> dict[str, str]:
    """The phase's edit form as its page sends it, with some words changed."""
    return {
        **PHASE,
        "name": p.name,
        "key": p.key,
        "intent": p.intent,
        "planned_weeks": str(p.planned_weeks),
        "planned_sessions": str(p.planned_sessions),
        "readiness_signals": "",
        "session_prompts": "",
        "revision": str(p.revision),
        **changes,
    }


def details_of(design: Design, **changes: str) -> dict[str, str]:
    draft = draft_of(design)
    return {
        "name": draft.name,
        "purpose": draft.purpose,
        "audience": draft.audience,
        "cadence_days": str(draft.cadence_days),
        **draft_state(design),
        **changes,
    }


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Creating: a double click makes one row --------------------------------------------


def test_each_form_of_the_new_design_page_carries_its_own_key(as_coach: HttpClient) -> None:
    body = as_coach.get(reverse("designs:new")).content.decode()

    keys = re.findall(r'name="idempotency_key" value="([0-9a-f-]{36})"', body)
    assert len(keys) == len(set(keys)) == 5  # three starters, a blank design, a file
    ids = re.findall(r' id="([^"]+)"', body)
    assert len(ids) == len(set(ids))


def test_a_new_design_sent_twice_is_made_once(cast: Cast, as_coach: HttpClient) -> None:
    form = {**NEW_DESIGN, "idempotency_key": str(uuid4())}

    first = as_coach.post(reverse("designs:new"), form)
    second = as_coach.post(reverse("designs:new"), form, follow=True)

    design = Design.objects.get(owner=cast.coach)
    assert first["Location"] == url("designer", design)
    assert second.redirect_chain[0][0] == url("designer", design)
    assert "This design is already created" in " ".join(messages_of(second))
    assert DesignVersion.objects.filter(design=design).count() == 1


def test_two_new_design_forms_make_two_designs(cast: Cast, as_coach: HttpClient) -> None:
    for _ in range(2):
        as_coach.post(reverse("designs:new"), {**NEW_DESIGN, "idempotency_key": str(uuid4())})

    assert Design.objects.filter(owner=cast.coach).count() == 2


def test_a_starter_chosen_twice_from_one_page_is_copied_once(
    cast: Cast, as_coach: HttpClient
) -> None:
    form = {"starter": "transformation-arc", "idempotency_key": str(uuid4())}

    as_coach.post(reverse("designs:from_starter"), form)
    second = as_coach.post(reverse("designs:from_starter"), form, follow=True)

    design = Design.objects.get(owner=cast.coach)
    assert Phase.objects.filter(version__design=design).count() == 7
    assert "already created" in " ".join(messages_of(second))


def test_a_design_file_uploaded_twice_from_one_page_is_imported_once(
    cast: Cast, as_coach: HttpClient
) -> None:
    text = write_design(make_spec("orient", "close", name="Travelling arc")).encode()
    key = str(uuid4())

    for _ in range(2):
        upload = SimpleUploadedFile("arc.yaml", text, content_type="application/yaml")
        as_coach.post(reverse("designs:import"), {"file": upload, "idempotency_key": key})

    design = Design.objects.get(owner=cast.coach)
    assert Phase.objects.filter(version__design=design).count() == 2


def test_edit_design_pressed_twice_starts_one_draft(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)

    as_coach.post(url("edit", design))
    second = as_coach.post(url("edit", design), follow=True)

    assert list(DesignVersion.objects.filter(design=design).values_list("number", flat=True)) == [
        1,
        2,
    ]
    assert "Draft version 2 was already started" in " ".join(messages_of(second))
    assert second.redirect_chain[0][0] == url("designer", design)


def test_a_file_imported_twice_as_the_next_version_makes_one_draft(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)
    text = write_design(make_spec("orient", "close", name="Second thoughts")).encode()
    key = str(uuid4())

    responses = [
        as_coach.post(
            url("version_import", design),
            {"file": SimpleUploadedFile("arc.yaml", text), "idempotency_key": key},
            follow=True,
        )
        for _ in range(2)
    ]

    assert DesignVersion.objects.filter(design=design).count() == 2
    assert phases_of(draft_of(design)) == [(1, "orient"), (2, "close")]
    assert "The file is already draft version 2" in " ".join(messages_of(responses[1]))


def test_importing_the_next_version_from_a_page_that_saw_no_draft_is_refused(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)
    as_coach.post(url("edit", design))  # another tab started a draft meanwhile
    text = write_design(make_spec("orient", "close")).encode()

    response = as_coach.post(
        url("version_import", design),
        {"file": SimpleUploadedFile("arc.yaml", text), "idempotency_key": str(uuid4())},
        follow=True,
    )

    assert "This design already has a draft, version 2" in " ".join(messages_of(response))
    assert phases_of(draft_of(design)) == [(1, "orient")]


def test_a_phase_added_twice_from_one_form_is_added_once(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    before = draft_of(design).revision
    form = {**PHASE, "draft": draft_state(design)["draft"], "idempotency_key": str(uuid4())}

    first = as_coach.post(url("phase_new", design), form)
    second = as_coach.post(url("phase_new", design), form, follow=True)

    assert first.status_code == 302
    assert phases_of(draft_of(design)) == [(1, "orient"), (2, "meet-resistance")]
    assert draft_of(design).revision == before + 1
    assert "Meet resistance is already added" in " ".join(messages_of(second))


# --- Editing: two tabs never overwrite each other unseen --------------------------------


def test_a_phase_saved_twice_is_saved_once(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    orient = phase(design, "orient")
    form = edit_of(orient, intent="Arrive, and agree how we work.")

    as_coach.post(url("phase_edit", design, phase_id=orient.public_id), form)
    second = as_coach.post(url("phase_edit", design, phase_id=orient.public_id), form, follow=True)

    saved = phase(design, "orient")
    assert saved.intent == "Arrive, and agree how we work."
    assert saved.revision == 2
    assert "Orient is already saved as you wrote it." in messages_of(second)


def test_a_phase_edited_in_two_tabs_keeps_the_first_and_shows_the_second_its_text(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    orient = phase(design, "orient")
    edit = url("phase_edit", design, phase_id=orient.public_id)

    as_coach.post(edit, edit_of(orient, intent="First tab's intent."))
    stale = as_coach.post(edit, edit_of(orient, intent="Second tab's intent."))

    body = stale.content.decode()
    assert stale.status_code == 409
    assert "This phase was changed in another tab after you opened it" in body
    assert "Second tab&#x27;s intent." in body  # what was typed stays in the form
    assert "Saved meanwhile in another tab" in body
    assert "First tab&#x27;s intent." in body  # beside what is saved
    assert 'name="revision" value="2"' in body  # the next save, knowing both, goes through
    saved = phase(design, "orient")
    assert (saved.intent, saved.revision) == ("First tab's intent.", 2)

    again = as_coach.post(edit, edit_of(saved, intent="Second tab's intent."))

    assert again.status_code == 302
    saved = phase(design, "orient")
    assert (saved.intent, saved.revision) == ("Second tab's intent.", 3)


def test_a_phase_edit_after_its_phase_was_removed_offers_to_add_it_again(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "close")
    close = phase(design, "close")
    form = edit_of(close, intent="Mark what changed.")
    as_coach.post(url("phase_remove", design, phase_id=close.public_id), draft_state(design))

    response = as_coach.post(url("phase_edit", design, phase_id=close.public_id), form)

    body = response.content.decode()
    assert response.status_code == 409
    assert "This phase was removed from the draft" in body
    assert "Mark what changed." in body
    assert f'action="{url("phase_new", design)}"' in body
    assert phases_of(draft_of(design)) == [(1, "orient")]


def test_details_saved_twice_are_saved_once(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    before = draft_of(design).revision
    form = details_of(design, name="Spring arc")

    as_coach.post(url("draft_details", design), form)
    second = as_coach.post(url("draft_details", design), form, follow=True)

    assert (draft_of(design).name, draft_of(design).revision) == ("Spring arc", before + 1)
    assert "The design's details are already saved as you wrote them." in messages_of(second)


def test_details_from_a_stale_tab_are_refused_with_the_typed_text_kept(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    stale_form = details_of(design, purpose="What the second tab typed.")
    as_coach.post(url("draft_details", design), details_of(design, purpose="Saved first."))

    response = as_coach.post(url("draft_details", design), stale_form)

    body = response.content.decode()
    draft = draft_of(design)
    assert response.status_code == 409
    assert "This draft was changed in another tab after you opened this page" in body
    assert "What the second tab typed." in body
    assert "Saved meanwhile in another tab" in body
    assert "Saved first." in body
    assert f'name="revision" value="{draft.revision}"' in body
    assert draft.purpose == "Saved first."


def test_a_form_without_its_hidden_state_changes_nothing(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    form = {key: value for key, value in details_of(design, name="X").items() if key != "draft"}

    response = as_coach.post(url("draft_details", design), form)

    assert response.status_code == 400
    assert "This page is out of date" in response.content.decode()
    assert draft_of(design).name == "Test arc"


# --- The designer's buttons: a second click changes nothing ----------------------------


def test_move_up_clicked_twice_moves_once(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    c = phase(design, "c")
    state = {"direction": "up", **draft_state(design)}

    as_coach.post(url("phase_move", design, phase_id=c.public_id), state)
    second = as_coach.post(url("phase_move", design, phase_id=c.public_id), state, follow=True)

    assert phases_of(draft_of(design)) == [(1, "a"), (2, "c"), (3, "b")]
    assert "so this move changed nothing" in " ".join(messages_of(second))


def test_a_second_htmx_move_is_refused_in_place_with_the_draft_as_it_is(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    c = phase(design, "c")
    state = {"direction": "up", **draft_state(design)}
    move = url("phase_move", design, phase_id=c.public_id)

    first = as_coach.post(move, state, HTTP_HX_REQUEST="true")
    second = as_coach.post(move, state, HTTP_HX_REQUEST="true")

    body = second.content.decode()
    assert first.status_code == 200
    assert second.status_code == 409
    assert "<html" not in body
    assert 'role="alert"' in body
    assert "so this move changed nothing" in body
    assert body.index("key c") < body.index("key b")
    # The swapped body carries the revision it shows, so the next click goes through.
    assert f'name="revision" value="{draft_of(design).revision}"' in body
    assert phases_of(draft_of(design)) == [(1, "a"), (2, "c"), (3, "b")]


def test_remove_clicked_twice_removes_once(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    b = phase(design, "b")
    state = draft_state(design)

    as_coach.post(url("phase_remove", design, phase_id=b.public_id), state)
    second = as_coach.post(
        url("phase_remove", design, phase_id=b.public_id), state, HTTP_HX_REQUEST="true"
    )

    assert phases_of(draft_of(design)) == [(1, "a"), (2, "c")]
    assert "This phase is already removed from the draft." in second.content.decode()


def test_a_drag_from_a_stale_page_is_refused(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    ids = {p.key: str(p.public_id) for p in Phase.objects.filter(version__design=design)}
    reorder = (
        url("phases_reorder", design)
        + "?"
        + "&".join(f"{k}={v}" for k, v in draft_state(design).items())
    )

    as_coach.post(reorder, {"order": [ids["c"], ids["a"], ids["b"]]}, HTTP_HX_REQUEST="true")
    second = as_coach.post(
        reorder, {"order": [ids["b"], ids["c"], ids["a"]]}, HTTP_HX_REQUEST="true"
    )

    assert second.status_code == 409
    assert phases_of(draft_of(design)) == [(1, "c"), (2, "a"), (3, "b")]


def test_publish_clicked_twice_publishes_once(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    state = draft_state(design)

    as_coach.post(url("publish", design), state)
    published_at = DesignVersion.objects.get(design=design).published_at
    second = as_coach.post(url("publish", design), state, follow=True)

    version = DesignVersion.objects.get(design=design)
    assert version.published_at == published_at
    assert "Version 1 is already published; you are looking at an old page." in messages_of(second)


def test_a_publish_from_a_page_that_missed_a_phase_edit_is_refused(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    seen = draft_state(design)
    orient = phase(design, "orient")
    as_coach.post(  # another tab
        url("phase_edit", design, phase_id=orient.public_id), edit_of(orient, intent="Changed.")
    )

    response = as_coach.post(url("publish", design), seen, follow=True)

    assert draft_of(design).is_draft()
    assert "so version 1 was not published" in " ".join(messages_of(response))
    assert response.redirect_chain[0][0] == url("designer", design)


def test_a_phase_edit_that_arrives_after_publishing_is_refused_and_keeps_its_text(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    orient = phase(design, "orient")
    as_coach.post(url("publish", design), draft_state(design))  # another tab

    response = as_coach.post(
        url("phase_edit", design, phase_id=orient.public_id),
        edit_of(orient, intent="Typed before the publish."),
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "Version 1 is already published, so it is frozen" in body
    assert "press “Edit design” on the design&#x27;s page to start a new draft" in body
    assert "Typed before the publish." in body
    assert "Save phase" not in body
    saved = Phase.objects.get(pk=orient.pk)
    assert (saved.intent, saved.revision) == (orient.intent, 1)


def test_a_publish_from_an_old_page_never_publishes_the_next_draft(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    old_page = draft_state(design)
    as_coach.post(url("publish", design), old_page)
    as_coach.post(url("edit", design))

    response = as_coach.post(url("publish", design), old_page, follow=True)

    assert draft_of(design).number == 2
    assert "Version 1 is already published" in " ".join(messages_of(response))


def test_a_page_of_a_discarded_draft_cannot_reach_the_next_draft_of_that_number(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)
    as_coach.post(url("edit", design))
    old_page = draft_state(design)
    as_coach.post(url("discard", design), old_page)
    text = write_design(make_spec("orient", "close", name="Imported")).encode()
    as_coach.post(url("version_import", design), {"file": SimpleUploadedFile("a.yaml", text)})
    assert draft_of(design).number == 2
    assert draft_of(design).revision == int(old_page["revision"])

    response = as_coach.post(url("publish", design), old_page, follow=True)

    assert draft_of(design).name == "Imported"
    assert "This draft is already discarded" not in " ".join(messages_of(response))
    assert "This draft was discarded" in " ".join(messages_of(response))


def test_discard_clicked_twice_discards_once(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)
    as_coach.post(url("edit", design))
    state = draft_state(design)

    as_coach.post(url("discard", design), state)
    second = as_coach.post(url("discard", design), state, follow=True)

    assert list(DesignVersion.objects.filter(design=design).values_list("number", flat=True)) == [1]
    assert "This draft is already discarded." in messages_of(second)


def test_deleting_an_unpublished_design_twice_says_it_is_gone(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    state = draft_state(design)

    as_coach.post(url("discard", design), state)
    second = as_coach.post(url("discard", design), state, follow=True)

    assert not Design.objects.filter(pk=design.pk).exists()
    assert second.status_code == 200
    assert "This design is already deleted." in messages_of(second)


def test_a_discard_from_a_page_that_missed_a_change_is_refused(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "close")
    seen = draft_state(design)
    close = phase(design, "close")
    as_coach.post(url("phase_move", design, phase_id=close.public_id), {"direction": "up", **seen})

    response = as_coach.post(url("discard", design), seen, follow=True)

    assert phases_of(draft_of(design)) == [(1, "close"), (2, "orient")]
    assert "so it was not discarded" in " ".join(messages_of(response))


def test_an_htmx_move_on_a_published_draft_sends_the_browser_to_the_design(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b")
    state = {"direction": "up", **draft_state(design)}
    as_coach.post(url("publish", design), draft_state(design))

    response = as_coach.post(
        url("phase_move", design, phase_id=phase(design, "b").public_id),
        state,
        HTTP_HX_REQUEST="true",
    )

    assert response["HX-Redirect"] == url("detail", design)
    page = as_coach.get(url("detail", design)).content.decode()
    assert "Version 1 is already published, so it is frozen" in page
    assert phases_of(DesignVersion.objects.get(design=design)) == [(1, "a"), (2, "b")]


# --- Two at once: the same change from two threads --------------------------------------

races = pytest.mark.django_db(transaction=True)


def refusals(outcomes: list[Any], kind: type[Exception]) -> list[Exception]:
    """The outcomes that are refusals of `kind`; anything else unexpected fails the test."""
    for outcome in outcomes:
        if isinstance(outcome, Exception) and not isinstance(outcome, kind):
            raise outcome
    return [outcome for outcome in outcomes if isinstance(outcome, kind)]


def one_each(*actions: Callable[[], Any]) -> Callable[[], Any]:
    """An action for `in_two_threads` that runs a different one of `actions` in each thread."""
    lock = threading.Lock()
    queue: Iterator[Callable[[], Any]] = iter(actions)

    def run() -> Any:
        with lock:
            action = next(queue)
        return action()

    return run


@races
def test_two_new_designs_from_one_form_at_once_make_one(cast: Cast) -> None:
    key = uuid4()

    outcomes = in_two_threads(
        lambda: creating.design_create(
            practice=cast.practice, owner=cast.coach, spec=make_spec(), idempotency_key=key
        )
    )

    assert len(refusals(outcomes, AlreadyDone)) == 1
    assert Design.objects.filter(owner=cast.coach).count() == 1
    assert DesignVersion.objects.filter(design__owner=cast.coach).count() == 1


@races
def test_two_edits_at_once_start_one_draft(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)

    outcomes = in_two_threads(lambda: creating.draft_start(design=design, user=cast.coach))

    assert len(refusals(outcomes, AlreadyDone)) == 1
    assert DesignVersion.objects.filter(design=design).count() == 2


@races
def test_one_file_imported_twice_at_once_as_the_next_version_makes_one_draft(
    cast: Cast,
) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)
    data = write_design(make_spec("orient", "close")).encode()
    key = uuid4()

    outcomes = in_two_threads(
        lambda: creating.version_import(
            design=design, user=cast.coach, data=data, idempotency_key=key
        )
    )

    assert len(refusals(outcomes, AlreadyDone)) == 1
    assert DesignVersion.objects.filter(design=design).count() == 2


@races
def test_one_phase_form_sent_twice_at_once_adds_one_phase(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    draft = draft_of(design)
    key = uuid4()

    outcomes = in_two_threads(
        lambda: editing.phase_add(
            draft=draft_of(design), spec=make_phase_spec("close"), idempotency_key=key
        )
    )

    assert len(refusals(outcomes, AlreadyDone)) == 1
    assert phases_of(draft) == [(1, "orient"), (2, "close")]
    assert draft_of(design).revision == draft.revision + 1


@races
def test_one_phase_edited_in_two_tabs_at_once_keeps_one_edit_whole(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    seen = phase(design, "orient")
    tabs = [make_phase_spec("orient", intent=f"Tab {n}.", planned_weeks=n) for n in (3, 4)]

    outcomes = in_two_threads(
        one_each(
            *(
                lambda spec=spec: editing.phase_update(
                    phase=phase(design, "orient"), spec=spec, expected_revision=seen.revision
                )
                for spec in tabs
            )
        )
    )

    (refused,) = refusals(outcomes, StaleDraft)
    assert isinstance(refused, StaleDraft)
    assert refused.reason == Reason.CHANGED
    saved = phase(design, "orient")
    assert saved.revision == 2
    assert phase_spec(saved) in tabs  # one tab's words, not a mixture


@races
def test_details_saved_in_two_tabs_at_once_keep_one(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    seen = draft_of(design).revision
    names = ("First tab", "Second tab")

    outcomes = in_two_threads(
        one_each(
            *(
                lambda name=name: editing.draft_update_details(
                    draft=draft_of(design),
                    name=name,
                    purpose=f"{name}'s purpose",
                    audience="",
                    cadence_days=7,
                    expected_revision=seen,
                )
                for name in names
            )
        )
    )

    assert len(refusals(outcomes, StaleDraft)) == 1
    draft = draft_of(design)
    assert draft.revision == seen + 1
    assert draft.name in names
    assert draft.purpose == f"{draft.name}'s purpose"


@races
def test_one_move_clicked_twice_at_once_moves_once(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    seen = draft_of(design).revision

    outcomes = in_two_threads(
        lambda: editing.phase_move(phase=phase(design, "c"), offset=-1, expected_revision=seen)
    )

    assert len(refusals(outcomes, StaleDraft)) == 1
    assert phases_of(draft_of(design)) == [(1, "a"), (2, "c"), (3, "b")]
    assert draft_of(design).revision == seen + 1


@races
def test_one_removal_clicked_twice_at_once_removes_once(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    seen = draft_of(design).revision
    b = phase(design, "b")

    # Each tab read the phase when its page was made; the removal happens after.
    tabs = [Phase.objects.select_related("version").get(pk=b.pk) for _ in range(2)]

    outcomes = in_two_threads(
        one_each(
            *(
                lambda tab=tab: editing.phase_remove(phase=tab, expected_revision=seen)
                for tab in tabs
            )
        )
    )

    assert len(refusals(outcomes, AlreadyDone)) == 1
    assert phases_of(draft_of(design)) == [(1, "a"), (2, "c")]


@races
def test_one_drag_sent_twice_at_once_reorders_once(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    seen = draft_of(design).revision
    ids = {p.key: str(p.public_id) for p in Phase.objects.filter(version__design=design)}

    outcomes = in_two_threads(
        lambda: editing.phases_reorder(
            draft=draft_of(design), order=[ids["c"], ids["a"], ids["b"]], expected_revision=seen
        )
    )

    assert len(refusals(outcomes, StaleDraft)) == 1
    assert phases_of(draft_of(design)) == [(1, "c"), (2, "a"), (3, "b")]
    assert draft_of(design).revision == seen + 1


@races
def test_publish_clicked_twice_at_once_publishes_once(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    draft = draft_of(design)

    tabs = [DesignVersion.objects.get(pk=draft.pk) for _ in range(2)]

    outcomes = in_two_threads(
        one_each(
            *(
                lambda tab=tab: publishing.draft_publish(
                    draft=tab, expected_revision=draft.revision
                )
                for tab in tabs
            )
        )
    )

    assert len(refusals(outcomes, AlreadyDone)) == 1
    version = DesignVersion.objects.get(design=design)
    assert version.is_frozen()
    assert version.revision == draft.revision + 1


@races
def test_discard_clicked_twice_at_once_discards_once(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient", published=True)
    creating.draft_start(design=design, user=cast.coach)
    seen = draft_of(design)
    tabs = [DesignVersion.objects.get(pk=seen.pk) for _ in range(2)]

    outcomes = in_two_threads(
        one_each(
            *(
                lambda tab=tab: publishing.draft_discard(draft=tab, expected_revision=seen.revision)
                for tab in tabs
            )
        )
    )

    assert len(refusals(outcomes, AlreadyDone)) == 1
    assert list(DesignVersion.objects.filter(design=design).values_list("number", flat=True)) == [1]


@races
def test_publishing_while_another_tab_saves_a_phase_lets_only_one_through(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    draft, orient = draft_of(design), phase(design, "orient")
    edited = make_phase_spec("orient", intent="Edited in the other tab.")

    publishing_tab = DesignVersion.objects.get(pk=draft.pk)

    outcomes = in_two_threads(
        one_each(
            lambda: publishing.draft_publish(
                draft=publishing_tab, expected_revision=draft.revision
            ),
            lambda: editing.phase_update(
                phase=orient, spec=edited, expected_revision=orient.revision
            ),
        )
    )

    (refused,) = refusals(outcomes, StaleDraft)
    assert isinstance(refused, StaleDraft)
    version = DesignVersion.objects.get(pk=draft.pk)
    saved = Phase.objects.get(pk=orient.pk)
    if version.is_frozen():  # the publish won: what it froze is what its page showed
        assert refused.reason == Reason.PUBLISHED
        assert (saved.intent, saved.revision) == (orient.intent, 1)
    else:  # the edit won: the publish, made without seeing it, froze nothing
        assert refused.reason == Reason.CHANGED
        assert (saved.intent, saved.revision) == ("Edited in the other tab.", 2)
        assert version.revision == draft.revision + 1
