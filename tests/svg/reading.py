"""Reading our own SVG output in tests: parse it, find elements by class, read numbers/text."""

from __future__ import annotations

import re
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


def ids_in(root: ET.Element) -> set[str]:
    return {node.get("id") or "" for node in root.iter() if node.get("id")}


def references_in(root: ET.Element) -> list[str]:
    """Every id the picture points at: aria-labelledby/-describedby (space-separated
    lists) and url(#…) in any attribute (fill, stroke, clip-path, mask, marker…)."""
    found: list[str] = []
    for node in root.iter():
        for name in ("aria-labelledby", "aria-describedby"):
            found += (node.get(name) or "").split()
        for value in node.attrib.values():
            found += re.findall(r"url\(#([^)]*)\)", value)
        href = node.get("href") or node.get("{http://www.w3.org/1999/xlink}href") or ""
        if href.startswith("#"):
            found.append(href[1:])
    return found


def named_and_described(root: ET.Element) -> bool:
    """The picture is named by its own <title> and described by its own <desc>."""
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    return (
        title is not None
        and desc is not None
        and root.get("aria-labelledby") == title.get("id")
        and root.get("aria-describedby") == desc.get("id")
    )
