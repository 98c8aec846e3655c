"""What a design file is: its format version, the keys it may hold, and the error that
lists every reason a file cannot be used."""

from __future__ import annotations

from arcwise.designs.spec import Problem

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000

DESIGN_KEYS = (
    "name",
    "purpose",
    "audience",
    "cadence_days",
    "pulse_scales",
    "wheel_areas",
    "intake",
    "phases",
)
PHASE_KEYS = (
    "key",
    "name",
    "intent",
    "client_intent",
    "planned_weeks",
    "planned_sessions",
    "readiness_signals",
    "session_prompts",
    "practices",
    "reflection_prompts",
)
PRACTICE_KEYS = ("title", "description")
PROMPT_KEYS = ("step", "text")
QUESTION_KEYS = ("key", "kind", "prompt", "required", "options", "maps_to")


class DesignFileError(Exception):
    """The file cannot be used; `problems` lists every reason, each with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
