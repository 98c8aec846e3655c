"""The API's designs (docs/api.md)."""

from ninja import Router

router = Router(tags=["designs"])
