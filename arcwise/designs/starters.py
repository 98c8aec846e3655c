"""Starter designs shipped with Arcwise as design files, offered when a coach creates one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from arcwise.designs.design_file.reading import read_design
from arcwise.designs.spec import DesignSpec

STARTER_DIR = Path(__file__).resolve().parent / "starters"
# The order coaches see them in: the full arc first, then the shorter shapes.
STARTER_ORDER = ("transformation-arc", "focused-six-sessions", "leadership-transition-90-days")


@dataclass(frozen=True)
class Starter:
    key: str
    spec: DesignSpec
    data: bytes


@cache
def starters() -> tuple[Starter, ...]:
    """Every starter design, read and checked like any imported file."""
    found = []
    for key in STARTER_ORDER:
        data = (STARTER_DIR / f"{key}.yaml").read_bytes()
        found.append(Starter(key=key, spec=read_design(data), data=data))
    return tuple(found)


def starter(key: str) -> Starter | None:
    return next((candidate for candidate in starters() if candidate.key == key), None)
