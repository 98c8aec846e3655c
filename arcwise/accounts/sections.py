"""Sections that higher apps add to the account and practice pages, without accounts
importing them.

Accounts is the lowest app (docs/architecture.md), yet the account page shows the coach's
calendar feed, which nudges keeps, and the practice page leads to mentor views and momentum
thresholds, which insights keeps. As with the client page's sections, the section makers are
listed by dotted path in `wiring.ACCOUNT_PAGE_SECTIONS` and `wiring.PRACTICE_PAGE_SECTIONS`
(arcwise/wiring.py); the page calls each maker once and includes the template it names with
the context it made, in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from arcwise import wiring
from arcwise.accounts.http import MemberRequest


@dataclass(frozen=True)
class AccountSection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


# What each path in `wiring.ACCOUNT_PAGE_SECTIONS` must be.
AccountSectionMaker = Callable[[MemberRequest], AccountSection | None]


def account_sections(request: MemberRequest) -> list[AccountSection]:
    """The sections the apps in `wiring.ACCOUNT_PAGE_SECTIONS` add to the account page, in
    that order."""
    return _sections(wiring.ACCOUNT_PAGE_SECTIONS, request)


def practice_sections(request: MemberRequest) -> list[AccountSection]:
    """The sections the apps in `wiring.PRACTICE_PAGE_SECTIONS` add to the practice page, in
    that order."""
    return _sections(wiring.PRACTICE_PAGE_SECTIONS, request)


def _sections(paths: tuple[str, ...], request: MemberRequest) -> list[AccountSection]:
    makers: tuple[AccountSectionMaker, ...] = wiring.resolve(paths)
    return [section for maker in makers if (section := maker(request)) is not None]
