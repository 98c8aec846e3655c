"""What a mentor is never shown, whoever the client is: e-mail addresses, exact dates and
health conditions. Each finder reads folded text (`folding.fold`: no accents, folded case)
and says which stretches to replace, and with what. Pure: no Django.

Exact dates ("12 March 2026", "March 12th, 2026", "12/03/2026", "2026-03-12", "12.03.26",
"on the 3rd of May") become "[date]": a day pins a client to an event a mentor could look
up. Words that place things only roughly ("next week", "in March", "2026") stay, so the
mentor can still follow the arc.

Health: the conditions in `CONDITIONS` and whatever follows "diagnosed with", "on
medication for" and the like become "[health]". The list is curated, not complete: common
conditions a coach is told about (mental health, neurodivergence, chronic and serious
illness, fertility and pregnancy, addiction). A word that is mostly ordinary speech
("anxious", "stressed", "burnout" on its own, "stroke") is left out, so that a mentor still
reads what coaching is about; "burnout" counts once it is a diagnosis ("diagnosed with
burnout", "clinical burnout", "burnout diagnosis").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DATE = "[date]"
HEALTH = "[health]"
E_MAIL = "[e-mail]"


@dataclass(frozen=True)
class Hit:
    """A stretch `start:end` of the folded text to replace with `replacement`."""

    start: int
    end: int
    replacement: str


# --- E-mail addresses -------------------------------------------------------------------------

EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\W\d_]{2,}")


def email_hits(folded: str, client_email: str, pseudonym: str) -> Iterator[Hit]:
    """Every e-mail address: the client's becomes the pseudonym, anyone else's "[e-mail]"."""
    for match in EMAIL.finditer(folded):
        address = match.group().rstrip(".")
        replacement = pseudonym if client_email and address == client_email else E_MAIL
        yield Hit(match.start(), match.start() + len(address), replacement)


# --- Exact dates ------------------------------------------------------------------------------

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_DAY = r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?:\d{4}|'\d{2})(?!\d)"
# "12 March 2026", "12th of March", "the 3rd of May", "12-Mar-2026"
_DAY_MONTH = re.compile(
    rf"(?<![^\W_])(?:the\s+)?(?P<day>{_DAY})(?:\s+of)?[\s-]+(?P<month>{_MONTH})\b\.?(?:,?[\s-]+{_YEAR})?"
)
# "March 12th, 2026", "May 3"
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?:the\s+)?(?P<day>{_DAY})(?:,?\s+{_YEAR})?")
# "12/03/2026", "12.03.26", "3-4-2026": day and month in either order
_NUMERIC = re.compile(
    r"(?<!\d)(?<!\d[./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?:\d{4}|\d{2})"
    r"(?!\d)(?![./-]\d)"
)
# "2026-03-12", "2026/3/12"
_ISO = re.compile(
    r"(?<!\d)\d{4}(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<a>\d{1,2})(?!\d)(?![./-]\d)"
)


def date_hits(folded: str, written_capital: Callable[[int], bool]) -> Iterator[Hit]:
    """Every exact date. "May" is a month only when written with a capital ("she may 3x
    it" is no date); `written_capital(i)` says whether folded character `i` was one."""
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(folded):
            if match.group("month") == "may" and not written_capital(match.start("month")):
                continue
            yield Hit(match.start(), match.end(), DATE)
    for pattern in (_NUMERIC, _ISO):
        for match in pattern.finditer(folded):
            a, b = int(match.group("a")), int(match.group("b"))
            if 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12:
                yield Hit(match.start(), match.end(), DATE)


# --- Health -----------------------------------------------------------------------------------

# Each entry is a regular expression over folded text, matched as whole words, with the
# plural and adjective forms a coach would write.
CONDITIONS: tuple[str, ...] = (
    # Mental health
    r"depression(?:s)?",
    r"depressed",
    r"depressive(?: episodes?)?",
    r"anxiety(?: disorders?| attacks?)?",
    r"panic (?:attacks?|disorder)",
    r"bipolar(?: disorder)?",
    r"ptsd",
    r"post[- ]?traumatic stress(?: disorder)?",
    r"c-?ptsd",
    r"ocd",
    r"obsessive[- ]compulsive(?: disorder)?",
    r"eating disorders?",
    r"anorexi[ac]",
    r"bulimi[ac]",
    r"schizophreni[ac]",
    r"psychosis",
    r"psychotic(?: episodes?)?",
    r"personality disorders?",
    r"self[- ]harm(?:ing)?",
    r"suicidal(?: thoughts)?",
    r"suicide attempts?",
    r"(?:postnatal|postpartum) depression",
    r"clinical burnout",
    r"burnout diagnosis",
    r"antidepressants?",
    r"ssris?",
    # Neurodivergence
    r"adhd",
    r"autism",
    r"autistic",
    r"asperger'?s?(?: syndrome)?",
    r"dyslexi[ac]",
    r"dyspraxi[ac]",
    r"dyscalculia",
    r"tourette'?s?(?: syndrome)?",
    # Illness
    r"cancers?",
    r"tumou?rs?",
    r"leukaemia|leukemia",
    r"lymphoma",
    r"chemotherapy",
    r"chemo",
    r"radiotherapy",
    r"diabetes",
    r"diabetic",
    r"epilepsy",
    r"epileptic",
    r"multiple sclerosis",
    r"parkinson'?s(?: disease)?",
    r"alzheimer'?s(?: disease)?",
    r"dementia",
    r"heart (?:attacks?|disease|failure)",
    r"had a stroke",
    r"hiv",
    r"hepatitis",
    r"lupus",
    r"crohn'?s(?: disease)?",
    r"coeliac|celiac",
    r"arthritis",
    r"fibromyalgia",
    r"chronic fatigue(?: syndrome)?",
    r"long covid",
    r"endometriosis",
    r"migraines?",
    r"insomnia",
    # Fertility and pregnancy
    r"pregnan(?:cy|cies|t)",
    r"miscarriages?",
    r"miscarried",
    r"stillbirths?",
    r"ivf",
    r"fertility treatments?",
    r"infertil(?:e|ity)",
    r"abortions?",
    r"menopaus(?:e|al)",
    r"perimenopaus(?:e|al)",
    # Addiction
    r"addiction",
    r"alcoholism",
    r"alcoholic",
    r"substance (?:abuse|misuse)",
    r"rehab",
    # Leave taken for health
    r"(?:sick|medical) leave",
)
_CONDITION = re.compile(r"(?<![^\W_])(?:" + "|".join(CONDITIONS) + r")(?![^\W_])")

# Whatever follows these is a health matter, listed above or not: the words up to the end of
# the clause (at most four, stopping at a word that starts a new one).
_LEADS = (
    r"diagnosed with",
    r"diagnosis of",
    r"(?:medication|meds|tablets|pills|treatment) for",
    r"treated for",
    r"suffers from",
    r"suffering from",
    r"signed off (?:work |sick )?with",
)
_CLAUSE_ENDS = (
    r"and|but|or|so|since|because|as|after|before|when|while|which|who|that|last|this|next"
    r"|in|on|at|by|from|to|until|yesterday|today|recently|again|now|then"
)
_WORD = rf"(?!(?:{_CLAUSE_ENDS})(?![^\W_]))[^\W_][\w'-]*"
_LED = re.compile(
    rf"(?<![^\W_])(?:{'|'.join(_LEADS)})\s+(?:(?:a|an|the|her|his|their)\s+)*"
    rf"(?P<what>{_WORD}(?:\s+{_WORD}){{0,3}})"
)


def health_hits(folded: str) -> Iterator[Hit]:
    """Every listed condition, and what follows "diagnosed with" and its like."""
    for match in _LED.finditer(folded):
        yield Hit(match.start("what"), match.end("what"), HEALTH)
    for match in _CONDITION.finditer(folded):
        yield Hit(match.start(), match.end(), HEALTH)
