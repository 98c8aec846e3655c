"""A message's text cut into plain pieces and web addresses, so a page can show the addresses
as links and escape everything else. Pure: no Django import.

Only http and https addresses become links: a `javascript:` or `data:` address stays text.
A full stop, comma or closing bracket right after an address ends a sentence, not the address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ADDRESS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}\u2019\u201d"  # and closing curly quotes


@dataclass(frozen=True)
class Piece:
    text: str
    is_link: bool = False


def pieces_of(text: str) -> list[Piece]:
    """`text` as plain pieces and links, in order; joined, the pieces give `text` back."""
    out: list[Piece] = []
    at = 0
    for found in ADDRESS.finditer(text):
        address = found.group().rstrip(TRAILING)
        # "https://" alone, or only punctuation after it, is no address.
        if len(address) <= len("https://") or address.lower() in ("http://", "https://"):
            continue
        start, end = found.start(), found.start() + len(address)
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(address, is_link=True))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out
