"""The words of a search and of a text, normalised the same way on both sides.

Pure: no Django import. A word is a run of letters or digits (`\\w` without `_`), with
accents taken off and case folded, so "Café", "cafe" and "CAFÉ" are one word. What a
person types is limited before it reaches the database: at most `MAX_QUERY` characters,
`MAX_WORDS` words, each cut at `MAX_WORD` characters.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY = 100  # characters a search may hold
MAX_WORDS = 8  # words a search may hold
MAX_WORD = 40  # characters of a word that count; the rest is cut off
MIN_INDEXED = 2  # shorter words are not in the blind index ("a", "I")
_LETTERS = re.compile(r"[^\W_]+")


def plain(text: str) -> str:
    """`text` with accents taken off and case folded: how every word is compared."""
    parts = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in parts if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", bare.casefold())


def words_of(text: str) -> list[str]:
    """The distinct words of `text`, normalised, in the order they first come."""
    seen: dict[str, None] = {}
    for word in _LETTERS.findall(plain(text)):
        seen.setdefault(word[:MAX_WORD], None)
    return list(seen)


def indexed_words(text: str) -> list[str]:
    """The words of `text` that go into the blind index: those of two characters or more."""
    return [word for word in words_of(text) if len(word) >= MIN_INDEXED]


def name_words(text: str) -> list[str]:
    """The words of a search as names are matched: case folded, accents kept (PostgreSQL's
    `simple` text search keeps them too), letters and digits only, so that no character of
    a search can mean anything to a text-search query."""
    seen: dict[str, None] = {}
    for word in _LETTERS.findall(text.casefold()):
        seen.setdefault(word[:MAX_WORD], None)
    return list(seen)
