"""The journey map in words: the summary line on top, the adaptations listed under the
picture, and the description a screen reader reads. No Django import.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from arcwise.days import (
    count,
    day_month,
    day_month_year,
    week_in_phase,
    week_number,
    weeks_covering,
)
from arcwise.svg.journey_picture import (
    MARGIN_X,
    JourneyPicture,
    NumberedAdaptation,
    Run,
    current_run,
)
from arcwise.svg.marks import STATUS_WORDS, STATUSES
from arcwise.svg.markup import Attrs, Markup, element
from arcwise.svg.scale import TimeScale
from arcwise.svg.style import INK, INK_SOFT, WIDTH, text_width
from arcwise.svg.wrap import shorten, wrap

# Sizes follow design_arc: on a 380 px phone the picture is drawn at about 0.6 scale, so
# 17 units is about 10 px there.
SUMMARY_SIZE = 20
LIST_SIZE = 17
LIST_LINE = 23


def summary_line(picture: JourneyPicture, runs: list[Run]) -> Markup:
    """One line a coach reads first: the week, the phase, the sessions held.

    What does not fit is said more briefly, then left out; a phase name too long even
    alone is cut short (the tooltip, the key and the description have it whole).
    """
    if picture.today < picture.starts:
        when = f"Starts {day_month_year(picture.starts)}"
    elif not picture.shows_today and picture.ended is not None:
        when = f"Ended {day_month_year(picture.ended)}"
    else:
        week = week_number(picture.today, picture.starts)
        planned_weeks = weeks_covering((picture.planned_end - picture.starts).days)
        when = week_in_phase(week=week, planned_weeks=planned_weeks).capitalize()
    current = current_run(runs)
    phase = [f"in {current.name}"] if current is not None else []
    held = sum(1 for session in picture.sessions if session.status == "held")
    total = len(picture.sessions)
    options = [[when, *phase]]
    if total:
        options[:0] = [
            [when, *phase, f"{held} of {count(total, 'session')} held"],
            [when, *phase, f"{held} of {total} held"],
        ]
    room = WIDTH - 2 * MARGIN_X

    def width(parts: list[str]) -> float:
        return text_width(" · ".join(parts), SUMMARY_SIZE, bold=True)

    parts = next((option for option in options if width(option) <= room), None)
    if parts is None:
        parts = [when, *(shorten(p, room - width([when, ""]), SUMMARY_SIZE) for p in phase)]
    attrs: Attrs = {
        "class": "jm-summary",
        "x": MARGIN_X,
        "y": 26,
        "font-size": SUMMARY_SIZE,
        "font-weight": "bold",
        "fill": INK,
    }
    return element("text", attrs, " · ".join(parts))


def adaptation_list(
    adaptations: list[NumberedAdaptation], scale: TimeScale, top: float
) -> tuple[Markup, float]:
    """Every adaptation in words: "A1 · 12 May · Extended Experiment by 2 weeks: …"."""
    if not adaptations:
        return Markup(""), top
    with_year = scale.start.year != scale.end.year
    heading: Attrs = {
        "x": MARGIN_X,
        "y": top + LIST_SIZE,
        "font-size": LIST_SIZE,
        "font-weight": "bold",
        "fill": INK_SOFT,
    }
    children = [element("text", heading, "Adaptations")]
    y = top + LIST_SIZE + LIST_LINE
    tag_width = max(text_width(a.tag, LIST_SIZE, bold=True) for a in adaptations)
    tag_width += text_width(" ", LIST_SIZE)
    text_x = MARGIN_X + tag_width
    room = WIDTH - 8 - text_x
    for adaptation in adaptations:
        on = (day_month_year if with_year else day_month)(adaptation.marker.on)
        lines = wrap(f"· {on} · {adaptation.text}", room, LIST_SIZE)
        tag: Attrs = {"x": MARGIN_X, "y": y, "font-size": LIST_SIZE, "font-weight": "bold"}
        entry = [element("text", {**tag, "fill": INK}, adaptation.tag)]
        for index, line in enumerate(lines):
            attrs: Attrs = {
                "x": text_x,
                "y": y + index * LIST_LINE,
                "font-size": LIST_SIZE,
                "fill": INK,
            }
            entry.append(element("text", attrs, line))
        children.append(
            element(
                "g",
                {"class": "jm-adaptation-entry", "data-adaptation": adaptation.ordinal},
                entry,
            )
        )
        y += len(lines) * LIST_LINE + 4
    return element("g", {"class": "jm-adaptation-list"}, children), y - LIST_LINE + 6


def describe(
    picture: JourneyPicture, runs: list[Run], adaptations: list[NumberedAdaptation]
) -> str:
    """The picture in words, for screen readers and for anyone who cannot see it."""
    started = "Started" if picture.today >= picture.starts else "Starts"
    passed = ", now past" if picture.today > picture.planned_end else ""
    if picture.ended is not None:
        passed = f", ended {day_month_year(picture.ended)}"
    sentences = [
        f"{started} {day_month_year(picture.starts)}, "
        f"planned to end {day_month_year(picture.planned_end)}{passed}."
    ]

    def since(on: date) -> str:
        return day_month(on) if on.year == picture.today.year else day_month_year(on)

    current = current_run(runs)
    if current is not None:
        again = " again" if current.revisit else ""
        sentences.append(
            f"Now in {current.name}{again} "
            f"(run {current.ordinal}, since {since(current.bar.starts)})."
        )
    elif runs:
        last = max(runs, key=lambda run: (run.ends(picture.today), run.ordinal))
        sentences.append(
            f"No phase running; the last was {last.name} "
            f"(run {last.ordinal}, ended {since(last.ends(picture.today))})."
        )
    else:
        sentences.append("No phase has started yet.")

    counts = Counter(
        session.status if session.status in STATUSES else "other" for session in picture.sessions
    )
    total = len(picture.sessions)
    if total:
        parts = [f"{counts['held']} of {count(total, 'session')} held"]
        parts += [
            f"{counts[status]} {STATUS_WORDS.get(status, 'other')}"
            for status in ("cancelled", "no_show", "planned", "other")
            if counts[status]
        ]
        sentences.append(", ".join(parts) + ".")
    else:
        sentences.append("No sessions yet.")

    if adaptations:
        listed = "; ".join(f"{a.tag} {since(a.marker.on)}, {a.text}" for a in adaptations)
        sentences.append(f"{count(len(adaptations), 'adaptation')}: {listed}.")
    else:
        sentences.append("No adaptations.")
    return " ".join(sentences)
