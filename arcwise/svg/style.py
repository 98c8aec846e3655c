"""The shared look of Arcwise's pictures: palette, font, text measuring, label spreading.

No Django import; the renderers in this package draw with these so that every picture
reads as one family, on screen and in greyscale print.
"""

from __future__ import annotations

from arcwise.svg.markup import AttrValue

WIDTH = 640
FONT_FAMILY = "system-ui, sans-serif"
INK = "#1f2a2e"
INK_SOFT = "#4b5a60"
ACCENT = "#2f6b5e"
FILL_SOLID = "#d3e6de"
PAPER = "#ffffff"
# A paper-coloured outline behind text keeps it legible over hatching and leader lines.
HALO: dict[str, AttrValue] = {
    "stroke": PAPER,
    "stroke-width": 4,
    "stroke-linejoin": "round",
    "paint-order": "stroke",
}


def dodge(centres: list[float], widths: list[float], gap: float) -> list[float]:
    """Centres for labels in one row, each as near its wish as the others allow.

    Overlapping labels merge into a cluster that sits centred on its members' wishes
    (and inside the picture); clusters merge until none overlap.
    """
    lo, hi = 4.0, WIDTH - 4.0
    clusters: list[list[int]] = []
    lefts: list[float] = []

    def span(cluster: list[int]) -> float:
        return sum(widths[i] for i in cluster) + gap * (len(cluster) - 1)

    def offsets(cluster: list[int]) -> list[float]:
        result, at = [], 0.0
        for i in cluster:
            result.append(at)
            at += widths[i] + gap
        return result

    def place(cluster: list[int]) -> float:
        wishes = [
            centres[i] - widths[i] / 2 - offset
            for i, offset in zip(cluster, offsets(cluster), strict=True)
        ]
        return max(lo, min(sum(wishes) / len(wishes), hi - span(cluster)))

    for index in range(len(centres)):
        clusters.append([index])
        lefts.append(place([index]))
        while len(clusters) > 1 and lefts[-2] + span(clusters[-2]) + gap > lefts[-1]:
            merged = clusters[-2] + clusters[-1]
            del clusters[-2:], lefts[-2:]
            clusters.append(merged)
            lefts.append(place(merged))
    placed = [0.0] * len(centres)
    for cluster, left in zip(clusters, lefts, strict=True):
        for i, offset in zip(cluster, offsets(cluster), strict=True):
            placed[i] = left + offset + widths[i] / 2
    return placed


# Advance widths in em of DejaVu Sans, which is what system-ui falls back to on most Linux
# machines and is wider than the system fonts of phones, Macs and Windows; estimating
# with it errs towards a name not fitting rather than overflowing.
_EM = {
    **dict.fromkeys("ijlIJ'", 0.29),
    **dict.fromkeys(" ,.\N{MIDDLE DOT}", 0.32),
    **dict.fromkeys(":;/\\|f", 0.35),
    **dict.fromkeys("-()[]!rt", 0.41),
    **dict.fromkeys('"*_`?sz\N{EN DASH}', 0.53),
    **dict.fromkeys("ckvxyFLPTY", 0.61),
    **dict.fromkeys("0123456789abdeghnopqu${}", 0.64),
    **dict.fromkeys("ABCEKRSVXZ", 0.7),
    **dict.fromkeys("DGHNOQU&", 0.79),
    **dict.fromkeys("w#+<=>^~M", 0.86),
    **dict.fromkeys("mW%@\N{EM DASH}", 1.0),
}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated rendered width of `text` in user units; bold DejaVu is about 12% wider."""
    em = sum(_EM.get(char, 1.0 if ord(char) >= 0x2E80 else 0.72) for char in text)
    return em * size * (1.12 if bold else 1.0)
