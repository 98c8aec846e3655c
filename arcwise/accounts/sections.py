"""Sections that higher apps add to the account page, without accounts importing them.

Accounts is the lowest app (docs/architecture.md), yet the account page shows the coach's
calendar feed, which nudges keeps. As with the client page's sections, the section makers are
listed by dotted path in `wiring.ACCOUNT_PAGE_SECTIONS` (arcwise/wiring.py); the page calls
each maker once and includes the template it names with the context it made, in a fixed
number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from arcwise import wiring
from arcwise.http import MemberRequest


@dataclass(frozen=True)
class AccountSection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


# What each path in `wiring.ACCOUNT_PAGE_SECTIONS` must be.
AccountSectionMaker = Callable[[MemberRequest], AccountSection | None]


def account_sections(request: MemberRequest) -> list[AccountSection]:
    """The sections the apps in `wiring.ACCOUNT_PAGE_SECTIONS` add to the account page, in
    that order."""
    makers: tuple[AccountSectionMaker, ...] = wiring.resolve(wiring.ACCOUNT_PAGE_SECTIONS)
    return [section for maker in makers if (section := maker(request)) is not None]
