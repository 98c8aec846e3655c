"""Where the keys that encrypt coaching notes come from: the environment or a key file, never
the database, so that a copied database or dump alone reveals no note.

No Django import: settings.py calls `encryption_keys` before Django is configured. Run
`python -m arcwise.privacy.keys` to print a new key.

- `ARCWISE_ENCRYPTION_KEYS`: Fernet keys separated by commas, the newest first. The first
  encrypts; every one of them decrypts, so a new key goes in front and the old one stays
  until `manage.py rotate_encryption_key` has re-encrypted everything.
- `ARCWISE_ENCRYPTION_KEY_FILE`: the path of a file holding the same, one key per line
  (lines starting with # are comments).
- Neither, with DEBUG on: a development key file in var/, made on first start.
- Neither, with DEBUG off: start-up stops and says how to make a key.
"""

from __future__ import annotations

import base64
import binascii
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from arcwise.env import ConfigurationError

KEYS_VARIABLE = "ARCWISE_ENCRYPTION_KEYS"
KEY_FILE_VARIABLE = "ARCWISE_ENCRYPTION_KEY_FILE"
DEVELOPMENT_KEY_FILE = "encryption.key"
HOW_TO_MAKE_ONE = "make one with: python -m arcwise.privacy.keys"


def new_key() -> str:
    """A fresh random Fernet key (32 random bytes, URL-safe base64), as text."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_problem(key: str) -> str | None:
    """Why `key` is not a Fernet key, or None when it is. Never repeats the key itself."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return "is not URL-safe base64"
    if len(raw) != 32:
        return f"decodes to {len(raw)} bytes, not 32"
    return None


def _checked(keys: list[str], source: str) -> list[str]:
    if not keys:
        raise ConfigurationError(f"{source} holds no encryption key; {HOW_TO_MAKE_ONE}")
    for position, key in enumerate(keys, start=1):
        problem = key_problem(key)
        if problem:
            raise ConfigurationError(
                f"Key {position} in {source} {problem}, so it is no Fernet key; {HOW_TO_MAKE_ONE}"
            )
    return keys


def keys_in_file(path: Path) -> list[str]:
    """The keys a key file holds, newest first; stops start-up with a message if it cannot."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(
            f"The encryption key file {path} cannot be read: {error}"
        ) from None
    lines = [line.strip() for line in text.splitlines()]
    return _checked([line for line in lines if line and not line.startswith("#")], str(path))


def development_key_file(var_dir: Path) -> Path:
    """The development key file, made with a fresh key (readable by its owner only) the first
    time it is asked for, saying so where the person starting Arcwise will see it."""
    path = var_dir / DEVELOPMENT_KEY_FILE
    var_dir.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once (the server and the sender) make one key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(
            "# Arcwise development encryption key: it encrypts the notes in this database.\n"
            "# Keep it beside the database; without it they cannot be read.\n"
            f"{new_key()}\n"
        )
    print(
        f"Arcwise: made a development encryption key at {path}. Keep it with the database: "
        f"without it the notes in it cannot be read. In production set {KEYS_VARIABLE} or "
        f"{KEY_FILE_VARIABLE}.",
        file=sys.stderr,
    )
    return path


def encryption_keys(environ: Mapping[str, str], *, debug: bool, var_dir: Path) -> list[str]:
    """The encryption keys to use, newest first, from where this module's docstring says."""
    listed = environ.get(KEYS_VARIABLE, "").strip()
    if listed:
        return _checked([key.strip() for key in listed.split(",") if key.strip()], KEYS_VARIABLE)
    named_file = environ.get(KEY_FILE_VARIABLE, "").strip()
    if named_file:
        return keys_in_file(Path(named_file))
    if debug:
        return keys_in_file(development_key_file(var_dir))
    raise ConfigurationError(
        f"No encryption key is set. With DEBUG off Arcwise needs {KEYS_VARIABLE} (keys "
        f"separated by commas, newest first) or {KEY_FILE_VARIABLE} (a file with one key per "
        f"line); {HOW_TO_MAKE_ONE}. Keep the key outside the database and its backups."
    )


if __name__ == "__main__":
    print(new_key())
