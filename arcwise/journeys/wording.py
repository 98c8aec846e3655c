"""How the journey's story is worded: the one place an adaptation becomes a line of text,
so the log, the map, messages and previews all say it the same way. No Django import."""

from __future__ import annotations

KINDS = {
    "extend": "Extended {phase}{span}",
    "revisit": "Went back to {phase}",
    "skip": "Skipped {phase}",
    "insert_session": "Added a session in {phase}",
    "pause": "Paused the journey",
    "resume": "Resumed the journey",
    "end": "Ended the journey early",
    "move_version": "Moved to a newer version of the design",
    "handover": "Handed to another coach",
}


def adaptation_wording(kind: str, phase: str, weeks: int | None, detail: str = "") -> str:
    """“Extended Orient by 2 weeks (1 session added)”: what happened, without the reason."""
    span = f" by {weeks} week{'' if weeks == 1 else 's'}" if weeks else ""
    words = KINDS.get(kind, kind).format(phase=phase or "the current phase", span=span)
    return f"{words} ({detail})" if detail else words


def weeks_and_days(days: int) -> str:
    """“2 weeks 3 days”, “3 weeks”, “4 days”: a span of days as a coach would say it."""
    weeks, rest = divmod(days, 7)
    parts = [f"{weeks} week{'' if weeks == 1 else 's'}"] if weeks else []
    if rest or not weeks:
        parts.append(f"{rest} day{'' if rest == 1 else 's'}")
    return " ".join(parts)
