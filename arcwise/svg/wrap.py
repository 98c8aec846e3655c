"""Fitting words into room measured in user units: wrapping and shortening. No Django import.

Widths are estimated with `style.text_width`, which errs towards text not fitting.
"""

from __future__ import annotations

from arcwise.svg.style import text_width

# A word and whether it is drawn bold.
StyledWord = tuple[str, bool]


def wrap(text: str, room: float, size: float) -> list[str]:
    """Greedy word wrap of plain text by estimated width; a word too long for a line is cut."""
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines[-1] else word
        if text_width(candidate, size) <= room:
            lines[-1] = candidate
            continue
        if lines[-1]:
            lines.append("")
        for char in word:
            if lines[-1] and text_width(lines[-1] + char, size) > room:
                lines.append("")
            lines[-1] += char
    return lines


def wrap_styled(
    words: list[StyledWord], room: float, size: float, *, cut_long: bool = False
) -> list[list[StyledWord]]:
    """Greedy word wrap of words that may be bold, by estimated width.

    With `cut_long`, a word wider than `room` is cut into pieces, so that even a long
    name without spaces stays inside the picture.
    """
    lines: list[list[StyledWord]] = []
    current: list[StyledWord] = []
    for word, bold in words:
        pieces = _cut(word, room, size, bold=bold) if cut_long else [word]
        for piece in pieces:
            if current and styled_width([*current, (piece, bold)], size) > room:
                lines.append(current)
                current = []
            current.append((piece, bold))
    if current:
        lines.append(current)
    return lines


def styled_width(line: list[StyledWord], size: float) -> float:
    """The estimated width of a line of styled words with a plain space between each."""
    words = sum(text_width(word, size, bold=bold) for word, bold in line)
    return words + text_width(" ", size) * (len(line) - 1)


def shorten(text: str, room: float, size: float) -> str:
    """`text` (drawn bold) cut short with an ellipsis until it fits `room`."""
    while text and text_width(text + "…", size, bold=True) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _cut(word: str, room: float, size: float, *, bold: bool) -> list[str]:
    pieces = [""]
    for char in word:
        if pieces[-1] and text_width(pieces[-1] + char, size, bold=bold) > room:
            pieces.append("")
        pieces[-1] += char
    return pieces


def fit(text: str, room: float, size: float, *, bold: bool = False) -> str:
    """`text` on one line as it is if it fits `room`, else cut short with an ellipsis.

    Unlike `shorten`, a text that already fits keeps every character and gets no ellipsis,
    and plain (not bold) text is measured as plain.
    """
    text = " ".join(text.split())
    if text_width(text, size, bold=bold) <= room:
        return text
    while text and text_width(text + "…", size, bold=bold) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap_lines(text: str, room: float, size: float, *, lines: int) -> list[str]:
    """`text` wrapped to at most `lines` lines of `room`; what does not fit is cut short
    with an ellipsis on the last line."""
    wrapped = [line for line in wrap(text, room, size) if line] or [""]
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[: lines - 1]
    rest = " ".join(wrapped[lines - 1 :])
    # The ellipsis says words are missing, whether or not the rest is cut further.
    return [*kept, fit(rest + "…", room, size)]
