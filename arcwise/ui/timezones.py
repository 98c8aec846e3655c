"""The time zones a person can choose from, as form choices."""

from __future__ import annotations

import zoneinfo
from functools import cache


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        # Legacy aliases such as "EST5EDT" or "Etc/GMT+3" confuse more than they help.
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def is_known_time_zone(name: str) -> bool:
    return name in dict(time_zone_choices())
