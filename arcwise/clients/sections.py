"""Sections that higher apps add to the client page, without clients importing them.

Clients sits below journeys (DESIGN.md), yet the client page lists the client's journeys.
An app registers a section maker here from its `AppConfig.ready()`; the client page calls
each maker once and includes the template it names with the context it made. A maker does
its reads up front, in a fixed number of queries, so the page's cost does not grow with rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from arcwise.clients.models import Client
from arcwise.http import MemberRequest


@dataclass(frozen=True)
class ClientSection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


SectionMaker = Callable[[MemberRequest, Client], ClientSection | None]
_makers: list[SectionMaker] = []


def register_client_section(maker: SectionMaker) -> None:
    """Show `maker`'s section on every client page. Registering twice shows it once."""
    if maker not in _makers:
        _makers.append(maker)


def client_sections(request: MemberRequest, client: Client) -> list[ClientSection]:
    """The sections registered apps add to `client`'s page, in registration order."""
    return [section for maker in _makers if (section := maker(request, client)) is not None]
