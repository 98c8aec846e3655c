"""What the summary says a number means, and the file name it gives the PDF."""

from __future__ import annotations

import pytest

from arcwise.outcomes.models import LEVEL_NAMES
from arcwise.outcomes.wording import ascii_slug, change_label, level_label, t_meaning


@pytest.mark.parametrize(
    ("t", "words"),
    [
        (50.0, "landed where expected"),
        (52.5, "landed where expected"),
        (47.5, "landed where expected"),
        (55.0, "went somewhat beyond"),
        (60.0, "went well beyond"),
        (45.0, "were somewhat short"),
        (40.0, "were well short"),
        (None, "no score"),
    ],
)
def test_each_t_score_reads_as_one_plain_sentence(t: float | None, words: str) -> None:
    sentence = t_meaning(t)

    assert words in sentence
    assert sentence.endswith(".")
    assert sentence.count(". ") == 0


def test_levels_and_changes_are_signed() -> None:
    assert level_label(2, LEVEL_NAMES) == "+2 Much more than expected"
    assert level_label(0, LEVEL_NAMES) == "0 The expected outcome"
    assert level_label(-1, LEVEL_NAMES) == "-1 Less than expected"
    assert level_label(None, LEVEL_NAMES) == "not rated"
    assert (change_label(3), change_label(0), change_label(-2)) == ("+3", "no change", "-2")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Zoë O'Brien", "zoe-obrien"),
        ('Quentin "Q" Confidential', "quentin-q-confidential"),
        ("李小龍", "client"),
        ("a\r\nContent-Type: text/html", "a-content-type-text-html"),
    ],
)
def test_a_file_name_is_plain_ascii_whatever_the_name(name: str, slug: str) -> None:
    assert ascii_slug(name) == slug
