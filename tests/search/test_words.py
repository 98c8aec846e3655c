"""Words are compared the same way in a search and in a text: case and accents aside."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from arcwise.search.words import MAX_WORD, indexed_words, name_words, plain, words_of


def test_case_and_accents_do_not_change_a_word() -> None:
    assert words_of("Café CAFE cafe") == ["cafe"]
    assert plain("Ångström") == "angstrom"


def test_punctuation_and_underscores_split_words_and_short_words_are_not_indexed() -> None:
    assert words_of("say_no, to—Bob!") == ["say", "no", "to", "bob"]
    assert indexed_words("I said a no") == ["said", "no"]


def test_names_keep_their_accents_and_lose_every_symbol() -> None:
    assert name_words("Zoë O'Brien & co:*") == ["zoë", "o", "brien", "co"]
    assert name_words("!!! ::: ***") == []


@given(st.text(max_size=300))
def test_every_name_word_is_letters_and_digits_only_and_limited(text: str) -> None:
    for word in name_words(text):
        assert word
        assert len(word) <= MAX_WORD
        assert all(c.isalnum() for c in word)


@given(st.lists(st.text(alphabet=st.characters(categories=["Ll", "Lu"]), min_size=2), max_size=6))
def test_a_text_and_its_words_joined_again_give_the_same_words(parts: list[str]) -> None:
    text = " ".join(parts)
    assert words_of(" ".join(words_of(text))) == words_of(text)
