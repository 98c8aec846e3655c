"""What a mentor may read of a journey: the client under a pseudonym wherever free text
names them, their e-mail, employer, exact dates and health left out, readiness notes left
out of the map, and the words a client or coach chose left out of momentum's reasons.
Pure: no database.

How a name is found, whatever way it was typed (`Redactor`):

- Accents and case do not matter: "Lucia Fernandez", "FERNANDEZ" and "lucía" all name
  Lucía Fernández (the text is folded for matching, `folding.Folded`, and the stretch as
  written is replaced).
- Parts run together count as one name: "lucia.fernandez", "Jordan_Ellis",
  "LuciaFernandez", "lucia-fernandez", "Ellis Jordan".
- Possessives keep their "'s" ("Jordan's" and "Jordans'" become "Client A's"); family
  plurals go whole ("the Jordans", "the Fernandezes" become "the Client A").
- A name part that is also an everyday word ("Will", "Grace", "Mark", "May") counts only
  where it is written with a capital: "she will try" keeps its "will", while "Will said"
  becomes "Client A said", even at the start of a sentence where "Will" might be the verb.
  Blanking a word too many is the safer mistake; blanking every "will" would make the text
  unreadable. Particles ("de", "van", "al") count only beside another part of the name.
- A one-letter part ("J.") is no name to hide, and would blank every "J".
- The whole e-mail address, and its local part ("quentin.c"), are the pseudonym.

The employer (the whole name, or without "Ltd", "Inc" and the like) becomes "[employer]";
a distinctive first word of it ("Northwind" of "Northwind Traders") too, where written
with a capital. What `redaction_patterns` finds (any e-mail address, exact dates, health)
goes whoever the client is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from arcwise.insights.folding import Folded, fold
from arcwise.insights.momentum.states import Kind, Signal
from arcwise.insights.redaction_patterns import Hit, date_hits, email_hits, health_hits
from arcwise.svg.journey_map import JourneyPicture

EMPLOYER = "[employer]"


def _words(text: str) -> list[str]:
    return text.split()


# Given names and surnames that are also everyday English words: they count as the client's
# name only where written with a capital (see the module's docstring).
EVERYDAY_NAMES = frozenset(
    _words(
        """
        will hope grace joy faith may june april august summer autumn dawn rose lily ivy daisy
        holly heather iris violet ruby pearl amber crystal jade sky rain storm mark bill pat
        sue art rob ray frank jack bob nick gene grant guy lance miles penny sandy rusty
        patience prudence hunter mason taylor cook smith baker miller brown white green black
        young king wood hill long short little hall page price rich bell marsh moss fox wolf
        lamb lane ford field banks stone hart best love bliss noble sharp wise fisher archer
        carter walker turner porter parker singer weaver brook brooks dale glen forest river
        major early day knight lord bishop chase drew sage reed bay cliff clay dean earl herb
        jay jewel kit lee liberty mercy olive pepper poppy scarlet star sunny wade ward west
        north south english french cash gray grey moore more sterling sunday golden justice
        constance
        """
    )
)
# Parts of a name that are also everyday words in many languages: part of a name only
# beside another part of it ("de la Cruz"), never alone.
PARTICLES = frozenset(
    _words(
        """
        de del della der den di da das dos du la le van von bin ibn al el st
        """
    )
)
# What a company's name may end in without it being part of what people call it.
LEGAL_ENDINGS = frozenset(
    _words(
        """
        ltd limited inc incorporated llc llp plc gmbh ag sa sas sarl bv nv corp corporation co
        company pty kg oy ab as spa srl
        """
    )
)
# First words of company names that say too little to stand alone for one.
GENERIC_FIRST_WORDS = frozenset(
    _words(
        """
        the first national royal united global general international new north south east west
        city county state british american european university bank group central mutual
        """
    )
)
_SEPARATOR = r"(?:\s+|[._-])?"
_SUFFIX = r"(?P<suffix>'s|s'|es|s)?"
_EDGE_BEFORE = r"(?<![^\W_])"
_EDGE_AFTER = r"(?![^\W_])"


def _name_parts(name: str) -> list[str]:
    parts = [part.strip(".,'") for part in re.split(r"[\s\-]+", fold(name))]
    return [part for part in parts if part]


def _part_pattern(part: str) -> str:
    # "O'Brien" is also written "OBrien".
    return re.escape(part).replace("'", "'?")


@dataclass(frozen=True)
class Redactor:
    """Replaces the client's name (however typed), their e-mail address and employer, any
    e-mail address, exact dates and health conditions, wherever free text a mentor is
    shown mentions them (see the module's docstring)."""

    name: str
    email: str
    pseudonym: str
    employer: str = field(default="")

    def __call__(self, text: str) -> str:
        if not text:
            return text
        folded = Folded.of(text)
        hits = sorted(self._hits(folded), key=lambda hit: (hit.start, hit.start - hit.end))
        pieces: list[str] = []
        written_at = 0
        for hit in hits:
            start, end = folded.written_span(hit.start, hit.end)
            if start < written_at:
                continue  # inside a longer stretch already replaced
            pieces += [text[written_at:start], hit.replacement]
            written_at = end
        pieces.append(text[written_at:])
        return "".join(pieces)

    def _hits(self, folded: Folded) -> Iterator[Hit]:
        def capital(index: int) -> bool:
            return folded.written[folded.origin[index]].isupper()

        yield from email_hits(folded.text, fold(self.email.strip()), self.pseudonym)
        yield from self._name_hits(folded.text, capital)
        yield from self._employer_hits(folded.text, capital)
        yield from date_hits(folded.text, capital)
        yield from health_hits(folded.text)

    # --- The name ---

    @cached_property
    def _name_pattern(self) -> re.Pattern[str] | None:
        parts = _name_parts(self.name)
        local = fold(self.email.strip()).split("@", 1)[0] if "@" in self.email else ""
        # The whole name as typed, initials too ("J. Smith"), before its parts.
        whole = (
            [(r"\.?" + _SEPARATOR).join(_part_pattern(p) for p in parts)]
            if len(parts) > 1 and any(len(p) > 1 for p in parts)
            else []
        )
        # A short local part ("js", "me") would blank ordinary words.
        words = [p for p in parts if len(p) > 1] + ([local] if len(local) > 2 else [])
        if not words:
            return None
        one = "|".join(
            whole + [_part_pattern(w) for w in sorted(set(words), key=len, reverse=True)]
        )
        run = rf"(?P<run>(?:{one})(?:{_SEPARATOR}(?:{one}))*)"
        return re.compile(_EDGE_BEFORE + run + _SUFFIX + _EDGE_AFTER)

    def _name_hits(self, folded: str, capital: Callable[[int], bool]) -> Iterator[Hit]:
        pattern = self._name_pattern
        if pattern is None:
            return
        for match in pattern.finditer(folded):
            pieces = [p for p in re.split(r"[\s._-]+", match.group("run")) if p]
            if all(piece in PARTICLES for piece in pieces):
                continue
            if len(pieces) == 1 and pieces[0] in EVERYDAY_NAMES and not capital(match.start()):
                continue
            suffix = match.group("suffix") or ""
            if suffix == "'s":
                # The possessive stays as written ("Jordan\u2019s" keeps its curly apostrophe).
                yield Hit(match.start(), match.start("suffix"), self.pseudonym)
            elif "'" in suffix:
                # "the Jordans' house"
                yield Hit(match.start(), match.end(), f"{self.pseudonym}'s")
            else:
                yield Hit(match.start(), match.end(), self.pseudonym)

    # --- The employer ---

    @cached_property
    def _employer_patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        words = fold(self.employer).split()
        if words and words[0] == "the":
            words = words[1:]
        whole = [words] if words else []
        stem = list(words)
        while len(stem) > 1 and stem[-1].strip(".,") in LEGAL_ENDINGS:
            stem.pop()
        if stem != words:
            whole.append(stem)
        if not whole:
            return None, None
        joined = "|".join(
            r"[\s._&-]*".join(re.escape(w) for w in form)
            for form in sorted(whole, key=len, reverse=True)
        )
        full = re.compile(rf"{_EDGE_BEFORE}(?:the\s+)?(?:{joined}){_SUFFIX}{_EDGE_AFTER}")
        first = stem[0]
        distinctive = len(stem) > 1 and len(first) > 3 and first.isalpha()
        distinctive = distinctive and first not in GENERIC_FIRST_WORDS
        alone = (
            re.compile(rf"{_EDGE_BEFORE}{re.escape(first)}{_SUFFIX}{_EDGE_AFTER}")
            if distinctive
            else None
        )
        return full, alone

    def _employer_hits(self, folded: str, capital: Callable[[int], bool]) -> Iterator[Hit]:
        full, alone = self._employer_patterns
        for pattern, needs_capital in ((full, False), (alone, True)):
            if pattern is None:
                continue
            for match in pattern.finditer(folded):
                if needs_capital and not capital(match.start()):
                    continue
                suffix = match.group("suffix") or ""
                end = match.start("suffix") if "'" in suffix else match.end()
                yield Hit(match.start(), end, EMPLOYER)


def mentor_picture(picture: JourneyPicture, redact: Redactor) -> JourneyPicture:
    """The journey map's input with nothing a mentor may not see: the pseudonym in the
    title, no readiness notes, and every other text field redacted."""
    return replace(
        picture,
        title=f"Journey map: {redact.pseudonym}",
        planned=tuple(replace(phase, name=redact(phase.name)) for phase in picture.planned),
        runs=tuple(replace(run, name=redact(run.name), readiness_note="") for run in picture.runs),
        adaptations=tuple(replace(a, label=redact(a.label)) for a in picture.adaptations),
    )


@dataclass(frozen=True)
class MentorSignal:
    """One momentum signal as a mentor sees it: how serious, and a one-line why."""

    severity: str
    why: str


# Words the client or coach chose, which momentum quotes (a pulse scale's name, an
# experiment's title): what was agreed in a session is not a mentor's to read. Matched up to
# the wording that follows the quote, so a quote mark inside the name cannot end it early.
_WITHHELD = {
    Kind.EXPERIMENT_OVERDUE: (
        re.compile("^experiment \u2018.*\u2019 (\\d+ days? overdue.*)$", re.DOTALL),
        r"an agreed experiment \1",
    ),
    Kind.PULSE_FALL: (
        re.compile("^\u2018.*\u2019 (fell from .*)$", re.DOTALL),
        r"a pulse scale \1",
    ),
}
_ANY_QUOTE = re.compile("\u2018.*\u2019", re.DOTALL)


def mentor_signal(signal: Signal, redact: Redactor) -> MentorSignal:
    """A momentum signal with its quoted words left out and the client's name replaced."""
    why = signal.reason
    if signal.kind in _WITHHELD:
        pattern, replacement = _WITHHELD[signal.kind]
        why = pattern.sub(replacement, why)
    # Whatever else quotes someone's words (none today) loses them too.
    why = _ANY_QUOTE.sub("\u2026", why)
    return MentorSignal(signal.severity.label, redact(why))
