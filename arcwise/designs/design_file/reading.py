"""From a design file to a checked `DesignSpec`, every problem reported with its line.

Unknown keys are errors, and all problems are reported at once, so a person mends a file
in one go; a file that is hostile rather than wrong is refused by `parsing` at its first
such line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from arcwise.designs.design_file.format import (
    DESIGN_KEYS,
    FORMAT_VERSION,
    PHASE_KEYS,
    PRACTICE_KEYS,
    PROMPT_KEYS,
    QUESTION_KEYS,
    DesignFileError,
)
from arcwise.designs.design_file.parsing import parse
from arcwise.designs.intake_spec import IntakeQuestion, kind_of
from arcwise.designs.spec import (
    CycleStep,
    DesignSpec,
    PhaseSpec,
    Practice,
    Problem,
    ReflectionPrompt,
    check_design,
    clean_text,
)

# Past this many problems a file is not a design with mistakes; list the first ones only.
MAX_PROBLEMS = 50


def read_design(data: bytes) -> DesignSpec:
    """Parse and check a design file completely; raise `DesignFileError` with every problem.

    A hostile file (control or bidirectional characters, deep nesting, too many values) is
    refused at its first such line without reading further, so no file holds the reader
    for more than a fraction of a second.
    """
    root = parse(data)
    reader = _TreeReader()
    spec = reader.document(root)
    problems = list(reader.problems)
    if spec is not None:
        for problem in check_design(spec).errors:
            path = f"design.{problem.where}"
            # A field the file got wrong in shape already has its problem; its stand-in
            # value would only add a second, confusing one.
            if not _within_any(path, reader.flagged):
                problems.append(reader.locate(path, problem.message))
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS]
        problems.append(Problem("file", f"{more} more problems; correct these first."))
    if problems:
        raise DesignFileError(problems)
    assert spec is not None
    return spec


@dataclass
class _Field:
    node: Node
    path: str


class _TreeReader:
    """Turns the node tree into a `DesignSpec`, collecting problems with their lines."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.flagged: set[str] = set()
        self.lines: dict[str, int] = {}

    def locate(self, path: str, message: str) -> Problem:
        # The closest enclosing field that has a line, e.g. a list item's own line.
        probe = path
        while probe and probe not in self.lines:
            probe = probe.rsplit(".", 1)[0] if "." in probe else ""
        line = self.lines.get(probe)
        if not path:
            return Problem(f"line {line}" if line else "file", message)
        return Problem(f"line {line}, {path}" if line else path, message)

    def problem(self, path: str, message: str) -> None:
        self.flagged.add(path)
        self.problems.append(self.locate(path, message))

    def document(self, root: Node | None) -> DesignSpec | None:
        if root is None:
            self.problems.append(Problem("file", "it is empty; a design file needs `arcwise: 1`."))
            return None
        fields = self.mapping(root, "", ("arcwise", "design"), required=("arcwise", "design"))
        if fields is None:
            return None
        marker = self.number(fields.get("arcwise"), "arcwise")
        if marker is not None and marker != FORMAT_VERSION:
            self.problem("arcwise", f"this file is format {marker}; this Arcwise reads format 1.")
        design = fields.get("design")
        return self.design(design.node) if design else None

    def design(self, node: Node) -> DesignSpec | None:
        fields = self.mapping(node, "design", DESIGN_KEYS, required=("name", "phases"))
        if fields is None:
            return None
        phases = self.sequence(fields.get("phases"), "design.phases", self.phase)
        return DesignSpec(
            name=self.text(fields.get("name"), "design.name") or "",
            purpose=self.text(fields.get("purpose"), "design.purpose") or "",
            audience=self.text(fields.get("audience"), "design.audience") or "",
            cadence_days=_given(self.number(fields.get("cadence_days"), "design.cadence_days"), 14),
            phases=tuple(phase for phase in phases if phase is not None),
            pulse_scales=self.texts(fields.get("pulse_scales"), "design.pulse_scales"),
            wheel_areas=self.texts(fields.get("wheel_areas"), "design.wheel_areas"),
            # Optional: a file without `intake:` (every file written before it existed)
            # imports as it always did, with no questions.
            intake=tuple(
                question
                for question in self.sequence(fields.get("intake"), "design.intake", self.question)
                if question is not None
            ),
        )

    def phase(self, node: Node, path: str) -> PhaseSpec | None:
        required = ("key", "name", "intent", "planned_weeks", "planned_sessions")
        fields = self.mapping(node, path, PHASE_KEYS, required=required)
        if fields is None:
            return None
        return PhaseSpec(
            key=self.text(fields.get("key"), f"{path}.key") or "",
            name=self.text(fields.get("name"), f"{path}.name") or "",
            intent=self.text(fields.get("intent"), f"{path}.intent") or "",
            # Optional: files written before it existed import as they always did.
            client_intent=self.text(fields.get("client_intent"), f"{path}.client_intent") or "",
            planned_weeks=_given(
                self.number(fields.get("planned_weeks"), f"{path}.planned_weeks"), 0
            ),
            planned_sessions=_given(
                self.number(fields.get("planned_sessions"), f"{path}.planned_sessions"), 0
            ),
            readiness_signals=self.texts(
                fields.get("readiness_signals"), f"{path}.readiness_signals"
            ),
            session_prompts=self.texts(fields.get("session_prompts"), f"{path}.session_prompts"),
            practices=tuple(
                item
                for item in self.sequence(
                    fields.get("practices"), f"{path}.practices", self.practice
                )
                if item is not None
            ),
            reflection_prompts=tuple(
                item
                for item in self.sequence(
                    fields.get("reflection_prompts"), f"{path}.reflection_prompts", self.prompt
                )
                if item is not None
            ),
        )

    def practice(self, node: Node, path: str) -> Practice | None:
        fields = self.mapping(node, path, PRACTICE_KEYS, required=("title",))
        if fields is None:
            return None
        return Practice(
            title=self.text(fields.get("title"), f"{path}.title") or "",
            description=self.text(fields.get("description"), f"{path}.description") or "",
        )

    def prompt(self, node: Node, path: str) -> ReflectionPrompt | None:
        fields = self.mapping(node, path, PROMPT_KEYS, required=("step", "text"))
        if fields is None:
            return None
        step = self.text(fields.get("step"), f"{path}.step")
        text = self.text(fields.get("text"), f"{path}.text") or ""
        if step is None:
            return None
        if step not in CycleStep.__members__.values():
            self.problem(
                f"{path}.step",
                f"“{step}” is not a step of the cycle; use experience, reflection or integration.",
            )
            return None
        return ReflectionPrompt(step=CycleStep(step), text=text)

    def question(self, node: Node, path: str) -> IntakeQuestion | None:
        fields = self.mapping(node, path, QUESTION_KEYS, required=("key", "kind", "prompt"))
        if fields is None:
            return None
        # Every field is read (so each problem is reported) before an unknown kind stops it.
        key = self.text(fields.get("key"), f"{path}.key") or ""
        kind_text = self.text(fields.get("kind"), f"{path}.kind")
        prompt = self.text(fields.get("prompt"), f"{path}.prompt") or ""
        required = self.yes_no(fields.get("required"), f"{path}.required")
        options = self.texts(fields.get("options"), f"{path}.options")
        maps_to = self.text(fields.get("maps_to"), f"{path}.maps_to") or ""
        kind = kind_of(kind_text) if kind_text is not None else None
        if kind_text is not None and kind is None:
            self.problem(
                f"{path}.kind",
                f"“{kind_text}” is not a kind of question; use text, choice or scale.",
            )
        if kind is None:
            return None
        return IntakeQuestion(
            key=key,
            kind=kind,
            prompt=prompt,
            required=bool(required),
            options=options,
            maps_to=maps_to,
        )

    # --- shapes ---

    def yes_no(self, item: _Field | None, path: str) -> bool | None:
        if item is None:
            return None
        node = item.node
        if isinstance(node, ScalarNode) and node.tag.endswith(":bool"):
            return str(node.value).lower() in ("true", "yes", "on", "y")
        self.problem(path, f"expected true or false, found {_kind(node)}.")
        return None

    def mapping(
        self, node: Node, path: str, allowed: tuple[str, ...], *, required: tuple[str, ...]
    ) -> dict[str, _Field] | None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if not isinstance(node, MappingNode):
            self.problem(path, f"expected a mapping of {', '.join(allowed)}, found {_kind(node)}.")
            return None
        fields: dict[str, _Field] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or not isinstance(key_node.value, str):
                self.problem(path, "keys must be plain words.")
                continue
            key = key_node.value
            child = f"{path}.{key}" if path else key
            self.lines[child] = key_node.start_mark.line + 1
            if key not in allowed:
                hint = _closest(key, allowed)
                self.problem(
                    child,
                    f"“{key}” is not a field here{f' (did you mean “{hint}”?)' if hint else ''}; "
                    f"known fields: {', '.join(allowed)}.",
                )
            elif key in fields:
                self.problem(child, f"“{key}” appears twice.")
            else:
                fields[key] = _Field(value_node, child)
        for key in required:
            # A set lookup, not a scan of the problems: a hostile file can have thousands.
            if key not in fields and (f"{path}.{key}" if path else key) not in self.flagged:
                self.problem(path, f"the required field “{key}” is missing.")
        return fields

    def sequence(
        self, item: _Field | None, path: str, read: Callable[[Node, str], Any]
    ) -> list[Any]:
        if item is None:
            return []
        node = item.node
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(path, f"expected a list, found {_kind(node)}.")
            return []
        results = []
        for index, child in enumerate(node.value):
            child_path = f"{path}[{index + 1}]"
            self.lines[child_path] = child.start_mark.line + 1
            results.append(read(child, child_path))
        return results

    def texts(self, item: _Field | None, path: str) -> tuple[str, ...]:
        def read(node: Node, child_path: str) -> str | None:
            return self.text(_Field(node, child_path), child_path)

        return tuple(text for text in self.sequence(item, path, read) if text is not None)

    def text(self, item: _Field | None, path: str) -> str | None:
        if item is None:
            return None
        node = item.node
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            return ""
        # Numbers and dates written where text belongs are taken as the text they show.
        if not isinstance(node, ScalarNode):
            self.problem(path, f"expected text, found {_kind(node)}.")
            return None
        return clean_text(str(node.value))

    def number(self, item: _Field | None, path: str) -> int | None:
        if item is None:
            return None
        node = item.node
        if isinstance(node, ScalarNode) and node.tag.endswith(":int"):
            try:
                return int(node.value.replace("_", ""))
            except ValueError:  # YAML 1.1 also calls 0x1f and 0o17 numbers; designs do not
                pass
        self.problem(path, f"expected a whole number, found {_kind(node)}.")
        return None


def _within_any(path: str, outers: set[str]) -> bool:
    """Whether `path` is one of `outers` or inside one (design.phases[2] is in design.phases).

    Looks up each enclosing path in the set, so a file with thousands of problems costs
    thousands of steps, not millions.
    """
    ends = [index for index, char in enumerate(path) if char in ".["]
    return any(path[:end] in outers for end in [*ends, len(path)])


def _given(value: int | None, default: int) -> int:
    return default if value is None else value


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing"
    if node.tag.endswith(":int"):
        return f"the number {node.value}"
    if node.tag.endswith(":float"):
        return f"the number {node.value}"
    if node.tag.endswith(":bool"):
        return f"“{node.value}” (a yes/no value)"
    value = str(node.value)
    return f"the text “{value[:40]}{'…' if len(value) > 40 else ''}”"


def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return matches[0] if matches else None
