"""What a mentor may read of a journey: the client's name and e-mail replaced by a
pseudonym wherever free text mentions them, readiness notes left out of the map, and the
words a client or coach chose left out of momentum's reasons. Pure: no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from arcwise.insights.momentum.states import Kind, Signal
from arcwise.svg.journey_map import JourneyPicture


@dataclass(frozen=True)
class Redactor:
    """Replaces the client's name, each part of it, and their e-mail address with the
    pseudonym, wherever free text a mentor is shown mentions them."""

    name: str
    email: str
    pseudonym: str

    def __call__(self, text: str) -> str:
        pattern = self._pattern()
        return pattern.sub(self.pseudonym, text) if pattern else text

    def _pattern(self) -> re.Pattern[str] | None:
        words = [self.email.strip(), self.name.strip(), *self.name.split()]
        if "@" in self.email:
            words.append(self.email.split("@", 1)[0])  # "quentin.c" in "write to quentin.c"
        # One letter is no name to hide ("J." would blank every "J"); longest first, so the
        # full name goes as one before its parts.
        unique = sorted({w for w in words if len(w.strip(".,'")) > 1}, key=len, reverse=True)
        if not unique:
            return None
        alternatives = "|".join(re.escape(word) for word in unique)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


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
