from __future__ import annotations

import pytest

from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.designs.queries import version_spec
from arcwise.designs.services import creating, editing, publishing, refusals
from arcwise.errors import DomainError
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec, make_spec

pytestmark = pytest.mark.django_db


def keys_of(version: DesignVersion) -> list[str]:
    return list(
        Phase.objects.filter(version=version).order_by("position").values_list("key", flat=True)
    )


def test_a_new_design_starts_as_draft_version_one(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "close")

    version = DesignVersion.objects.get(design=design)
    assert version.number == 1
    assert version.is_draft()
    assert keys_of(version) == ["orient", "close"]


def test_a_published_version_is_frozen(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, published=True)
    version = DesignVersion.objects.get(design=design)
    phase = Phase.objects.filter(version=version).first()
    assert phase is not None

    with pytest.raises(
        refusals.StaleDraft, match="Version 1 is already published, so it is frozen"
    ):
        editing.phase_update(phase=phase, spec=make_phase_spec("orient", name="Changed"))
    with pytest.raises(DomainError, match="frozen"):
        editing.phase_add(draft=version, spec=make_phase_spec("extra"))
    with pytest.raises(DomainError, match="frozen"):
        editing.draft_update_details(
            draft=version, name="New", purpose="", audience="", cadence_days=7
        )
    assert Phase.objects.get(pk=phase.pk).name == "Orient"


def test_editing_a_published_design_makes_a_draft_copy(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "close", published=True)

    draft = creating.draft_start(design=design, user=cast.coach)
    with pytest.raises(refusals.AlreadyDone, match="Draft version 2 was already started") as again:
        creating.draft_start(design=design, user=cast.coach)

    assert draft.number == 2
    assert again.value.made == draft
    assert DesignVersion.objects.filter(design=design).count() == 2
    v1 = DesignVersion.objects.get(design=design, number=1)
    assert version_spec(draft) == version_spec(v1)


def test_publishing_the_draft_makes_it_current_and_keeps_older_versions(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "close", published=True)
    draft = creating.draft_start(design=design, user=cast.coach)
    editing.phase_add(draft=draft, spec=make_phase_spec("integrate"))

    publishing.draft_publish(draft=draft)

    versions = DesignVersion.objects.filter(design=design).order_by("number")
    assert [v.is_frozen() for v in versions] == [True, True]
    assert keys_of(versions[0]) == ["orient", "close"]
    assert keys_of(versions[1]) == ["orient", "close", "integrate"]


def test_a_design_without_phases_cannot_be_published(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, phases=())
    draft = DesignVersion.objects.get(design=design)

    with pytest.raises(refusals.DesignProblems) as refusal:
        publishing.draft_publish(draft=draft)

    assert "phases: a design needs at least one phase." in map(str, refusal.value.problems)
    assert DesignVersion.objects.get(pk=draft.pk).is_draft()


def test_phase_keys_are_unique_within_a_version(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    draft = DesignVersion.objects.get(design=design)

    with pytest.raises(DomainError, match="“orient” is already the key of phase 1"):
        editing.phase_add(draft=draft, spec=make_phase_spec("orient", name="Again"))


def test_weeks_and_sessions_must_be_positive(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    draft = DesignVersion.objects.get(design=design)

    with pytest.raises(refusals.DesignProblems) as refusal:
        editing.phase_add(
            draft=draft, spec=make_phase_spec("x", planned_weeks=0, planned_sessions=0)
        )

    assert {problem.where for problem in refusal.value.problems} == {
        "planned_weeks",
        "planned_sessions",
    }


def test_moving_phases_keeps_the_order_dense(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    draft = DesignVersion.objects.get(design=design)
    c = Phase.objects.get(version=draft, key="c")

    editing.phase_move(phase=c, offset=-1)
    assert keys_of(draft) == ["a", "c", "b"]
    editing.phase_move(phase=Phase.objects.get(version=draft, key="a"), offset=-1)
    assert keys_of(draft) == ["a", "c", "b"]
    editing.phase_remove(phase=Phase.objects.get(version=draft, key="c"))
    assert keys_of(draft) == ["a", "b"]
    positions = Phase.objects.filter(version=draft).order_by("position")
    assert [p.position for p in positions] == [1, 2]


def test_reordering_takes_every_phase_once(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "a", "b", "c")
    draft = DesignVersion.objects.get(design=design)
    ids = {p.key: str(p.public_id) for p in Phase.objects.filter(version=draft)}

    editing.phases_reorder(draft=draft, order=[ids["c"], ids["a"], ids["b"]])
    assert keys_of(draft) == ["c", "a", "b"]
    with pytest.raises(DomainError, match="reload the page"):
        editing.phases_reorder(draft=draft, order=[ids["a"], ids["b"]])
    assert keys_of(draft) == ["c", "a", "b"]


def test_discarding_the_only_draft_deletes_an_unpublished_design(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach)

    publishing.draft_discard(draft=DesignVersion.objects.get(design=design))

    assert not Design.objects.filter(pk=design.pk).exists()


def test_discarding_a_later_draft_keeps_the_published_version(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, published=True)
    draft = creating.draft_start(design=design, user=cast.coach)

    publishing.draft_discard(draft=draft)

    assert list(DesignVersion.objects.filter(design=design).values_list("number", flat=True)) == [1]


def test_too_many_sessions_for_the_weeks_is_a_warning_not_an_error(cast: Cast) -> None:
    from arcwise.designs.spec import check_design

    spec = make_spec("orient")
    crowded = spec.phases[0].__class__(**{**spec.phases[0].__dict__, "planned_sessions": 4})
    findings = check_design(make_spec(phases=(crowded,)))

    assert findings.ok
    assert "Orient plans 4 sessions in 2 weeks" in findings.warnings[0].message
    assert "only 1 fit" in findings.warnings[0].message
