"""What a coach promises a client about their records, enforced: encryption at rest, keys,
and the audit log of who read what. See docs/architecture.md."""
