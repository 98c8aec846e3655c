"""Practice insight as a spreadsheet: the per-phase figures as CSV rows, then, after an
empty row, the outcomes of every design version with their own header."""

from __future__ import annotations

from arcwise.insights.outcome_figures import Figure, VersionOutcomes
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


OUTCOMES_HEADER = (
    "Design",
    "Version",
    "Figure",
    "Journeys",
    "Median",
    "Middle half from (25th percentile)",
    "Middle half to (75th percentile)",
    "Note",
)

Row = tuple[str | int | float, ...]


def spreadsheet_safe(cell: str | int | float) -> str | int | float:
    """`cell`, with text a spreadsheet would run as a formula made plain text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_rows(insight: PracticeInsight, outcomes: list[VersionOutcomes]) -> list[Row]:
    """The per-phase figures as rows of a CSV file, header first, then the outcomes of each
    design version under their own header; every cell made safe."""
    rows: list[Row] = [CSV_HEADER]
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
    if outcomes:
        rows += [(), OUTCOMES_HEADER]
        rows += [row for version in outcomes for row in _outcome_rows(version)]
    return [tuple(spreadsheet_safe(cell) for cell in row) for row in rows]


def _outcome_rows(version: VersionOutcomes) -> list[Row]:
    """The figures the page's table of `version` shows, a row each, rounded as it shows them;
    a figure with too few journeys has no number, only its note."""
    name, number = version.design_name, version.version_number

    def figure(label: str, figure: Figure) -> Row:
        shown = figure.shown()
        return (name, number, label, figure.counted, *(shown or ("", "", "")), figure.too_few)

    return [
        (name, number, "Journeys closed", version.closed, "", "", "", ""),
        (name, number, "Journeys ended early", version.ended_early, "", "", "", ""),
        (name, number, "Journeys still running", version.running, "", "", "", ""),
        figure("T at close (coach's ratings)", version.t_coach),
        figure("T at close (client's ratings)", version.t_client),
        *(figure(f"Wheel change: {area.name}", area.figure) for area in version.areas),
    ]
