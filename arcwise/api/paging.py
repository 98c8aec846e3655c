"""How every API list is cut into pages (docs/api.md): `?limit=` (1 to 100, 50 unless
asked) and `?offset=`, answered as {"items": [...], "count": N}, N being every row the list
holds for this token. Use it as `@paginate(Pages)` on every list operation."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

PAGE_DEFAULT = 50
PAGE_LIMIT = 100
# No practice holds a million rows of anything; a larger offset is a typing slip, and
# bounding it keeps the SQL's OFFSET inside what every database accepts.
OFFSET_LIMIT = 1_000_000


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(PAGE_DEFAULT, ge=1, le=PAGE_LIMIT)
        offset: int = Field(0, ge=0, le=OFFSET_LIMIT)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=PAGE_LIMIT, **kwargs)
