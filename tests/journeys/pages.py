"""What journey view tests send and read: URLs, the agreement form, the plan page's fields."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from arcwise.designs.models import DesignVersion
from arcwise.journeys.models import Journey
from tests.conftest import Cast


def journey_url(name: str, journey: Journey, **kwargs: Any) -> str:
    return reverse(f"journeys:{name}", kwargs={"journey_id": journey.public_id, **kwargs})


def agreement(cast: Cast, version: DesignVersion, **changes: str) -> dict[str, str]:
    """The agreement form as a coach fills it for the cast's client, changed by `changes`."""
    data = {
        "client": str(cast.client.public_id),
        "design_version": str(version.pk),
        "goals": "To stop rescuing my team.",
        "start_date": "2026-09-07",  # a Monday
        "cadence_days": "14",
        "session_time": "09:30",
        "session_minutes": "60",
        "planned_end": "",
        "confidentiality": "Between us.",
        "fee_basis": "paid",
    }
    data.update(changes)
    return data


def page_fields(page: str) -> dict[str, str]:
    """Everything the plan page would send back, read from the page as a browser would."""
    fields = dict(re.findall(r'<input [^>]*name="([^"]+)" value="([^"]*)"', page))
    fields.pop("csrfmiddlewaretoken", None)
    return fields
