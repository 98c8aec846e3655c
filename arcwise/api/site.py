"""The API itself: one NinjaAPI under /api/v1/, its routers, and how it refuses."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, re_path
from ninja import NinjaAPI

from arcwise.api import problems
from arcwise.api.auth import BearerToken
from arcwise.api.endpoints import (
    clients,
    designs,
    journey_outcomes,
    journey_sessions,
    journey_shared,
    journey_work,
    journeys,
    me,
)
from arcwise.api.rate import TokenRate

api = NinjaAPI(
    title="Arcwise API",
    version="1",
    description="Clients, designs and journeys of one practice, as the token's person sees "
    "them. See docs/api.md.",
    auth=BearerToken(),
    throttle=[TokenRate()],
    parser=problems.TextOnlyParser(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)

api.add_router("/me", me.router)
api.add_router("/clients", clients.router)
api.add_router("/designs", designs.router)
api.add_router("/journeys", journeys.router)
api.add_router("/journeys", journey_sessions.router)
api.add_router("/journeys", journey_work.router)
api.add_router("/journeys", journey_outcomes.router)
api.add_router("/mentoring", journey_shared.mentoring_router)
api.add_router("/sponsored", journey_shared.sponsored_router)


def api_urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns for arcwise/urls.py: ninja's, each answering a wrong method in
    the one error body, then one that answers every other path under /api/v1/ with it."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = problems.json_not_allowed(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", problems.unknown_path)], app_name, namespace
