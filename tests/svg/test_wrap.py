"""Fitting a name into its room: kept whole when it fits, cut with an ellipsis when not."""

from __future__ import annotations

from arcwise.svg.wrap import fit, wrap_lines


def test_fit_and_wrap_lines_keep_what_fits_and_mark_what_was_cut() -> None:
    assert fit("Orient  phase", 200, 14) == "Orient phase"
    assert fit("Recognise and close the work", 80, 14).endswith("…")
    assert wrap_lines("one two", 200, 13, lines=2) == ["one two"]
    three = wrap_lines("alpha beta gamma delta epsilon zeta", 60, 13, lines=2)
    assert len(three) == 2
    assert three[-1].endswith("…")
