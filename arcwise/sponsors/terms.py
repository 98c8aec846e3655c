"""What a sponsorship's terms say, in words: the line its log keeps for each change, and what
the closing wheel comes to. Pure: no Django import, so the wording is tested directly."""

from __future__ import annotations

from dataclasses import dataclass

# What each term shows a sponsor, as the journey page, the log and the sponsor's page say it.
ATTENDANCE = "attendance"
SUMMARIES = "progress summaries the client approved"
CLOSING_MEASURES = "closing measures"


@dataclass(frozen=True)
class Terms:
    """A sponsorship's terms as a coach sets them: `sponsor` is the sponsor's name, or
    empty when no one has access."""

    organisation: str
    sponsor: str
    attendance: bool
    summaries: bool
    closing_measures: bool

    def shown(self) -> list[str]:
        """What the sponsor sees under these terms, in words, in the page's order."""
        return [
            words
            for words, on in (
                (ATTENDANCE, self.attendance),
                (SUMMARIES, self.summaries),
                (CLOSING_MEASURES, self.closing_measures),
            )
            if on
        ]


def _shown(on: bool) -> str:
    return "shown" if on else "not shown"


def terms_changes(before: Terms | None, after: Terms) -> list[str]:
    """Each difference between two versions of the terms, as a line for the log; with no
    `before`, the terms as first agreed. Empty when nothing differs."""
    if before is None:
        shown = after.shown()
        return [
            f"Agreed with {after.organisation}: "
            + (", ".join(shown) if shown else "nothing shown yet")
            + f"; sponsor: {after.sponsor or 'no one yet'}."
        ]
    lines = []
    if before.organisation != after.organisation:
        lines.append(f"Organisation: {after.organisation} (was {before.organisation}).")
    if before.sponsor != after.sponsor:
        if after.sponsor:
            earlier = f" (was {before.sponsor})" if before.sponsor else ""
            lines.append(f"Sponsor: {after.sponsor}{earlier}.")
        else:
            lines.append(f"{before.sponsor} no longer has access.")
    for words, was, now in (
        (ATTENDANCE, before.attendance, after.attendance),
        (SUMMARIES, before.summaries, after.summaries),
        (CLOSING_MEASURES, before.closing_measures, after.closing_measures),
    ):
        if was != now:
            lines.append(f"{words.capitalize()}: {_shown(now)} (was {_shown(was)}).")
    return lines


@dataclass(frozen=True)
class WheelAtClose:
    """The wheel at close, told without its areas' names (the client's own words about their
    life and work): how many areas, their average, the lowest and the highest, of 10."""

    areas: int
    average: float
    lowest: int
    highest: int

    def words(self) -> str:
        return (
            f"{self.areas} areas rated at close, averaging {self.average:.1f} out of 10 "
            f"(lowest {self.lowest}, highest {self.highest})."
        )


def wheel_at_close(values: list[int | None]) -> WheelAtClose | None:
    """The wheel at close from each area's closing value; None unless every area has one."""
    rated = [value for value in values if value is not None]
    if not rated or len(rated) != len(values):
        return None
    return WheelAtClose(len(rated), sum(rated) / len(rated), min(rated), max(rated))
