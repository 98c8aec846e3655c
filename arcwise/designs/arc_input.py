"""A design as the input of its arc picture: svg knows nothing of designs, so this says
which parts of a `DesignSpec` the arc draws."""

from __future__ import annotations

from arcwise.designs.spec import DesignSpec
from arcwise.svg.design_arc import ArcInput, ArcPhase


def arc_input(spec: DesignSpec) -> ArcInput:
    """The design's name and its phases' names, planned weeks and planned sessions."""
    return ArcInput(
        name=spec.name,
        phases=tuple(
            ArcPhase(
                name=phase.name,
                planned_weeks=phase.planned_weeks,
                planned_sessions=phase.planned_sessions,
            )
            for phase in spec.phases
        ),
        fingerprint=repr(spec),
    )
