"""Practice insight as one comparable value: every design's figures, the outcomes by version,
and the CSV rows, as the page and the download show them on a fixed day."""

from __future__ import annotations

from datetime import date
from typing import Any

from arcwise.accounts.models import Practice
from arcwise.insights.practice import designs_with_journeys, practice_insight
from arcwise.insights.practice_csv import csv_rows
from arcwise.insights.practice_outcomes import practice_outcomes

DAY = date(2026, 11, 2)


def insight_figures(practice: Practice) -> list[Any]:
    """Everything practice insight counts for `practice`: equal before and after means the
    journeys are counted exactly as before."""
    practice.refresh_from_db()
    designs = designs_with_journeys(practice)
    outcomes = practice_outcomes(practice)
    figures: list[Any] = [designs, outcomes]
    for design in designs:
        insight = practice_insight(practice=practice, designs=designs, design=design, today=DAY)
        figures += [insight, csv_rows(insight, outcomes)]
    return figures
