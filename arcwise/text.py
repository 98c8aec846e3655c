"""Words shown to people, and characters that change how text is shown without being seen.

Pure: no Django import. The wording functions say counts the way a person would
("every day", not "every 1 days"); template filters in arcwise/ui/templatetags/words.py
show them on pages, and code that writes e-mails or captions calls them directly.

The bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069)
make a browser lay text out in another order than it was typed: a client called
"Ann\u202eevoL" shows as "AnnLove", and a note can show one thing while holding another.
Ordinary right-to-left writing (Arabic, Hebrew) needs none of them, so Arcwise refuses
them wherever names and text come in, and says where they are, since they cannot be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def first_name(name: str, *, empty: str = "") -> str:
    """The first word of a name, as a greeting or a shared calendar uses it; `empty` when the
    name has no word (an erased or blank one)."""
    words = name.split()
    return words[0] if words else empty


BIDI_CONTROL_NAMES = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class HiddenCharacter:
    """One invisible character in a text: which it is, and where (lines and columns from 1)."""

    character: str
    line: int
    column: int

    @property
    def code(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def name(self) -> str:
        return BIDI_CONTROL_NAMES.get(self.character, "control character")


def find_bidi_control(text: str) -> HiddenCharacter | None:
    """The first bidirectional control character in `text`, or None when there is none."""
    found = BIDI_CONTROLS.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    return HiddenCharacter(found.group(), line, column)


def bidi_control_message(hidden: HiddenCharacter, *, multiline: bool = False) -> str:
    """What to tell the person who typed it: what the character is, where, and what to do."""
    where = (
        f"line {hidden.line}, character {hidden.column}"
        if multiline
        else (f"character {hidden.column}")
    )
    return (
        f"This holds an invisible {hidden.name} ({hidden.code}) at {where}, which can make "
        "text show in a different order from how it was typed. Delete it, or retype the text."
    )
