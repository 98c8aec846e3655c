"""Who sees a design: its owner only, or every coach of the practice."""

from __future__ import annotations

from arcwise.designs.models import Design, Visibility
from arcwise.errors import DomainError


def design_set_visibility(*, design: Design, visibility: str) -> None:
    """Share the design with the practice's coaches, or keep it to its owner."""
    if visibility not in Visibility.values:
        raise DomainError("Choose who can see the design.", field="visibility")
    Design.objects.filter(pk=design.pk).update(visibility=visibility)
    design.visibility = visibility
