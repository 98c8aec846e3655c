"""What every Arcwise picture is drawn inside: the accessible `<svg>` frame, element ids
unique to one picture, and the hatching that tells alternate phases apart. No Django import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from arcwise.svg.markup import Attrs, Markup, element, number
from arcwise.svg.style import ACCENT, FILL_SOLID, FONT_FAMILY, PAPER


class Ids:
    """Element ids unique to one picture, so several pictures can share a page.

    They come from a hash of a fingerprint of the picture's input rather than a counter,
    so the same input always renders to the same string.
    """

    def __init__(self, kind: str, fingerprint: str) -> None:
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:10]
        self.prefix = f"{kind}-{digest}"

    def __call__(self, name: str) -> str:
        return f"{self.prefix}-{name}"


def one_line(text: str, fallback: str) -> str:
    """`text` with its runs of whitespace made single spaces, or `fallback` if blank."""
    return " ".join(text.split()) or fallback


def accessible_svg(
    *,
    css_class: str,
    ids: Ids,
    width: float,
    height: float,
    title: str,
    description: str,
    body: Iterable[Markup],
) -> Markup:
    """The picture as one `<svg role="img">`, named by its `<title>` and described in words
    by its `<desc>`, as wide as its container."""
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": css_class,
            "viewBox": f"0 0 {number(width)} {number(height)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": ids("title"),
            "aria-describedby": ids("desc"),
            "font-family": FONT_FAMILY,
        },
        [
            element("title", {"id": ids("title")}, title),
            element("desc", {"id": ids("desc")}, description),
            *body,
        ],
    )


def hatch_pattern(ids: Ids, *, size: float, stroke_width: float) -> Markup:
    """The `<pattern>` (for `<defs>`) that `phase_fill` uses for even-numbered phases."""
    pattern: Attrs = {
        "id": ids("hatch"),
        "width": size,
        "height": size,
        "patternUnits": "userSpaceOnUse",
        "patternTransform": "rotate(45)",
    }
    line: Attrs = {
        "x1": 0,
        "y1": 0,
        "x2": 0,
        "y2": size,
        "stroke": ACCENT,
        "stroke-width": stroke_width,
        "stroke-opacity": 0.45,
    }
    background: Attrs = {"width": size, "height": size, "fill": PAPER}
    return element("pattern", pattern, [element("rect", background), element("line", line)])


def phase_fill(phase_number: int, ids: Ids) -> str:
    """Even phases are hatched as well as paler, so neighbours stay apart in greyscale and
    a phase looks the same wherever it is drawn."""
    return f"url(#{ids('hatch')})" if phase_number % 2 == 0 else FILL_SOLID
