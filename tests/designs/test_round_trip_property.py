"""Property: any valid design survives export -> import -> export unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arcwise.designs.design_file.reading import read_design
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import DesignVersion
from arcwise.designs.queries import version_spec
from arcwise.designs.services import creating
from arcwise.designs.spec import (
    CycleStep,
    DesignSpec,
    PhaseSpec,
    Practice,
    ReflectionPrompt,
    check_design,
    clean_text,
)
from arcwise.text import BIDI_CONTROL_NAMES
from tests.conftest import Cast

# Any printable text, including YAML's special characters, quotes, leading dashes, colons,
# '#', emoji and right-to-left scripts (with their marks); control characters and the
# bidirectional embedding, override and isolate controls are refused by the rules.
allowed = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
    blacklist_characters="\ufeff" + "".join(BIDI_CONTROL_NAMES),
) | st.sampled_from(["\n", " ", ":", "#", "-", "'", '"', "&", "*", "!", "|", ">", "%", "@"])
raw_text = st.text(alphabet=allowed, max_size=60)
some_text = raw_text.map(clean_text)
# Required text is built around one character that trimming keeps (not a space of any
# kind), so every case drawn is valid rather than most of them filtered.
visible = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs"),
    blacklist_characters="\ufeff" + "".join(BIDI_CONTROL_NAMES),
)
required_text = st.builds(
    lambda before, mark, after: clean_text(before + mark + after),
    st.text(alphabet=allowed, max_size=30),
    visible,
    st.text(alphabet=allowed, max_size=29),
)
names = required_text.map(lambda text: text[:120])
keys = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")


@st.composite
def phases(draw: st.DrawFn, key: str) -> PhaseSpec:
    return PhaseSpec(
        key=key,
        name=draw(names),
        intent=draw(required_text),
        # Optional wording for the client: empty (left out of the file) as often as written.
        client_intent=draw(st.one_of(st.just(""), some_text)),
        planned_weeks=draw(st.integers(1, 104)),
        planned_sessions=draw(st.integers(1, 60)),
        readiness_signals=tuple(draw(st.lists(required_text, max_size=3))),
        session_prompts=tuple(draw(st.lists(required_text, max_size=3))),
        practices=tuple(
            draw(st.lists(st.builds(Practice, title=names, description=some_text), max_size=3))
        ),
        reflection_prompts=tuple(
            draw(
                st.lists(
                    st.builds(
                        ReflectionPrompt, step=st.sampled_from(CycleStep), text=required_text
                    ),
                    max_size=3,
                )
            )
        ),
    )


@st.composite
def designs(draw: st.DrawFn) -> DesignSpec:
    phase_keys = draw(st.lists(keys, min_size=1, max_size=5, unique=True))
    spec = DesignSpec(
        name=draw(names),
        purpose=draw(some_text),
        audience=draw(some_text),
        cadence_days=draw(st.integers(1, 56)),
        phases=tuple(draw(phases(key)) for key in phase_keys),
    )
    assert check_design(spec).ok, check_design(spec).errors
    return spec


@settings(max_examples=300)
@given(designs())
def test_any_valid_design_file_round_trips(spec: DesignSpec) -> None:
    text = write_design(spec)

    assert read_design(text.encode()) == spec
    assert write_design(read_design(text.encode())) == text


# Two writes and an import per example go through the database, whose speed is the
# machine's, not the code's: no deadline. The cast is built once for all examples on
# purpose; each example makes designs of its own and reads back only those.
@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=designs())
def test_any_valid_design_survives_the_database_round_trip(cast: Cast, spec: DesignSpec) -> None:
    design = creating.design_create(practice=cast.practice, owner=cast.coach, spec=spec)
    first = write_design(version_spec(DesignVersion.objects.get(design=design)))

    copy = creating.design_import(practice=cast.practice, owner=cast.coach, data=first.encode())
    second = write_design(version_spec(DesignVersion.objects.get(design=copy)))

    assert second == first
    assert version_spec(DesignVersion.objects.get(design=copy)) == spec
