"""A client's records over their whole life: kept only as long as the practice agreed, exported
as a copy on request, and erased on request. See docs/architecture.md."""
