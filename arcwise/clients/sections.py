"""Sections that higher apps add to the client page, without clients importing them.

Clients sits below journeys (docs/architecture.md), yet the client page lists the client's
journeys. The section makers are listed by dotted path in `wiring.CLIENT_PAGE_SECTIONS`
(arcwise/wiring.py); the client page calls each maker once and includes the template it names
with the context it made. A maker does its reads up front, in a fixed number of queries, so
the page's cost does not grow with rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from arcwise import wiring
from arcwise.accounts.http import MemberRequest
from arcwise.clients.models import Client


@dataclass(frozen=True)
class ClientSection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


# What each path in `wiring.CLIENT_PAGE_SECTIONS` must be.
SectionMaker = Callable[[MemberRequest, Client], ClientSection | None]


def client_sections(request: MemberRequest, client: Client) -> list[ClientSection]:
    """The sections the apps in `wiring.CLIENT_PAGE_SECTIONS` add to `client`'s page, in
    that order."""
    makers: tuple[SectionMaker, ...] = wiring.resolve(wiring.CLIENT_PAGE_SECTIONS)
    return [section for maker in makers if (section := maker(request, client)) is not None]
