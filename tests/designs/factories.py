"""Designs for tests: small valid specs and a helper to store one."""

from __future__ import annotations

from typing import Any

from arcwise.accounts.models import Practice, User
from arcwise.designs.models import Design, DesignVersion, Visibility
from arcwise.designs.services.creating import design_create
from arcwise.designs.services.publishing import draft_publish
from arcwise.designs.spec import CycleStep, DesignSpec, PhaseSpec, ReflectionPrompt
from arcwise.designs.spec import Practice as PracticeIdea


def make_phase_spec(key: str = "orient", **overrides: Any) -> PhaseSpec:
    fields: dict[str, Any] = {
        "key": key,
        "name": key.replace("-", " ").capitalize(),
        "intent": f"What {key} is for.",
        "planned_weeks": 2,
        "planned_sessions": 1,
        "readiness_signals": ("The client names the goal in their own words.",),
        "session_prompts": ("What would make this worth it?",),
        "practices": (PracticeIdea("Notice the moment", "Once a day, note when it came up."),),
        "reflection_prompts": (ReflectionPrompt(CycleStep.EXPERIENCE, "What happened?"),),
    }
    fields.update(overrides)
    return PhaseSpec(**fields)


def make_spec(*keys: str, **overrides: Any) -> DesignSpec:
    fields: dict[str, Any] = {
        "name": "Test arc",
        "purpose": "For tests.",
        "audience": "Test clients.",
        "cadence_days": 14,
        "phases": tuple(make_phase_spec(key) for key in (keys or ("orient", "close"))),
    }
    fields.update(overrides)
    return DesignSpec(**fields)


def make_design(
    practice: Practice,
    owner: User,
    *keys: str,
    published: bool = False,
    visibility: str = Visibility.PRIVATE,
    **overrides: Any,
) -> Design:
    design = design_create(
        practice=practice, owner=owner, spec=make_spec(*keys, **overrides), visibility=visibility
    )
    if published:
        draft_publish(draft=DesignVersion.objects.get(design=design))
    return design


def draft_state(design: Design) -> dict[str, str]:
    """The hidden fields a designer page carries: its draft, at the revision it showed."""
    draft = DesignVersion.objects.get(design=design, published_at=None)
    return {"draft": str(draft.public_id), "revision": str(draft.revision)}
