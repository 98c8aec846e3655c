"""Read and write design files (YAML, `arcwise: 1`). Pure: bytes in, `DesignSpec` out.

Reading is defensive because a file may come from anywhere: size is capped before parsing;
control, bidirectional and surrogate characters are refused, typed or escaped; the node
tree is built without recursion, with caps on depth and on the number of values; anchors,
aliases and tags are refused while composing (so an alias bomb never expands); unknown
keys are errors; and every problem is reported with its line, all at once.
The format is documented in docs/design-format.md.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
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
from arcwise.text import BIDI_CONTROL_NAMES

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000

DESIGN_KEYS = ("name", "purpose", "audience", "cadence_days", "pulse_scales", "phases")
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
            # Written only when named, so a design without scales exports as it always did.
            **({"pulse_scales": list(spec.pulse_scales)} if spec.pulse_scales else {}),
            "phases": [phase_record(phase) for phase in spec.phases],
        },
    }
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2
    )


# --- Reading ---------------------------------------------------------------------------

# A design at every limit of spec.py (20 phases, 30 items in each of their lists) is about
# 7,600 values; a file with more is not a design, and stopping there bounds the work.
MAX_NODES = 10_000
# The format nests six deep (file, design, phases, a phase, its practices, a practice).
MAX_DEPTH = 10
# Past this many problems a file is not a design with mistakes; list the first ones only.
MAX_PROBLEMS = 50

# Characters a design file may not hold, typed or escaped: control characters (other than
# tab and line breaks), halves of surrogate pairs, non-characters, and the bidirectional
# controls that make text show in another order than it reads.
_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
    "\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _libyaml_parser() -> Any:
    """libyaml's event parser, when PyYAML has it: it parses a megabyte in milliseconds."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None
    return CParser


_CParser: Any = _libyaml_parser()


class _PyParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own event parser, for when libyaml is missing."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


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
    """Parse and check a design file completely; raise `DesignFileError` with every problem.

    A hostile file (control or bidirectional characters, deep nesting, too many values) is
    refused at its first such line without reading further, so no file holds the reader
    for more than a fraction of a second.
    """
    check_size(len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DesignFileError(
            [
                Problem(
                    f"line {line}",
                    f"it is not UTF-8 text (byte {error.start + 1} cannot be read).",
                )
            ]
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


def _refusal(line: int, message: str) -> DesignFileError:
    return DesignFileError([Problem(f"line {line}", message)])


def _refused_character(character: str, line: int, column: int | None = None) -> DesignFileError:
    at = f" at character {column}" if column else ""
    code = f"U+{ord(character):04X}"
    if character in BIDI_CONTROL_NAMES:
        return _refusal(
            line,
            f"an invisible {BIDI_CONTROL_NAMES[character]} ({code}){at} can make text show "
            "in a different order from how it reads; delete it.",
        )
    if "\ud800" <= character <= "\udfff":
        return _refusal(
            line,
            f"the escape for {code}{at} is half of a surrogate pair, not a character; "
            "write the character itself.",
        )
    return _refusal(
        line,
        f"the invisible control character {code}{at} cannot be in a design file; delete it.",
    )


def _refuse_characters(text: str) -> None:
    found = _REFUSED.search(text)
    if found is None:
        return
    before = text[: found.start()]
    breaks = list(_LINE_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    raise _refused_character(found.group(), len(breaks) + 1, found.start() - line_start + 1)


def _compose(text: str) -> Node | None:
    # Characters are checked on the whole text first, so that every parser sees the same
    # clean input and the message can name the line and column of the first bad one.
    _refuse_characters(text)
    parser: Any = None
    try:
        parser = _CParser(text) if _CParser is not None else _PyParser(text)
        return _CappedComposer(parser).single_document()
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
        if parser is not None:
            parser.dispose()


class _Open:
    """A list or mapping whose items are still being read; a mapping waits for its value."""

    def __init__(self, node: SequenceNode | MappingNode) -> None:
        self.node = node
        self.key: Node | None = None

    def add(self, child: Node) -> None:
        if isinstance(self.node, SequenceNode):
            self.node.value.append(child)
        elif self.key is None:
            self.key = child
        else:
            self.node.value.append((self.key, child))
            self.key = None


class _CappedComposer:
    """Builds the node tree from parser events, without recursion and within limits.

    PyYAML's own composer recurses once per level, so deep nesting ends in a
    RecursionError, and it expands aliases; this one keeps an explicit stack, stops at
    MAX_DEPTH levels and MAX_NODES values, and refuses anchors, aliases, explicit tags and
    refused characters (which an escape such as "\u202e" can produce) where they appear.
    """

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.resolver = yaml.resolver.Resolver()
        self.nodes = 0

    def single_document(self) -> Node | None:
        self.parser.get_event()  # the stream starts
        document = None
        if not self.parser.check_event(StreamEndEvent):
            start = self.parser.get_event()
            document = self.node()
            self.parser.get_event()  # the document ends
            if not self.parser.check_event(StreamEndEvent):
                another = self.parser.get_event()
                raise ComposerError(
                    "expected a single document in the stream",
                    start.start_mark,
                    "but found another document",
                    another.start_mark,
                )
        self.parser.get_event()  # the stream ends
        return document

    def node(self) -> Node:
        stack: list[_Open] = []
        while True:
            event = self.parser.get_event()
            if isinstance(event, CollectionEndEvent):
                finished = stack.pop()
                finished.node.end_mark = event.end_mark
                if not stack:
                    return finished.node
                continue
            node = self.start(event, depth=len(stack))
            if stack:
                stack[-1].add(node)
            if isinstance(node, SequenceNode | MappingNode):
                stack.append(_Open(node))
            elif not stack:
                return node

    def start(self, event: Any, *, depth: int) -> Node:
        # libyaml's marks are its own type, with the same line and column as PyYAML's.
        start_mark: Any = event.start_mark
        end_mark: Any = event.end_mark
        line = start_mark.line + 1
        if isinstance(event, AliasEvent):
            raise _refusal(line, "aliases (*name) are not allowed in a design file.")
        if not isinstance(event, ScalarEvent | CollectionStartEvent):
            raise _refusal(line, "this is not valid YAML.")
        if event.anchor is not None:
            raise _refusal(line, "anchors (&name) are not allowed in a design file.")
        if event.tag not in (None, "!"):
            raise _refusal(line, f"tags such as {event.tag} are not allowed.")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _refusal(
                line,
                f"the file holds more than {MAX_NODES:,} values, far more than a design "
                "can; it is not a design file.",
            )
        if isinstance(event, ScalarEvent):
            found = _REFUSED.search(event.value)
            if found is not None:
                raise _refused_character(found.group(), line)
            tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
            return ScalarNode(tag, event.value, start_mark, end_mark, event.style)
        if depth >= MAX_DEPTH:
            raise _refusal(
                line,
                f"lists and mappings are nested more than {MAX_DEPTH} deep here; "
                "a design file needs six.",
            )
        kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
        tag = self.resolver.resolve(kind, None, event.implicit)
        return kind(tag, [], start_mark, None, event.flow_style)


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
