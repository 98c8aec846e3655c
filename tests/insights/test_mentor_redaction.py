"""What a mentor reads of a client: the name however it was typed, the e-mail, the
employer, exact dates and health conditions are taken out; ordinary words stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcwise.insights.folding import Folded, fold
from arcwise.insights.mentor_redaction import Redactor

LUCIA = Redactor(
    "Lucía Fernández", "lucia.fernandez@example.org", "Client A", employer="Northwind Traders Ltd"
)
JORDAN = Redactor("Jordan Ellis", "jordan.ellis@example.com", "Client B")
WILL = Redactor("Will Grace", "wg@example.com", "Client C")


@pytest.mark.parametrize(
    ("redact", "text", "shown"),
    [
        # The probe's variants
        (LUCIA, "Lucia Fernandez cancelled again", "Client A cancelled again"),
        (LUCIA, "FERNANDEZ pushed back", "Client A pushed back"),
        (LUCIA, "wrote to lucia.fernandez", "wrote to Client A"),
        (JORDAN, "Dinner with the Jordans", "Dinner with the Client B"),
        (JORDAN, "Jordan_Ellis on the list", "Client B on the list"),
        # Accents and case, either way round
        (LUCIA, "Lucía Fernández said so", "Client A said so"),
        (LUCIA, "LUCÍA was late", "Client A was late"),
        (LUCIA, "lucia was late", "Client A was late"),
        (LUCIA, "Luci\u0301a, decomposed", "Client A, decomposed"),
        (LUCIA, "Fernández\u2019s team", "Client A\u2019s team"),
        # Joined forms
        (LUCIA, "lucia_fernandez", "Client A"),
        (LUCIA, "LuciaFernandez", "Client A"),
        (LUCIA, "lucia-fernandez", "Client A"),
        (LUCIA, "Fernandez, Lucia", "Client A, Client A"),
        (JORDAN, "jordan.ellis said", "Client B said"),
        (JORDAN, "Ellis Jordan", "Client B"),
        # Possessives and family plurals
        (JORDAN, "Jordan's plan", "Client B's plan"),
        (JORDAN, "the Jordans' house", "the Client B's house"),
        (LUCIA, "the Fernandezes visited", "the Client A visited"),
        # The e-mail, whole and its local part; anyone else's address too
        (LUCIA, "Mail lucia.fernandez@example.org first.", "Mail Client A first."),
        (LUCIA, "Mail LUCIA.FERNANDEZ@EXAMPLE.ORG", "Mail Client A"),
        (JORDAN, "cc boss.person@corp.example", "cc [e-mail]"),
        # The employer, whole, without its legal ending, or by its distinctive first word
        (LUCIA, "Works at Northwind Traders Ltd.", "Works at [employer]."),
        (LUCIA, "back at northwind traders", "back at [employer]"),
        (LUCIA, "Northwind's board", "[employer]'s board"),
        (LUCIA, "the Northwind-Traders merger", "[employer] merger"),
        # Exact dates
        (JORDAN, "Review on 12 March 2026", "Review on [date]"),
        (JORDAN, "Review on March 12th, 2026", "Review on [date]"),
        (JORDAN, "Review on 12/03/2026", "Review on [date]"),
        (JORDAN, "Review on 2026-03-12", "Review on [date]"),
        (JORDAN, "Review on 12.03.26.", "Review on [date]."),
        (JORDAN, "Moved on the 3rd of May", "Moved on [date]"),
        (JORDAN, "Due May 3rd", "Due [date]"),
        (JORDAN, "Due 3 Sept", "Due [date]"),
        (JORDAN, "Back 12th of march '26", "Back [date]"),
        # Health
        (JORDAN, "Diagnosed with bipolar disorder last year", "Diagnosed with [health] last year"),
        (JORDAN, "on medication for sleep apnoea, so", "on medication for [health], so"),
        (JORDAN, "Struggling since the miscarriage", "Struggling since the [health]"),
        (JORDAN, "ADHD and Depression both", "[health] and [health] both"),
        (JORDAN, "Third round of IVF", "Third round of [health]"),
        (JORDAN, "Chemotherapy ends soon", "[health] ends soon"),
        (JORDAN, "She is pregnant", "She is [health]"),
        (JORDAN, "signed off with stress in spring", "signed off with [health] in spring"),
        (JORDAN, "Has diabetes; PTSD from the army", "Has [health]; [health] from the army"),
        (JORDAN, "an autistic son", "an [health] son"),
        (JORDAN, "a clinical burnout in 2024", "a [health] in 2024"),
        # A common-word name counts where it is written with a capital
        (WILL, "Will said she will try", "Client C said she will try"),
        (WILL, "grace under pressure; Grace agreed", "grace under pressure; Client C agreed"),
        (WILL, "will.grace@work", "Client C@work"),
    ],
)
def test_what_a_mentor_must_not_read_is_taken_out(redact: Redactor, text: str, shown: str) -> None:
    assert redact(text) == shown


@pytest.mark.parametrize(
    ("redact", "text"),
    [
        (WILL, "she will try it next week"),
        (WILL, "by the grace of a good week"),
        (JORDAN, "Jordanian food, Ellison's book"),
        (LUCIA, "fern and daisies"),
        (LUCIA, "the northwind blew"),
        (LUCIA, "the wind from the north"),
        (JORDAN, "next week, in March, by 2026, on the 3rd"),
        (JORDAN, "she may 3x her reach"),
        (JORDAN, "version 1.2.3 of the plan; 8/10 energy"),
        (JORDAN, "felt anxious and stressed before the talk"),
        (JORDAN, "burnout is the theme of the phase"),
        (JORDAN, "a stroke of luck"),
        (Redactor("J Smith", "js@example.org", "Client D"), "just a little, J."),
        (Redactor("Ana de la Cruz", "adlc@example.org", "Client E"), "de la terre, la vie"),
    ],
)
def test_ordinary_words_are_left_alone(redact: Redactor, text: str) -> None:
    assert redact(text) == text


def test_the_replaced_stretch_is_the_one_written_even_when_folding_changes_length() -> None:
    # "ß" folds to "ss" and "ﬁ" to "fi": what follows must stay where it was.
    redact = Redactor("Jens Strauß", "js@example.org", "Client F")

    assert redact("ﬁne: STRAUSS and Strauß\u2019s ﬁle") == "ﬁne: Client F and Client F\u2019s ﬁle"


def test_folding_remembers_where_each_character_came_from() -> None:
    folded = Folded.of("Añó ß")

    assert folded.text == "ano ss"
    assert folded.written_span(0, 3) == (0, 3)
    assert folded.written_span(4, 6) == (4, 5)


NAMES = ["Lucía Fernández", "Jordan Ellis", "Zoë O'Brien", "Björn Ångström"]
FILLER = st.sampled_from(["she", "said", "the", "plan", "went", "well", "at", "work", "team"])
SEPARATORS = st.sampled_from(["", ".", "_", "-", " "])
SUFFIXES = st.sampled_from(["", "'s", "\u2019s", "s", "s'"])


@st.composite
def typed_names(draw: st.DrawFn) -> tuple[str, str]:
    """A client's name, and one way of typing it: any case, with or without accents, its
    parts run together or apart, possessive or plural."""
    name = draw(st.sampled_from(NAMES))
    parts = name.split()
    chosen = draw(st.sampled_from([parts, parts[:1], parts[1:], parts[::-1]]))
    pieces = []
    for part in chosen:
        plain = draw(st.booleans())
        letters = fold(part) if plain else part
        cases = draw(st.lists(st.booleans(), min_size=len(letters), max_size=len(letters)))
        pieces.append(
            "".join(c.upper() if up else c.lower() for c, up in zip(letters, cases, strict=True))
        )
    typed = draw(SEPARATORS).join(pieces) + draw(SUFFIXES)
    return name, typed


@given(typed=typed_names(), before=st.lists(FILLER, max_size=4), after=st.lists(FILLER, max_size=4))
def test_no_way_of_typing_the_name_reaches_the_mentor(
    typed: tuple[str, str], before: list[str], after: list[str]
) -> None:
    name, variant = typed
    redact = Redactor(name, "client@example.org", "Client Z")

    shown = redact(" ".join([*before, variant, *after]))

    for part in fold(name).replace("'", "").split():
        assert part not in fold(shown).replace("'", "")
    words = shown.split()
    assert words[: len(before)] == before
    assert words[len(words) - len(after) :] == after
