"""Practice insight as a spreadsheet: the per-phase figures as CSV rows."""

from __future__ import annotations

from arcwise.insights.practice import ADAPTATION_KINDS, PracticeInsight

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP: CSV
# injection); a phase or design name is typed by a coach, so such a cell gets a leading
# apostrophe, which spreadsheets show as text and do not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_HEADER = (
    "Design",
    "Phase",
    "Planned weeks",
    "Journeys reached",
    "Shortest stay (weeks)",
    "25th percentile (weeks)",
    "Median (weeks)",
    "75th percentile (weeks)",
    "Longest stay (weeks)",
    "Stalled there now",
    "Ended early there",
    *(f"Adaptations: {label.lower()}" for _, label in ADAPTATION_KINDS),
)


def spreadsheet_safe(cell: str | int | float) -> str | int | float:
    """`cell`, with text a spreadsheet would run as a formula made plain text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_rows(insight: PracticeInsight) -> list[tuple[str | int | float, ...]]:
    """The per-phase figures as rows of a CSV file, header first, every cell made safe."""
    rows: list[tuple[str | int | float, ...]] = [CSV_HEADER]
    design_name = insight.design.name if insight.design else ""
    for phase in insight.phases:
        dwell = phase.dwell
        weeks: tuple[str | float, ...] = (
            tuple(
                phase.weeks(d) for d in (dwell.low, dwell.p25, dwell.median, dwell.p75, dwell.high)
            )
            if dwell
            else ("",) * 5
        )
        rows.append(
            (
                design_name,
                phase.name,
                phase.planned_weeks,
                phase.reached,
                *weeks,
                phase.stalled,
                phase.ended_early,
                *(phase.adaptations.get(kind, 0) for kind, _ in ADAPTATION_KINDS),
            )
        )
    return [tuple(spreadsheet_safe(cell) for cell in row) for row in rows]
