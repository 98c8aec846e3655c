"""How the portal's messages name things: a count of things."""

from __future__ import annotations

NUMBERS = {1: "One thing", 2: "Two things", 3: "Three things", 4: "Four things"}


def how_many(count: int) -> str:
    """“Two things”, “12 things”."""
    return NUMBERS.get(count, f"{count} things")
