"""A journey design as plain data, and the rules a design must follow. No Django import.

The designer, the YAML importer and the starter designs all produce a `DesignSpec`; the
database stores exactly what a checked spec says, so export -> import -> export is lossless.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from arcwise.text import bidi_control_message, find_bidi_control

if TYPE_CHECKING:
    from arcwise.designs.intake_spec import IntakeQuestion

T = TypeVar("T")


class CycleStep(StrEnum):
    """The step of the experience -> reflection -> integration cycle a prompt serves."""

    EXPERIENCE = "experience"
    REFLECTION = "reflection"
    INTEGRATION = "integration"


@dataclass(frozen=True)
class Practice:
    """An experiment idea offered in a phase: something to try between sessions."""

    title: str
    description: str = ""


@dataclass(frozen=True)
class ReflectionPrompt:
    step: CycleStep
    text: str


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    intent: str
    planned_weeks: int
    planned_sessions: int
    readiness_signals: tuple[str, ...] = ()
    session_prompts: tuple[str, ...] = ()
    practices: tuple[Practice, ...] = ()
    reflection_prompts: tuple[ReflectionPrompt, ...] = ()
    # What the client reads about this phase in their portal, in words meant for them; the
    # intent above is written for the coach. Empty: the portal says nothing of the phase.
    # Out of the repr: a design's arc takes its element ids from repr(spec) (arc_input.py),
    # and wording the arc does not draw must not change the picture.
    client_intent: str = field(default="", repr=False)


@dataclass(frozen=True)
class DesignSpec:
    name: str
    purpose: str = ""
    audience: str = ""
    cadence_days: int = 14
    phases: tuple[PhaseSpec, ...] = field(default_factory=tuple)
    # The client's weekly 0-10 scales, named in words they would use ("room for this work").
    pulse_scales: tuple[str, ...] = ()
    # The areas of the wheel the design suggests for a journey's 0-10 self-ratings. Out of
    # the repr, like a phase's client wording: the arc takes its element ids from repr(spec)
    # (arc_input.py) and does not draw the wheel.
    wheel_areas: tuple[str, ...] = field(default=(), repr=False)
    # The client's intake questionnaire, answered before the first session (intake_spec.py).
    # Out of the repr too: the arc does not draw it.
    intake: tuple[IntakeQuestion, ...] = field(default=(), repr=False)

    @property
    def planned_weeks(self) -> int:
        return sum(phase.planned_weeks for phase in self.phases)

    @property
    def planned_sessions(self) -> int:
        return sum(phase.planned_sessions for phase in self.phases)


def phase_record(phase: PhaseSpec) -> dict[str, object]:
    """A phase as plain JSON-like data, in the order of the file format's fields."""
    return {
        "key": phase.key,
        "name": phase.name,
        "intent": phase.intent,
        "client_intent": phase.client_intent,
        "planned_weeks": phase.planned_weeks,
        "planned_sessions": phase.planned_sessions,
        "readiness_signals": list(phase.readiness_signals),
        "session_prompts": list(phase.session_prompts),
        "practices": [
            {"title": practice.title, "description": practice.description}
            for practice in phase.practices
        ],
        "reflection_prompts": [
            {"step": str(prompt.step), "text": prompt.text} for prompt in phase.reflection_prompts
        ],
    }


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a second look) in a design; `where` names the field."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class Findings:
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


# Limits keep a design readable and a file small; they are far above any real design.
MAX_PHASES = 20
MAX_WEEKS = 104
MAX_SESSIONS = 60
MAX_CADENCE_DAYS = 56
# A pulse the client answers in under a minute: a few scales, each a short phrase.
MIN_PULSE_SCALES = 2
MAX_PULSE_SCALES = 6
SCALE_LENGTH = 60
# A wheel the client rates at a glance: three to ten areas, each a short name.
MIN_WHEEL_AREAS = 3
MAX_WHEEL_AREAS = 10
AREA_LENGTH = 40
MAX_LIST_ITEMS = 30
NAME_LENGTH = 120
KEY_LENGTH = 40
TEXT_LENGTH = 4000
# A few sentences the client reads in their portal, not a second intent.
CLIENT_INTENT_LENGTH = 1000
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Control characters other than newline and tab cannot be typed in a form and do not
# survive a trip through YAML unchanged, so they are refused everywhere.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def clean_text(text: str) -> str:
    """The canonical form of any text in a design: line endings unified, ends trimmed.

    Every way into a design (form, file, starter) passes text through this, so what is
    stored is already canonical and an export reproduces it exactly.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def sessions_that_fit(weeks: int, cadence_days: int) -> int:
    """How many sessions fit in `weeks` at one session every `cadence_days` days."""
    return max(1, math.ceil(weeks * 7 / cadence_days))


def check_design(spec: DesignSpec, *, require_phases: bool = True) -> Findings:
    """Every error that stops a design from being published or imported, and the warnings.

    A phase that plans more sessions than its weeks allow at the design's cadence is a
    warning, not an error: a coach may mean to meet more often in that phase.
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    errors += check_text("name", spec.name, required=True, length=NAME_LENGTH)
    errors += check_text("purpose", spec.purpose, length=TEXT_LENGTH)
    errors += check_text("audience", spec.audience, length=TEXT_LENGTH)
    if not 1 <= spec.cadence_days <= MAX_CADENCE_DAYS:
        errors.append(
            Problem(
                "cadence_days",
                f"must be a whole number of days from 1 to {MAX_CADENCE_DAYS} "
                "(7 is weekly, 14 every two weeks).",
            )
        )
    errors += check_pulse_scales(spec.pulse_scales)
    errors += check_wheel_areas(spec.wheel_areas)
    # Imported here: intake_spec builds its checks on this module's Problem and patterns.
    from arcwise.designs.intake_spec import check_intake

    errors += check_intake(spec.intake, spec.wheel_areas)
    if require_phases and not spec.phases:
        errors.append(Problem("phases", "a design needs at least one phase."))
    if len(spec.phases) > MAX_PHASES:
        errors.append(Problem("phases", f"a design can have at most {MAX_PHASES} phases."))
    seen: dict[str, int] = {}
    for index, phase in enumerate(spec.phases):
        where = f"phases[{index + 1}]"
        errors += check_phase(phase, where=where)
        if phase.key in seen:
            errors.append(
                Problem(
                    f"{where}.key",
                    f"“{phase.key}” is already the key of phase {seen[phase.key]}; "
                    "each phase needs its own key.",
                )
            )
        else:
            seen[phase.key] = index + 1
        if spec.cadence_days >= 1 and phase.planned_weeks >= 1:
            fit = sessions_that_fit(phase.planned_weeks, spec.cadence_days)
            if phase.planned_sessions > fit:
                warnings.append(
                    Problem(
                        f"{where}.planned_sessions",
                        f"{phase.name or phase.key} plans {phase.planned_sessions} sessions in "
                        f"{_weeks(phase.planned_weeks)}, but at one session every "
                        f"{spec.cadence_days} days only {fit} fit. Meet more often in this "
                        "phase, or give it more weeks.",
                    )
                )
    return Findings(tuple(errors), tuple(warnings))


def check_pulse_scales(scales: tuple[str, ...], where: str = "pulse_scales") -> list[Problem]:
    """None at all, or two to six distinct short names, each a 0-10 scale."""
    if not scales:
        return []
    errors: list[Problem] = []
    if not MIN_PULSE_SCALES <= len(scales) <= MAX_PULSE_SCALES:
        errors.append(
            Problem(
                where,
                f"name {MIN_PULSE_SCALES} to {MAX_PULSE_SCALES} scales, or none "
                f"(there are {len(scales)}).",
            )
        )
    seen: set[str] = set()
    for number, scale in enumerate(scales, start=1):
        errors += check_text(f"{where}[{number}]", scale, required=True, length=SCALE_LENGTH)
        if scale.casefold() in seen:
            errors.append(Problem(f"{where}[{number}]", f"“{scale}” is named twice."))
        seen.add(scale.casefold())
    return errors


def check_wheel_areas(areas: tuple[str, ...], where: str = "wheel_areas") -> list[Problem]:
    """None at all, or three to ten distinct short names of areas of the wheel."""
    if not areas:
        return []
    errors: list[Problem] = []
    if not MIN_WHEEL_AREAS <= len(areas) <= MAX_WHEEL_AREAS:
        errors.append(
            Problem(
                where,
                f"name {MIN_WHEEL_AREAS} to {MAX_WHEEL_AREAS} areas, or none "
                f"(there are {len(areas)}).",
            )
        )
    seen: set[str] = set()
    for number, area in enumerate(areas, start=1):
        errors += check_text(f"{where}[{number}]", area, required=True, length=AREA_LENGTH)
        if area.casefold() in seen:
            errors.append(Problem(f"{where}[{number}]", f"“{area}” is named twice."))
        seen.add(area.casefold())
    return errors


def check_phase(phase: PhaseSpec, *, where: str = "") -> list[Problem]:
    """The errors of one phase on its own (keys are checked against each other elsewhere)."""
    prefix = f"{where}." if where else ""
    errors: list[Problem] = []
    errors += check_key(f"{prefix}key", phase.key, KEY_LENGTH, "meet-resistance")
    errors += check_text(f"{prefix}name", phase.name, required=True, length=NAME_LENGTH)
    errors += check_text(f"{prefix}intent", phase.intent, required=True, length=TEXT_LENGTH)
    errors += check_text(f"{prefix}client_intent", phase.client_intent, length=CLIENT_INTENT_LENGTH)
    if not 1 <= phase.planned_weeks <= MAX_WEEKS:
        errors.append(Problem(f"{prefix}planned_weeks", f"must be from 1 to {MAX_WEEKS} weeks."))
    if not 1 <= phase.planned_sessions <= MAX_SESSIONS:
        errors.append(
            Problem(f"{prefix}planned_sessions", f"must be from 1 to {MAX_SESSIONS} sessions.")
        )
    for name, items in (
        ("readiness_signals", phase.readiness_signals),
        ("session_prompts", phase.session_prompts),
    ):
        errors += _check_list(
            f"{prefix}{name}",
            items,
            lambda item, at: check_text(at, item, required=True, length=TEXT_LENGTH),
        )
    errors += _check_list(
        f"{prefix}practices",
        phase.practices,
        lambda practice, at: (
            check_text(f"{at}.title", practice.title, required=True, length=NAME_LENGTH)
            + check_text(f"{at}.description", practice.description, length=TEXT_LENGTH)
        ),
    )
    errors += _check_list(
        f"{prefix}reflection_prompts",
        phase.reflection_prompts,
        lambda prompt, at: check_text(f"{at}.text", prompt.text, required=True, length=TEXT_LENGTH),
    )
    return errors


def _check_list(
    where: str, items: tuple[T, ...], check: Callable[[T, str], list[Problem]]
) -> list[Problem]:
    errors: list[Problem] = []
    if len(items) > MAX_LIST_ITEMS:
        errors.append(Problem(where, f"at most {MAX_LIST_ITEMS} items."))
    for index, item in enumerate(items):
        errors += check(item, f"{where}[{index + 1}]")
    return errors


def check_key(where: str, key: str, length: int, example: str) -> list[Problem]:
    """The error of a key (a phase's, a question's), if it is not one a file can name."""
    if KEY_PATTERN.match(key) and len(key) <= length:
        return []
    return [
        Problem(
            where,
            f"use lower-case letters, digits and single hyphens, at most {length} characters "
            f"(for example “{example}”).",
        )
    ]


def check_text(where: str, text: str, *, required: bool = False, length: int) -> list[Problem]:
    """The error of a text a file or form gives, if any: empty when required, too long,
    or holding control or hidden direction characters."""
    if required and not text:
        return [Problem(where, "cannot be empty.")]
    if len(text) > length:
        return [Problem(where, f"is {len(text)} characters long; at most {length} fit.")]
    if CONTROL_CHARACTERS.search(text):
        return [Problem(where, "contains invisible control characters; retype it as plain text.")]
    hidden = find_bidi_control(text)
    if hidden is not None:
        return [Problem(where, bidi_control_message(hidden, multiline="\n" in text))]
    return []


def _weeks(weeks: int) -> str:
    return f"{weeks} week{'s' if weeks != 1 else ''}"
