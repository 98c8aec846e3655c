"""Read settings from environment variables, failing loudly on malformed values.

No Django import: settings.py calls these before Django is configured.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigurationError(Exception):
    """A variable is set to something Arcwise cannot use; the message names it."""


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    """Return the variable as text, or the default when it is unset."""
    source = os.environ if environ is None else environ
    return source.get(name, default).strip()


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Return a yes/no variable; anything but a plain yes or no stops start-up."""
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    word = source[name].strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(
        f"{name}={source[name]!r} is not a yes/no value; use one of "
        f"{', '.join(sorted(TRUE_WORDS | (FALSE_WORDS - {''})))}."
    )


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    """Return a whole-number variable; anything else stops start-up."""
    raw = env_str(name, "", environ)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list, without blanks."""
    raw = env_str(name, "", environ)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]
