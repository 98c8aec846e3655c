"""The API's clients (docs/api.md)."""

from ninja import Router

router = Router(tags=["clients"])
