"""Read and write design files (YAML, `arcwise: 1`). Pure: bytes in, `DesignSpec` out.

Reading is defensive because a file may come from anywhere: size is capped before parsing,
anchors, aliases and tags are refused while composing (so an alias bomb never expands),
unknown keys are errors, and every problem is reported with its line, all at once.
The format is documented in docs/design-format.md.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from arcwise.designs.spec import (
    CycleStep,
    DesignSpec,
    PhaseSpec,
    Practice,
    Problem,
    ReflectionPrompt,
    check_design,
    clean_text,
    phase_record,
)

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000

DESIGN_KEYS = ("name", "purpose", "audience", "cadence_days", "phases")
PHASE_KEYS = (
    "key",
    "name",
    "intent",
    "planned_weeks",
    "planned_sessions",
    "readiness_signals",
    "session_prompts",
    "practices",
    "reflection_prompts",
)
PRACTICE_KEYS = ("title", "description")
PROMPT_KEYS = ("step", "text")


class DesignFileError(Exception):
    """The file cannot be used; `problems` lists every reason, each with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


# --- Writing ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block; PyYAML falls back to quoting by itself
    # when a block cannot hold the text exactly.
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def write_design(spec: DesignSpec) -> str:
    """The design as YAML text; the same design always gives the same text."""
    document = {
        "arcwise": FORMAT_VERSION,
        "design": {
            "name": spec.name,
            "purpose": spec.purpose,
            "audience": spec.audience,
            "cadence_days": spec.cadence_days,
            "phases": [phase_record(phase) for phase in spec.phases],
        },
    }
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2
    )


# --- Reading ---------------------------------------------------------------------------


class _RefusingComposer(Composer):
    """Composes YAML nodes but refuses anchors, aliases and explicit tags where they appear."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            raise DesignFileError(
                [Problem(f"line {line}", "aliases (*name) are not allowed in a design file.")]
            )
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            if event.anchor is not None:
                raise DesignFileError(
                    [Problem(f"line {line}", "anchors (&name) are not allowed in a design file.")]
                )
            if event.tag not in (None, "!"):
                raise DesignFileError(
                    [Problem(f"line {line}", f"tags such as {event.tag} are not allowed.")]
                )
        return super().compose_node(parent, index)


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _RefusingComposer,
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _RefusingComposer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


def check_size(size: int) -> None:
    """Refuse a file by its size alone, before reading it."""
    if size > MAX_FILE_BYTES:
        raise DesignFileError(
            [
                Problem(
                    "file",
                    f"it is {size / 1_000_000:.1f} MB; a design file can be at most "
                    f"{MAX_FILE_BYTES // 1_000_000} MB.",
                )
            ]
        )


def read_design(data: bytes) -> DesignSpec:
    """Parse and check a design file completely; raise `DesignFileError` with every problem."""
    check_size(len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DesignFileError(
            [Problem("file", f"it is not UTF-8 text (byte {error.start + 1} cannot be read).")]
        ) from None
    root = _compose(text)
    reader = _TreeReader()
    spec = reader.document(root)
    problems = list(reader.problems)
    if spec is not None:
        for problem in check_design(spec).errors:
            path = f"design.{problem.where}"
            # A field the file got wrong in shape already has its problem; its stand-in
            # value would only add a second, confusing one.
            if not any(_within(path, flagged) for flagged in reader.flagged):
                problems.append(reader.locate(path, problem.message))
    if problems:
        raise DesignFileError(problems)
    assert spec is not None
    return spec


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except DesignFileError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}" if mark else "file"
        what = (error.problem or "it cannot be read").rstrip(".")
        if error.context and "single document" in error.context:
            what = "it holds more than one YAML document; a design file holds one"
        raise DesignFileError([Problem(where, f"this is not valid YAML: {what}.")]) from None
    except yaml.YAMLError as error:
        raise DesignFileError([Problem("file", f"this is not valid YAML: {error}.")]) from None
    finally:
        loader.dispose()


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

    # --- shapes ---

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
            if key not in fields and not any(
                p.where.endswith(f"{path}.{key}") for p in self.problems
            ):
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


def _within(path: str, outer: str) -> bool:
    return path == outer or path.startswith((f"{outer}.", f"{outer}["))


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
