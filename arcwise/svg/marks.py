"""Session marks on a time scale: told apart by shape, placed so that they never touch.

No Django import. Marks sit on one line and shrink as far as the sessions' spacing
requires; only marks that would touch even at the smallest size step down into a lane.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from arcwise.days import day_month_year
from arcwise.svg.journey_picture import SessionMark, chronological
from arcwise.svg.markup import Markup, element, escape_attr, escape_text, number
from arcwise.svg.scale import TimeScale
from arcwise.svg.style import INK, PAPER

SESSION_PAD = 6
MIN_SESSION_ROW = 28
# Largest first: marks shrink only as far as the sessions' spacing requires.
MARK_RADII = (7.0, 6.0, 5.0, 4.5, 4.0, 3.5, 3.0, 2.5)
STATUSES = ("held", "planned", "cancelled", "no_show")
STATUS_WORDS = {
    "held": "held",
    "planned": "planned",
    "cancelled": "cancelled",
    "no_show": "no-show",
}


@dataclass(frozen=True)
class PlacedMark:
    """A session's mark: where it sits on the scale and in which lane (0 is the line)."""

    session: SessionMark
    x: float
    lane: int


@dataclass(frozen=True)
class Marks:
    """The marks of one row of sessions, all at one radius, and the height they need."""

    placed: list[PlacedMark]
    radius: float
    gap: float
    lanes: int

    @property
    def pitch(self) -> float:
        return 2 * self.radius + self.gap

    @property
    def height(self) -> float:
        used = max(self.lanes, 1)
        return max(MIN_SESSION_ROW, 2 * SESSION_PAD + used * self.pitch - self.gap)

    def y(self, top: float, lane: int) -> float:
        return top + SESSION_PAD + self.radius + lane * self.pitch


def assign_lanes(
    xs: list[float], pitch: float, *, most: int | None = None
) -> list[tuple[float, int]]:
    """Each x with the lowest lane where it keeps `pitch` from the mark before it.

    Without `most` this never lets two marks come closer than `pitch` and uses as few lanes
    as possible (xs must be in order). With `most`, a mark that fits no lane goes where the
    last mark is farthest away: the miniature has no room to grow.
    """
    last: list[float] = []
    placed = []
    reach = pitch - 1e-9
    for x in xs:
        # A plain loop, not next() over a generator: this runs for every mark at every size
        # tried, and a journey of 200 sessions tries up to eight.
        lane = None
        for k, at in enumerate(last):
            if x - at >= reach:
                lane = k
                break
        if lane is None and most is not None and len(last) >= most:
            lane = min(range(len(last)), key=lambda k: last[k])
        if lane is None:
            last.append(x)
            lane = len(last) - 1
        last[lane] = x
        placed.append((x, lane))
    return placed


def place_marks(
    sessions: Sequence[SessionMark],
    scale: TimeScale,
    radii: tuple[float, ...] = MARK_RADII,
    *,
    most: int | None = None,
) -> Marks:
    """Marks on one line, as large as the spacing of sessions allows.

    A mark steps down into a lower lane only where it would touch the one before it even
    at the smallest size (sessions on the same or the next day); the size chosen is the
    largest that moves no more marks off the line than the smallest would, because a row
    zig-zagging between lanes is harder to read than a row of smaller marks.
    """
    ordered = chronological(sessions)
    xs = [scale.x(session.on) for session in ordered]

    def lanes_at(radius: float) -> tuple[float, list[tuple[float, int]]]:
        gap = radius * 0.3 + 0.25
        return gap, assign_lanes(xs, 2 * radius + gap, most=most)

    def moved(lanes: list[tuple[float, int]]) -> int:
        return sum(1 for _, lane in lanes if lane)

    # Only the lanes are worked out per size tried; the marks are made once, at the size
    # chosen (a journey of 200 sessions tries up to eight sizes).
    fewest = moved(lanes_at(radii[-1])[1])
    for radius in radii:  # the smallest always qualifies
        gap, lanes = lanes_at(radius)
        if moved(lanes) <= fewest:
            break
    placed = [PlacedMark(s, x, lane) for s, (x, lane) in zip(ordered, lanes, strict=True)]
    used = max((lane + 1 for _, lane in lanes), default=0)
    return Marks(placed, radius, gap, used)


@lru_cache(maxsize=64)
def mark_shape(status: str, radius: float) -> Markup:
    """The mark of a session status at the origin, told apart by shape: held filled, planned
    hollow, cancelled a cross, no-show a hollow triangle."""
    stroke = 1.5 if radius >= 4 else 1.0
    if status == "held":
        return element(
            "circle",
            {"r": radius, "fill": INK, "stroke": PAPER, "stroke-width": stroke / 2},
        )
    if status == "cancelled":
        h = number(radius * 0.8)
        return element(
            "path",
            {
                "d": f"M-{h} -{h}L{h} {h}M{h} -{h}L-{h} {h}",
                "fill": "none",
                "stroke": INK,
                "stroke-width": stroke * 1.4,
                "stroke-linecap": "round",
            },
        )
    if status == "no_show":
        # An upward triangle, nudged down so its middle sits where a circle's centre would.
        top, side, base = radius * 0.85, radius * 0.95, radius * 0.8
        d = f"M0 -{number(top)}L{number(side)} {number(base)}H-{number(side)}Z"
        return element(
            "path",
            {
                "d": d,
                "fill": PAPER,
                "stroke": INK,
                "stroke-width": stroke,
                "stroke-linejoin": "round",
            },
        )
    return element(
        "circle",
        {
            "r": max(radius - stroke / 2, stroke / 2),
            "fill": PAPER,
            "stroke": INK,
            "stroke-width": stroke,
        },
    )


def _status_class(status: str) -> str:
    known = status if status in STATUSES else "other"
    return f"jm-session jm-session--{known.replace('_', '-')}"


def session_mark(session: SessionMark, x: float, y: float, radius: float) -> Markup:
    """A session's mark at (x, y), its date and status as a tooltip."""
    # Written out rather than through `element`, with the same escaping: a journey map has
    # a mark per session, and this is most of what a map of 200 sessions costs.
    word = STATUS_WORDS.get(session.status, " ".join(session.status.split()) or "unknown")
    title = escape_text(f"Session on {day_month_year(session.on)}: {word}")
    return Markup(
        f'<g class="{escape_attr(_status_class(session.status))}" '
        f'transform="translate({number(x)} {number(y)})">'
        f"<title>{title}</title>{mark_shape(session.status, radius)}</g>"
    )
