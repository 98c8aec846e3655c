"""Text folded for matching, with the way back to the text as written. Pure: no Django.

Redaction looks for a client's name however it was typed: "Lucía Fernández", "Lucia
Fernandez", "FERNANDEZ", "lucia.fernandez". So it matches in a folded copy of the text, in
which accents are dropped (NFKD, then no combining marks), case is folded and curly
apostrophes are straight, and replaces the same stretch of the text as written. Folding can
change a text's length ("ß" folds to "ss", a decomposed "í" is two characters), so every
folded character remembers the written character it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Typed as an apostrophe: "Jordan\u2019s" is "Jordan's".
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'"}


def fold(text: str) -> str:
    """`text` without accents, in folded case, with straight apostrophes."""
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    char = _APOSTROPHES.get(char, char)
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Folded:
    """A text (`written`) and its folded copy (`text`); `origin[i]` is the index in
    `written` of the character folded character `i` came from."""

    written: str
    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, written: str) -> Folded:
        """Fold `written`, remembering where each folded character came from."""
        folded: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(written):
            for piece in _fold_char(char):
                folded.append(piece)
                origin.append(index)
        return cls(written, "".join(folded), tuple(origin))

    def written_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of `written` that the folded stretch `start:end` (not empty) came
        from, with any accents typed as separate marks after its last letter."""
        first = self.origin[start]
        after = self.origin[end - 1] + 1
        while after < len(self.written) and not _fold_char(self.written[after]):
            after += 1
        return first, after
