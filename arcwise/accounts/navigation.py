"""The sections of the app in the order a coach meets them, and who sees each.

A section whose page has not been built yet has no URL name to reverse and is left out of
the navigation, so the menu never leads to an empty page; the order here is the order the
sections take as they arrive.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from arcwise.accounts.models import Role


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: frozenset[str]


COACHING = frozenset({Role.OWNER, Role.COACH})
# The practice page lists its members: everyone inside the practice, not a sponsor.
MEMBERS = frozenset({Role.OWNER, Role.COACH, Role.MENTOR})
MENTORING = frozenset({Role.MENTOR})
SPONSORING = frozenset({Role.SPONSOR})

SECTIONS = (
    Section("Sponsored journeys", "sponsors:list", SPONSORING),
    Section("Shared with me", "insights:mentor_list", MENTORING),
    Section("Caseload", "insights:caseload", COACHING),
    Section("Journeys", "journeys:list", COACHING),
    Section("Designs", "designs:list", COACHING),
    Section("Clients", "clients:list", COACHING),
    Section("Insight", "insights:practice", COACHING),
    Section("Practice", "accounts:practice", MEMBERS),
)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def sections_for(role: str, path: str) -> list[NavLink]:
    """The navigation links a member with `role` sees, marking the one `path` is inside."""
    found = []
    for section in SECTIONS:
        if role not in section.roles:
            continue
        try:
            found.append((section.label, reverse(section.url_name)))
        except NoReverseMatch:
            continue
    # One section's URL can hold another's (Insight lives under the caseload's /caseload/):
    # the longest URL the path is inside is the current one.
    inside = [url for _, url in found if path.startswith(url)]
    current = max(inside, key=len, default=None)
    return [NavLink(label, url, current=url == current) for label, url in found]


def landing_url(role: str) -> str:
    """Where a member lands after signing in: the first section their role may see."""
    links = sections_for(role, "")
    return links[0].url if links else reverse("accounts:practice")
