"""The journey's wheel as the pages and the summary draw it: the start ring and, once
rated, the mid-way and closing rings, over the journey's own areas."""

from __future__ import annotations

from arcwise.outcomes.models import Moment
from arcwise.outcomes.readings import Outcomes
from arcwise.svg.markup import Markup
from arcwise.svg.wheel import WheelRing, render_wheel

MIN_AREAS_DRAWN = 3
RING_NAMES = {Moment.BASELINE: "At the start", Moment.MIDWAY: "Mid-way", Moment.CLOSE: "At close"}


def wheel_svg(outcomes: Outcomes, *, title: str) -> Markup | None:
    """The radar, or None when there is nothing to draw: fewer than three areas, or no
    ring rated yet. The table beside it on every page stays its text alternative."""
    areas = outcomes.areas
    if len(areas) < MIN_AREAS_DRAWN:
        return None
    rings = [
        WheelRing(label, tuple(area.value(moment) for area in areas))
        for moment, label in RING_NAMES.items()
        if any(area.value(moment) is not None for area in areas)
    ]
    if not rings:
        return None
    return render_wheel([area.area.name for area in areas], rings, title=title)
