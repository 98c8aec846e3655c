from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import Design, DesignVersion, Phase, Visibility
from arcwise.designs.queries import version_spec
from tests.conftest import Cast
from tests.designs.factories import draft_state, make_design, make_spec

pytestmark = pytest.mark.django_db

PHASE = {
    "name": "Meet resistance",
    "key": "",
    "intent": "Work with what holds the old pattern in place.",
    "planned_weeks": "4",
    "planned_sessions": "2",
    "readiness_signals": "Names a competing commitment\n\n  Laughs at the pattern  \n",
    "session_prompts": "What are you protecting?",
    "experience_prompts": "When did the old pattern show up?",
    "reflection_prompts": "",
    "integration_prompts": "What will you keep doing?",
    "practices-TOTAL_FORMS": "2",
    "practices-INITIAL_FORMS": "0",
    "practices-MIN_NUM_FORMS": "0",
    "practices-MAX_NUM_FORMS": "30",
    "practices-0-title": "Worry log",
    "practices-0-description": "Note each time the worry appears.",
    "practices-1-title": "",
    "practices-1-description": "",
}


def url(name: str, design: Design, **kwargs: Any) -> str:
    return reverse(f"designs:{name}", kwargs={"design_id": design.public_id, **kwargs})


def new_phase(design: Design, **changes: str) -> dict[str, str]:
    """The "Add a phase" form as its page sends it: for the draft, with a fresh key."""
    return {
        **PHASE,
        **changes,
        "draft": draft_state(design)["draft"],
        "idempotency_key": str(uuid4()),
    }


def test_a_coach_creates_a_blank_design_and_lands_in_the_designer(
    cast: Cast, as_coach: HttpClient
) -> None:
    response = as_coach.post(
        reverse("designs:new"),
        {
            "name": "Winter arc",
            "purpose": "",
            "audience": "",
            "cadence_days": "14",
            "visibility": "private",
        },
    )

    design = Design.objects.get(owner=cast.coach)
    assert response["Location"] == url("designer", design)
    assert DesignVersion.objects.get(design=design).name == "Winter arc"


def test_a_phase_is_added_with_lists_cleaned_and_the_key_made_from_the_name(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    response = as_coach.post(url("phase_new", design), new_phase(design))

    assert response.status_code == 302
    phase = Phase.objects.get(version__design=design, name="Meet resistance")
    assert phase.key == "meet-resistance"
    assert phase.position == 2
    assert phase.readiness_signals == ["Names a competing commitment", "Laughs at the pattern"]
    assert phase.practices == [
        {"title": "Worry log", "description": "Note each time the worry appears."}
    ]
    assert phase.reflection_prompts == [
        {"step": "experience", "text": "When did the old pattern show up?"},
        {"step": "integration", "text": "What will you keep doing?"},
    ]


def test_a_bad_phase_is_shown_with_the_typed_text_kept(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    response = as_coach.post(url("phase_new", design), new_phase(design, planned_weeks="0"))

    body = response.content.decode()
    assert response.status_code == 400
    assert "Plan at least 1 week." in body
    assert "Work with what holds the old pattern in place." in body
    assert "Worry log" in body
    assert not Phase.objects.filter(name="Meet resistance").exists()


def test_a_duplicate_key_is_refused_next_to_the_key(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    response = as_coach.post(url("phase_new", design), new_phase(design, key="orient"))

    assert 'id="id_key-errors"' in response.content.decode()
    assert "“orient” is already the key of phase 1" in response.content.decode()


def test_publishing_freezes_and_editing_makes_version_two(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    as_coach.post(url("publish", design), draft_state(design))

    assert DesignVersion.objects.get(design=design, number=1).is_frozen()
    page = as_coach.get(url("detail", design)).content.decode()
    assert "Published" in page
    assert "the version new journeys get" in page

    as_coach.post(url("edit", design), follow=True)
    as_coach.post(url("phase_new", design), new_phase(design), follow=True)
    as_coach.post(url("publish", design), draft_state(design), follow=True)

    old = as_coach.get(url("version", design, number=1)).content.decode()
    assert "Earlier version" in old
    assert "Meet resistance" not in old
    assert "Meet resistance" in as_coach.get(url("detail", design)).content.decode()


def test_publishing_without_phases_says_why(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, phases=())

    response = as_coach.post(url("publish", design), draft_state(design), follow=True)

    assert "a design needs at least one phase" in response.content.decode()
    assert DesignVersion.objects.get(design=design).is_draft()


def test_the_export_is_the_design_file_as_an_attachment(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "close", name="Spring arc")

    response = as_coach.get(url("export", design, number=1))

    assert response["Content-Disposition"] == 'attachment; filename="spring-arc-v1.yaml"'
    version = DesignVersion.objects.get(design=design)
    assert response.content.decode() == write_design(version_spec(version))


def test_an_uploaded_file_becomes_a_draft(cast: Cast, as_outsider: HttpClient) -> None:
    text = write_design(make_spec("orient", "close", name="Travelling arc"))
    upload = SimpleUploadedFile("arc.yaml", text.encode(), content_type="application/yaml")

    response = as_outsider.post(reverse("designs:import"), {"file": upload})

    design = Design.objects.get(practice=cast.other_practice)
    assert response["Location"] == url("designer", design)
    assert write_design(version_spec(DesignVersion.objects.get(design=design))) == text


def test_a_broken_upload_is_explained_and_saves_nothing(cast: Cast, as_coach: HttpClient) -> None:
    text = write_design(make_spec()).replace("planned_weeks: 2", "planned_weeks: two", 1)
    upload = SimpleUploadedFile("arc.yaml", text.encode())

    response = as_coach.post(reverse("designs:import"), {"file": upload})

    body = response.content.decode()
    assert response.status_code == 400
    assert "The file was not imported, and nothing was saved." in body
    assert "design.phases[1].planned_weeks: expected a whole number" in body
    assert not Design.objects.exists()


def test_an_oversized_upload_is_refused_by_its_size(as_coach: HttpClient) -> None:
    upload = SimpleUploadedFile("big.yaml", b"#" * 5_000_000)

    response = as_coach.post(reverse("designs:import"), {"file": upload})

    assert "it is 5.0 MB; a design file can be at most 1 MB." in response.content.decode()
    assert not Design.objects.exists()


def test_a_private_design_is_invisible_to_other_coaches(cast: Cast, as_owner: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, name="Cora's private arc")

    assert as_owner.get(url("detail", design)).status_code == 404
    assert "Cora&#x27;s private arc" not in as_owner.get(reverse("designs:list")).content.decode()


def test_a_shared_design_is_readable_but_only_its_owner_edits_it(cast: Cast) -> None:
    design = make_design(
        cast.practice, cast.owner, visibility=Visibility.PRACTICE, name="Shared arc"
    )
    as_coach = HttpClient()
    as_coach.force_login(cast.coach)

    assert "Shared arc" in as_coach.get(reverse("designs:list")).content.decode()
    assert as_coach.get(url("detail", design)).status_code == 200
    assert as_coach.post(url("publish", design), draft_state(design)).status_code == 403
    assert as_coach.post(url("phase_new", design), new_phase(design)).status_code == 403
    assert DesignVersion.objects.get(design=design).is_draft()


def test_the_practice_owner_may_edit_a_shared_design(cast: Cast, as_owner: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, visibility=Visibility.PRACTICE)

    as_owner.post(url("publish", design), draft_state(design))

    assert DesignVersion.objects.get(design=design).is_frozen()


def test_mentors_do_not_see_designs(as_mentor: HttpClient) -> None:
    assert as_mentor.get(reverse("designs:list")).status_code == 403


def test_changes_need_a_post(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    for name in ("publish", "discard", "edit", "phases_reorder"):
        assert as_coach.get(url(name, design)).status_code == 405
    assert DesignVersion.objects.get(design=design).is_draft()


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach)

    response = HttpClient().get(url("designer", design))

    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_moving_with_htmx_returns_the_designer_body(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b")
    b = Phase.objects.get(version__design=design, key="b")

    response = as_coach.post(
        url("phase_move", design, phase_id=b.public_id),
        {"direction": "up", **draft_state(design)},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert "<html" not in body
    assert body.index("key b") < body.index("key a")


def test_a_starter_is_copied_into_the_practice_as_a_draft(cast: Cast, as_coach: HttpClient) -> None:
    as_coach.post(reverse("designs:from_starter"), {"starter": "transformation-arc"})

    version = DesignVersion.objects.get(design__owner=cast.coach)
    assert version.is_draft()
    assert Phase.objects.filter(version=version).count() == 7


@pytest.mark.parametrize("size", [2, 30])
def test_the_design_list_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    for number in range(size):
        make_design(cast.practice, cast.coach, name=f"Arc {number}")

    # session, user, memberships, designs, their versions
    with django_assert_num_queries(5):
        response = as_coach.get(reverse("designs:list"))
    assert response.content.decode().count("Arc ") >= size


@pytest.mark.parametrize("phase_count", [1, 15])
def test_the_designer_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, phase_count: int, django_assert_num_queries: Any
) -> None:
    design = make_design(cast.practice, cast.coach, *[f"p{n}" for n in range(phase_count)])

    # session, user, memberships, design, its versions, the draft's phases
    with django_assert_num_queries(6):
        response = as_coach.get(url("designer", design))
    assert response.content.decode().count('class="phase-row"') == phase_count


def test_the_phase_form_previews_unsaved_weeks_and_sessions(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    orient = Phase.objects.get(version__design=design)

    response = as_coach.post(
        url("phase_preview", design),
        {
            "phase_id": str(orient.public_id),
            "name": "Orient",
            "planned_weeks": "1",
            "planned_sessions": "3",
        },
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert "1 phase · 1 week · 3 sessions" in body
    assert "Orient plans 3 sessions in 1 week" in body
    assert Phase.objects.get(pk=orient.pk).planned_sessions == 1
