"""Reading our own SVG output in tests: parse it, find elements by class, read numbers/text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    # Only our own output is parsed here, so the XML-attack warning does not apply.
    return ET.fromstring(markup)  # noqa: S314


def of_class(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [node for node in root.iter(f"{SVG}{tag}") if name in (node.get("class") or "").split()]


def num(node: ET.Element, attribute: str) -> float:
    value = node.get(attribute)
    assert value is not None, f"{node.tag} has no {attribute}"
    return float(value)


def text_of(node: ET.Element) -> str:
    return "".join(node.itertext())


def words_of(node: ET.Element) -> str:
    """All text under `node` with whitespace normalised, separate texts kept apart."""
    return " ".join(" ".join(node.itertext()).split())
