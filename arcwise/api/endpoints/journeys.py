"""The API's journeys (docs/api.md)."""

from ninja import Router

router = Router(tags=["journeys"])
