"""The practice page's way into what insights keeps for the whole practice.

Accounts cannot link to insights' pages (it sits below), so its practice page asks here,
through `wiring.PRACTICE_PAGE_SECTIONS`: owners get the record of what mentors viewed, and
owners and coaches the momentum thresholds (mentors see neither).
"""

from __future__ import annotations

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Role
from arcwise.accounts.sections import AccountSection


def practice_links_section(request: MemberRequest) -> AccountSection | None:
    """Links to mentor views (owners) and momentum thresholds (owners and coaches)."""
    if request.membership.role == Role.MENTOR:
        return None
    return AccountSection(
        "insights/_practice_links.html", {"is_owner": request.membership.is_owner}
    )
