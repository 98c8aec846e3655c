"""Finding the invisible characters that change the order text is shown in."""

from __future__ import annotations

import pytest

from arcwise.text import BIDI_CONTROL_NAMES, bidi_control_message, find_bidi_control


@pytest.mark.parametrize("character", list(BIDI_CONTROL_NAMES))
def test_every_embedding_override_and_isolate_control_is_found(character: str) -> None:
    hidden = find_bidi_control(f"Ann{character}evoL")

    assert hidden is not None
    assert (hidden.character, hidden.line, hidden.column) == (character, 1, 4)


def test_right_to_left_writing_and_its_marks_are_ordinary_text() -> None:
    # Hebrew, Arabic, and the left-to-right, right-to-left and Arabic letter marks.
    assert find_bidi_control("שלום سلام \u200e\u200f\u061c") is None


def test_the_message_names_the_character_and_where_it_is() -> None:
    hidden = find_bidi_control("first line\nsecond \u202eline")
    assert hidden is not None

    assert bidi_control_message(hidden, multiline=True) == (
        "This holds an invisible right-to-left override (U+202E) at line 2, character 8, "
        "which can make text show in a different order from how it was typed. "
        "Delete it, or retype the text."
    )
    assert "at character 8," in bidi_control_message(hidden)
