"""How the outcomes' pages and the summary say a rating or a score in words: a level with its
sign and name, a wheel area's change, what a T-score means. Pure: no Django import, so the
wording is tested directly."""

from __future__ import annotations

import unicodedata

# A T-score of 50 is every goal at its expected level; the scale moves by about ten for one
# level across all goals. The bands are wide enough that a T of 49 and one of 51 read alike:
# a summary should not make a story out of rounding.
EXPECTED_BAND = 2.5
FAR_BAND = 10.0


def t_meaning(t: float | None) -> str:
    """One sentence saying what a Goal Attainment Scaling T-score means for the reader."""
    if t is None:
        return "Not every goal was rated then, so there is no score."
    if abs(t - 50) <= EXPECTED_BAND:
        where = "landed where expected"
    elif t >= 50 + FAR_BAND:
        where = "went well beyond what was expected"
    elif t > 50:
        where = "went somewhat beyond what was expected"
    elif t <= 50 - FAR_BAND:
        where = "were well short of what was expected"
    else:
        where = "were somewhat short of what was expected"
    return f"Taken together, the goals {where} (50 is every goal at its expected level)."


def level_label(level: int | None, names: dict[int, str]) -> str:
    """A level from -2 to +2 as a signed number with its name: “+1 More than expected”."""
    if level is None:
        return "not rated"
    return f"{level:+d} {names[level]}" if level else f"0 {names[level]}"


def change_label(change: int | None) -> str:
    """A wheel area's change from start to close: “+3”, “no change”, or an en dash when unrated."""
    if change is None:
        return "\N{EN DASH}"
    return "no change" if change == 0 else f"{change:+d}"


def ascii_slug(text: str, *, fallback: str = "client", limit: int = 40) -> str:
    """Lower-case ASCII letters, digits and single hyphens, for a file name a browser and
    any file system accept: “Zoë O'Brien” gives “zoe-obrien”."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in plain.replace("'", "").lower()).split()
    slug = "-".join(words)[:limit].strip("-")
    return slug or fallback
