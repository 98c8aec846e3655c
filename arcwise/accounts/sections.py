"""Sections that higher apps add to the account page, without accounts importing them.

Accounts is the lowest app (DESIGN.md), yet the account page shows the coach's calendar
feed, which nudges keeps. As with the client page's sections, an app registers a section
maker from its `AppConfig.ready()`; the page calls each maker once and includes the
template it names with the context it made, in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from arcwise.http import MemberRequest


@dataclass(frozen=True)
class AccountSection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


AccountSectionMaker = Callable[[MemberRequest], AccountSection | None]
_makers: list[AccountSectionMaker] = []


def register_account_section(maker: AccountSectionMaker) -> None:
    """Show `maker`'s section on the account page. Registering twice shows it once."""
    if maker not in _makers:
        _makers.append(maker)


def account_sections(request: MemberRequest) -> list[AccountSection]:
    """The sections registered apps add to the account page, in registration order."""
    return [section for maker in _makers if (section := maker(request)) is not None]
