"""Small, safe building blocks for server-made SVG. No Django import.

Every chart builds its markup through `element`, so escaping happens in one place: a plain
`str` child is always treated as text and escaped, and only a `Markup` value (which only
this module makes) is inserted as it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

AttrValue = str | int | float | None
Attrs = Mapping[str, AttrValue]

# Tag and attribute names are written into the markup unescaped, so anything that is not a
# plain XML name is refused rather than trusted.
_NAME = re.compile(r"^[A-Za-z_][-A-Za-z0-9_.]*(?::[A-Za-z_][-A-Za-z0-9_.]*)?$")
# Characters XML 1.0 cannot carry at all, even escaped; a single one makes the whole
# document unparseable, so they become U+FFFD instead.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Markup(str):
    """Text that is already SVG markup and must not be escaped again.

    String methods and `+` on a `Markup` return a plain `str`, which `element` escapes, so
    gluing markup together by hand cannot smuggle unescaped text in; use `fragment`.
    """

    __slots__ = ()

    def __html__(self) -> str:
        # Django's templates (and any Jinja-style engine) insert it as it is: a picture
        # passed to a template is drawn, never shown as its source.
        return str(self)


def escape_text(text: str) -> str:
    """`text` made safe as the character content of an element."""
    text = _NOT_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(value: str) -> str:
    """`value` made safe inside a double-quoted attribute.

    Tabs and line breaks are written as character references because a parser would
    otherwise turn them into spaces, and a tooltip should keep what was written.
    """
    return (
        escape_text(value)
        .replace('"', "&quot;")
        .replace("'", "&#39;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def number(value: float) -> str:
    """`value` written compactly: at most two decimals, no trailing zeros, never "-0"."""
    if isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} as an SVG number")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def attribute_value(value: str | int | float) -> str:
    """An attribute value as escaped text: numbers through `number`, strings escaped."""
    if isinstance(value, str):
        return escape_attr(value)
    if isinstance(value, bool):
        # True/False have no single meaning in SVG ("true", "1", present/absent).
        raise TypeError("write booleans as the string SVG expects for that attribute")
    return number(value)


def element(
    tag: str,
    attrs: Attrs | None = None,
    children: Iterable[str] | str = (),
) -> Markup:
    """One element: `<tag attr="value">children</tag>`, or self-closed without children.

    Attributes keep the order given (so output is deterministic) and an attribute whose
    value is None is left out, which keeps optional attributes a one-liner at the call.
    A child that is not `Markup` is escaped as text.
    """
    _check_name(tag)
    parts = [f"<{tag}"]
    for name, value in (attrs or {}).items():
        if value is None:
            continue
        _check_name(name)
        parts.append(f' {name}="{attribute_value(value)}"')
    inner = fragment(children) if isinstance(children, str) else fragment(*children)
    if not inner:
        parts.append("/>")
    else:
        parts.append(f">{inner}</{tag}>")
    return Markup("".join(parts))


def fragment(*children: str) -> Markup:
    """Several children side by side, as markup; plain strings among them are escaped."""
    return Markup(
        "".join(child if isinstance(child, Markup) else escape_text(child) for child in children)
    )


# Charts name the same few tags and attributes thousands of times; each is checked once.
@lru_cache(maxsize=256)
def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a valid XML name")
