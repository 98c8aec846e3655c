"""The sponsor of an executive engagement sees exactly what the three-way agreement allows.
See docs/architecture.md."""
