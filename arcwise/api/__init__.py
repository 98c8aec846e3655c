"""The JSON API under /api/v1/: personal access tokens, and the same reads and writes the
pages offer, each scoped to what the token's person may see (docs/api.md)."""
