"""The terms in words: the log's line for each change, and the wheel at close told without
its areas' names. Pure: no database."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from arcwise.sponsors.terms import Terms, terms_changes, wheel_at_close

AGREED = Terms("Acme Holdings", "Sasha Sponsor", True, False, True)

names = st.sampled_from(["", "Sasha Sponsor", "Dana Reyes"])
terms = st.builds(
    Terms,
    organisation=st.sampled_from(["Acme Holdings", "Northwind"]),
    sponsor=names,
    attendance=st.booleans(),
    summaries=st.booleans(),
    closing_measures=st.booleans(),
)


def test_the_first_agreement_says_what_is_shown_and_to_whom() -> None:
    assert terms_changes(None, AGREED) == [
        "Agreed with Acme Holdings: attendance, closing measures; sponsor: Sasha Sponsor."
    ]


def test_a_first_agreement_showing_nothing_says_so() -> None:
    nothing = Terms("Acme Holdings", "", False, False, False)

    assert terms_changes(None, nothing) == [
        "Agreed with Acme Holdings: nothing shown yet; sponsor: no one yet."
    ]


def test_each_term_that_changed_is_one_line_with_what_it_was() -> None:
    after = replace(AGREED, attendance=False, summaries=True)

    assert terms_changes(AGREED, after) == [
        "Attendance: not shown (was shown).",
        "Progress summaries the client approved: shown (was not shown).",
    ]


def test_a_sponsor_losing_access_is_said_by_name() -> None:
    assert terms_changes(AGREED, replace(AGREED, sponsor="")) == [
        "Sasha Sponsor no longer has access."
    ]
    assert terms_changes(AGREED, replace(AGREED, sponsor="Dana Reyes")) == [
        "Sponsor: Dana Reyes (was Sasha Sponsor)."
    ]


@given(terms, terms)
def test_the_log_has_a_line_exactly_when_something_changed(before: Terms, after: Terms) -> None:
    assert bool(terms_changes(before, after)) == (before != after)


@given(terms)
def test_what_is_shown_follows_the_flags_in_the_pages_order(agreed: Terms) -> None:
    flags = [agreed.attendance, agreed.summaries, agreed.closing_measures]

    assert len(agreed.shown()) == sum(flags)
    assert agreed.shown() == [
        w for w in Terms("", "", True, True, True).shown() if w in agreed.shown()
    ]


def test_the_wheel_at_close_is_its_average_lowest_and_highest() -> None:
    wheel = wheel_at_close([8, 7, 6])

    assert wheel is not None
    assert wheel.words() == "3 areas rated at close, averaging 7.0 out of 10 (lowest 6, highest 8)."


def test_a_wheel_not_rated_in_full_at_close_has_no_reading() -> None:
    assert wheel_at_close([8, None, 6]) is None
    assert wheel_at_close([]) is None
