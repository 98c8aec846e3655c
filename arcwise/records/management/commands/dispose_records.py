"""Give the disposal notices due and dispose of the journeys whose day has come, once.

The nudge sender's loop (`run_nudges --loop`) already does this on every pass; this command
is for running a pass by hand (after changing the retention, or where no sender runs).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from arcwise.records.disposal import plan_disposals


class Command(BaseCommand):
    help = "Tell coaches of records due for disposal, and dispose of those whose day has come."

    def handle(self, *args: Any, **options: Any) -> None:
        done = plan_disposals(timezone.now())
        self.stdout.write(
            f"Disposal: {done.told} coach{'es' if done.told != 1 else ''} told, "
            f"{done.disposed} journey{'s' if done.disposed != 1 else ''} disposed of."
        )
