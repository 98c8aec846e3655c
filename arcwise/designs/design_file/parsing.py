"""From the bytes of a design file to a YAML node tree, refusing hostile input on the way.

A file may come from anywhere: size is capped before parsing; control, bidirectional and
surrogate characters are refused, typed or escaped; the node tree is built without
recursion, with caps on depth and on the number of values; and anchors, aliases and tags
are refused while composing, so an alias bomb never expands.
"""

from __future__ import annotations

import re
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

from arcwise.designs.design_file.format import MAX_FILE_BYTES, DesignFileError
from arcwise.designs.spec import Problem
from arcwise.text import BIDI_CONTROL_NAMES

# A design at every limit of spec.py (20 phases, 30 items in each of their lists) is about
# 7,600 values; a file with more is not a design, and stopping there bounds the work.
MAX_NODES = 10_000
# The format nests six deep (file, design, phases, a phase, its practices, a practice).
MAX_DEPTH = 10

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


def parse(data: bytes) -> Node | None:
    """The YAML node tree of a design file, or `DesignFileError` at the first hostile line.

    Nothing here knows what a design is: that is `reading`'s work, on a tree that is known
    to be small, shallow and free of aliases.
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
    return _compose(text)


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
